import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserRig,
  expectNoSeriousA11yViolations,
  noSidewaysScroll,
  postAsPage,
  RESULTS_DIR,
  signIn,
  startBrowserRig,
} from '../support/browser';

let rig: BrowserRig;

/** Clicks a choice in the open drop-down (antd's own option list, not its hidden accessible copy). */
async function pick(page: Page, label: string) {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .click();
}

const PLANS = 26;

describe('the care tables at a desk (1440×900) and the care page on a phone (390×844)', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('care-tables');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a worker filters, sorts and pages the care plans, exports them and reads the file back', async () => {
    const context = await rig.newContext(1440, 900);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signIn(page, rig.url, 'worker');

      // Care plans for residents across the estate, every third one high risk; an errand and a key.
      const residents = (
        (await (await page.request.get(`${rig.url}/api/v1/residents?limit=200&ageBand=60-79`)).json()) as {
          items: { id: string }[];
        }
      ).items;
      expect(residents.length).toBeGreaterThanOrEqual(PLANS * 2);
      for (let i = 0; i < PLANS; i++) {
        await postAsPage(page, rig.url, '/api/v1/care/plans', {
          residentId: residents[i * 2]?.id,
          risk: i % 3 === 0 ? 'high' : 'normal',
        });
      }
      const high = Math.ceil(PLANS / 3);
      const errandIds: string[] = [];
      for (const [i, title] of ['交养老院护理费', '取降压药', '交电费'].entries()) {
        const errand = await postAsPage<{ id: string }>(page, rig.url, '/api/v1/care/errands', {
          residentId: residents[i * 2]?.id,
          kind: i === 1 ? 'collect_medicine' : 'pay_fee',
          title,
          schedule: { kind: 'monthly', day: 5 },
          startsOn: '2026-01-01',
          doer: { name: '王邻居', phone: '13800001111' },
        });
        errandIds.push(errand.id);
      }
      await postAsPage(page, rig.url, '/api/v1/care/keys', {
        residentId: residents[2]?.id,
        holder: { name: '王邻居', phone: '13800001111' },
        heldSince: '2026-02-01',
        consent: { date: '2026-02-01', form: 'written' },
      });

      await page.getByTestId('desk-menu').getByRole('link', { name: '照护' }).click();
      await page.waitForURL(`${rig.url}/care`);
      const table = page.getByTestId('care-plans-table');
      const rows = table.locator('tbody tr.ant-table-row');
      await rows.first().waitFor();
      const count = async () =>
        Number(((await table.getByTestId('desk-table-total').textContent()) ?? '').replace(/\D/g, ''));
      expect(await count()).toBe(PLANS);
      expect(await rows.count()).toBe(20);
      await expectNoSeriousA11yViolations(page, 'the care plans table');

      // Page 2 holds the other six.
      await table.getByRole('listitem', { name: '2' }).click();
      await expect.poll(() => rows.count()).toBe(PLANS - 20);

      // The high-risk ones, by name.
      await table.getByTestId('filter-risk').click();
      await pick(page, '重点关照');
      await expect.poll(count).toBe(high);
      await expect.poll(() => rows.count()).toBe(high);
      expect((await rows.allTextContents()).every((text) => text.includes('重点关照'))).toBe(true);
      await table.locator('th', { hasText: '姓名' }).click();
      const byName = (
        (await (
          await page.request.get(`${rig.url}/api/v1/care/plans?risk=high&sort=name&limit=20`)
        ).json()) as { items: { residentName: string }[] }
      ).items.map((p) => p.residentName);
      const firstCells = async () =>
        (await rows.locator('td:first-child').allTextContents()).map((s) => s.trim());
      await expect.poll(firstCells).toEqual(byName);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'care-plans-table-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the care plans table filtered and sorted');

      // Arrows move between rows, Enter opens the household.
      await rows.first().focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/households\/[0-9a-f-]{36}$/);
      await page.goBack();
      await rows.first().waitFor();
      // The filter and sort were kept for this person.
      await expect.poll(count).toBe(high);
      await expect.poll(firstCells).toEqual(byName);

      // The export is what the table shows: its columns, its rows, in its order.
      const header = (await table.locator('thead th').allTextContents()).map((s) => s.trim()).filter(Boolean);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        table.getByTestId('desk-table-export').click(),
      ]);
      const file = path.join(RESULTS_DIR, 'care-plans.xlsx');
      await download.saveAs(file);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file);
      const sheet = book.worksheets[0] as ExcelJS.Worksheet;
      expect(sheet.name).toBe('照护计划');
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(header);
      expect(header.slice(0, 3)).toEqual(['姓名', '门牌', '关照程度']);
      expect(sheet.rowCount - 1).toBe(high);
      const names: string[] = [];
      for (let r = 2; r <= sheet.rowCount; r++) names.push(String(sheet.getRow(r).getCell(1).value));
      expect(names).toEqual(byName);
      for (let r = 2; r <= sheet.rowCount; r++) expect(sheet.getRow(r).getCell(3).value).toBe('重点关照');

      // The other care tables: check-ins, errands and keys, each clean for axe.
      for (const [tab, testId, expected] of [
        ['每日报平安', 'care-checkins-table', 0],
        ['代办代缴', 'care-errands-table', 3],
        ['钥匙托管', 'care-keys-table', 1],
      ] as const) {
        await page.getByRole('tab', { name: tab }).click();
        const other = page.getByTestId(testId);
        await other.waitFor();
        await expect
          .poll(async () =>
            Number(((await other.getByTestId('desk-table-total').textContent()) ?? '').replace(/\D/g, '')),
          )
          .toBe(expected);
        if (expected > 0) await other.locator('tbody tr.ant-table-row').first().waitFor();
        // Nothing still loading (antd dims the table while it fetches).
        await expect.poll(() => other.locator('.ant-spin-spinning').count()).toBe(0);
        await expectNoSeriousA11yViolations(page, `the ${tab} table`);
        if (tab !== '代办代缴') continue;
        // Two errands done on the round: picked in the table and marked at once, each once.
        const boxes = other.locator('tbody tr.ant-table-row .ant-checkbox-input');
        for (const i of [0, 1]) await boxes.nth(i).check();
        await other.getByTestId('errands-bulk-bar').getByText('已选 2 件').waitFor();
        await other.getByTestId('errands-mark-done').click();
        const result = page.getByTestId('errands-bulk-result');
        await result.waitFor();
        expect(await result.textContent()).toContain('办好了 2 件');
        await page.screenshot({ path: path.join(RESULTS_DIR, 'care-errands-bulk-1440.png') });
        await expectNoSeriousA11yViolations(page, 'the summary of errands marked done');
        await page.getByRole('button', { name: '知道了' }).click();
        const doneCounts = await Promise.all(
          errandIds.map(
            async (id) =>
              (
                (await (await page.request.get(`${rig.url}/api/v1/care/errands/${id}`)).json()) as {
                  done: unknown[];
                }
              ).done.length,
          ),
        );
        expect(doneCounts.sort()).toEqual([0, 1, 1]);
      }
      await page.screenshot({ path: path.join(RESULTS_DIR, 'care-keys-table-1440.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the subdistrict opens 照护 from its menu and reads the plans and check-ins of its communities', async () => {
    const context = await rig.newContext(1440, 900);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signIn(page, rig.url, 'subdistrict');
      await page.getByTestId('desk-menu').getByRole('link', { name: '照护' }).click();
      await page.waitForURL(`${rig.url}/care`);
      const table = page.getByTestId('care-plans-table');
      await table.locator('tbody tr.ant-table-row').first().waitFor();
      // The plans the worker made above, in one of the subdistrict's communities.
      expect(await table.getByTestId('desk-table-total').textContent()).toBe(`共 ${PLANS} 条`);
      expect(await table.getByTestId('desk-table-export').isVisible()).toBe(true);
      // Keys and errands are for those who handle them: no tab the subdistrict could not open.
      const tabs = (await page.getByRole('tab').allTextContents()).map((s) => s.trim());
      expect(tabs).toEqual(['照护计划', '每日报平安', '提醒和重大事件']);
      await page.getByRole('tab', { name: '每日报平安' }).click();
      await page.getByTestId('care-checkins-table').waitFor();
      await expectNoSeriousA11yViolations(page, 'the check-ins table for the subdistrict');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'care-subdistrict-1440.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the care page on a phone keeps its single column: no tables, the visit rate and events as before', async () => {
    const context = await rig.newContext(390, 844);
    try {
      const page = await context.newPage();
      await signIn(page, rig.url, 'worker');
      await page.goto(`${rig.url}/care`);
      await page.getByTestId('visit-rate').waitFor();
      expect(await page.locator('.linli-back').first().isVisible()).toBe(true);
      expect(await page.getByTestId('care-plans-table').count()).toBe(0);
      expect(await page.getByRole('tab').count()).toBe(0);
      await noSidewaysScroll(page, 'the care page on a phone');
      await expectNoSeriousA11yViolations(page, 'the care page on a phone');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'care-page-390.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
