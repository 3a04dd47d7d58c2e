import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserRig,
  expectNoSeriousA11yViolations,
  noSidewaysScroll,
  RESULTS_DIR,
  signIn,
  startBrowserRig,
} from '../support/browser';

let rig: BrowserRig;

/** The counts at the top of 今日一览, as the page shows them. */
async function countsShown(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>('[data-testid$="-value"][data-testid^="today-count-"]')].map(
        (el) => [
          (el.dataset.testid ?? '').replace(/^today-count-/, '').replace(/-value$/, ''),
          Number(el.textContent),
        ],
      ),
    ),
  );
}

/** 今日一览 on the demo with three months of history: what the server counts is what the page shows. */
describe('the committee desk (今日一览)', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('desk', { historyMonths: 3 });
  });
  afterAll(async () => {
    await rig?.close();
  });

  for (const [width, height, layout] of [
    [1440, 900, 'desk'],
    [390, 844, 'phone'],
  ] as const) {
    it(`shows the counts, then the items most urgent first, each one click from its page (${width}×${height})`, async () => {
      const page = await (await rig.newContext(width, height)).newPage();
      try {
        await signIn(page, rig.url, 'committee');
        await page.getByTestId('today-desk').waitFor();
        await page.getByTestId('today-updated').waitFor();
        const api = (await (await page.request.get(`${rig.url}/api/v1/dashboard/today`)).json()) as {
          counts: Record<string, number | null>;
          items: { kind: string; title: string; overdue: boolean; link: string }[];
        };
        // The lived history leaves something on the desk.
        expect(api.items.length).toBeGreaterThan(0);
        const shown = await countsShown(page);
        for (const [key, value] of Object.entries(api.counts)) {
          if (key === 'reportsByTier' || value === null) continue;
          expect(shown[key], key).toBe(value);
        }
        const items = page.getByTestId('today-item');
        await items.first().waitFor();
        expect(await items.count()).toBe(Math.min(api.items.length, 12));
        expect(await items.first().textContent()).toContain(api.items[0]?.title);
        if (api.items[0]?.overdue) expect(await items.first().textContent()).toContain('已超时');

        // At desk width the list and the live feed stand side by side; on a phone, one above the other.
        const list = await page.getByTestId('today-items').boundingBox();
        const aside = await page.getByTestId('today-aside').boundingBox();
        expect(list && aside).toBeTruthy();
        if (layout === 'desk') {
          expect(aside?.x ?? 0).toBeGreaterThan((list?.x ?? 0) + (list?.width ?? 0) - 1);
          expect(Math.abs((aside?.y ?? 0) - (list?.y ?? 0))).toBeLessThan(120);
        } else {
          expect(aside?.y ?? 0).toBeGreaterThan((list?.y ?? 0) + (list?.height ?? 0) - 1);
          await noSidewaysScroll(page, 'the committee desk');
        }
        await page.getByTestId('live-feed').waitFor();
        await expectNoSeriousA11yViolations(page, `the committee desk at ${width}×${height}`);
        await page.screenshot({ path: path.join(RESULTS_DIR, `desk-today-${width}x${height}.png`) });
        await page.screenshot({
          path: path.join(RESULTS_DIR, `desk-today-${width}x${height}-full.png`),
          fullPage: true,
        });

        // One click to where the first item is handled.
        const first = api.items[0];
        if (first && !first.link.startsWith('/#')) {
          await items.first().getByTestId('today-item-link').click();
          await page.waitForURL(`${rig.url}${first.link}`);
        }
      } finally {
        await page.context().close();
      }
    });
  }

  it('keeps itself current from the live feed: a new report shows without reloading', async () => {
    const page = await (await rig.newContext(1440, 900)).newPage();
    try {
      await signIn(page, rig.url, 'committee');
      await page.getByTestId('today-updated').waitFor();
      const before = Number(await page.getByTestId('today-count-reportsNearDeadline-value').textContent());
      const household = (
        (await (await page.request.get(`${rig.url}/api/v1/households?limit=1`)).json()) as {
          items: { id: string }[];
        }
      ).items[0]?.id;
      const me = (await (await page.request.get(`${rig.url}/api/v1/auth/me`)).json()) as {
        csrfToken: string;
      };
      const created = await page.request.post(`${rig.url}/api/v1/reports`, {
        data: {
          householdId: household,
          description: '楼道灯坏了，晚上看不见',
          category: 'repairs',
          urgency: 'utilities',
        },
        headers: { 'x-csrf-token': me.csrfToken },
      });
      expect(created.status(), await created.text()).toBe(200);
      await expect
        .poll(
          async () => Number(await page.getByTestId('today-count-reportsNearDeadline-value').textContent()),
          {
            timeout: 15_000,
          },
        )
        .toBe(before + 1);
      await page.getByText('楼道灯坏了', { exact: false }).first().waitFor();
    } finally {
      await page.context().close();
    }
  });
});
