import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Types a date, time or month into one of the app's date fields (src/web/components/DateField.tsx) as a
 * person would: ISO text (`2026-12-07`, `09:30`, `2026-12`), which the field takes as well as its own
 * `2026年12月7日`, then leaves the field so the choice is kept. The field shows it in the app's language
 * once its calendar has closed, which this waits for.
 */
export async function fillDate(field: Locator, text: string): Promise<void> {
  await field.fill(text);
  await field.blur();
  const open = field.page().locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
  await expect.poll(() => open.count()).toBe(0);
}
