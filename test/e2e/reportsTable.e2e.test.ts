import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserRig,
  expectNoSeriousA11yViolations,
  postAsPage,
  RESULTS_DIR,
  signIn,
  startBrowserRig,
} from '../support/browser';

/** Monday of last week, 10:00 China time, plus `days`: a time inside last week, whatever today is. */
function lastWeekAt(days: number): Date {
  const chinaNow = new Date(Date.now() + 8 * 3_600_000);
  const today = new Date(`${chinaNow.toISOString().slice(0, 10)}T02:00:00Z`); // 10:00 in China
  const weekday = (today.getUTCDay() + 6) % 7;
  return new Date(today.getTime() - (weekday + 7 - days) * 86_400_000);
}

let rig: BrowserRig;
/** The server's clock: last week while the reports are recorded, then now. */
let offsetMs = 0;
const clock = () => new Date(Date.now() - offsetMs);

async function householdsOf(page: Page, buildingNumber: string): Promise<string[]> {
  const buildings = (await (await page.request.get(`${rig.url}/api/v1/buildings`)).json()) as {
    items: { id: string; number: string }[];
  };
  const building = buildings.items.find((b) => b.number === buildingNumber);
  if (!building) throw new Error(`no building ${buildingNumber}`);
  const list = (await (
    await page.request.get(`${rig.url}/api/v1/households?buildingId=${building.id}&limit=10`)
  ).json()) as { items: { id: string }[] };
  return list.items.map((h) => h.id);
}

/** Clicks a choice in the open drop-down (antd's own option list, not its hidden accessible copy). */
async function pick(page: Page, label: string) {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .click();
}

describe('the reports table at a desk', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('reports-table', { clock });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('the worker finds last week’s overdue repairs of building 3, acknowledges three at once and exports the table', async () => {
    const context = await rig.newContext(1440, 900);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // Last week: four repairs in building 3, a sanitation report there, a repair in building 2.
      offsetMs = Date.now() - lastWeekAt(2).getTime();
      await signIn(page, rig.url, 'worker');
      const [three, two] = [await householdsOf(page, '3'), await householdsOf(page, '2')];
      const record = (householdId: string, category: string, description: string) =>
        postAsPage(page, rig.url, '/api/v1/reports', { householdId, category, description });
      for (const [i, household] of three.slice(0, 4).entries()) {
        await record(household, 'repairs', `e2e 3号楼维修 ${i + 1}：楼道灯不亮`);
      }
      await record(three[0] as string, 'sanitation', 'e2e 3号楼 垃圾堆在楼道');
      await record(two[0] as string, 'repairs', 'e2e 2号楼维修：水管漏水');

      // Today: the acknowledgement windows have long passed.
      offsetMs = 0;
      await signIn(page, rig.url, 'worker');
      await page.goto(`${rig.url}/reports`);
      await page.getByTestId('reports-desk').waitFor();
      const table = page.getByTestId('reports-table');

      await page.getByTestId('filter-category').click();
      await pick(page, '维修');
      await page.keyboard.press('Escape');
      await page.getByTestId('filter-building').click();
      await pick(page, '3号楼');
      await page.getByTestId('filter-overdue').click();
      await page.getByTestId('filter-last-week').click();
      await expect.poll(() => page.getByTestId('desk-table-total').textContent()).toBe('共 4 条');
      await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(4);
      expect(await table.textContent()).not.toContain('2号楼维修');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'reports-table-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the reports table at a desk');

      const boxes = table.locator('tbody tr.ant-table-row .ant-checkbox-input');
      for (const i of [0, 1, 2]) await boxes.nth(i).check();
      await page.getByTestId('bulk-bar').getByText('已选 3 条').waitFor();
      await page.getByTestId('bulk-acknowledge').click();
      const result = page.getByTestId('bulk-result');
      await result.waitFor();
      expect(await result.textContent()).toContain('办好了 3 条');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'reports-table-bulk-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the summary of a bulk acknowledgement');
      await page.getByRole('button', { name: '知道了' }).click();

      // Acknowledged, three are no longer overdue: the table shows the one left.
      await expect.poll(() => page.getByTestId('desk-table-total').textContent()).toBe('共 1 条');
      const shown = (await table.locator('tbody tr.ant-table-row').allTextContents()).join('\n');
      // She has no use for who recorded each: the column goes, from the table and from the export.
      await page.getByRole('button', { name: '显示哪些列' }).click();
      await page.getByTestId('desk-table-columns').getByRole('checkbox', { name: '记录人' }).uncheck();
      await page.keyboard.press('Escape');
      await expect.poll(() => table.locator('thead').textContent()).not.toContain('记录人');

      const download = page.waitForEvent('download');
      await page.getByTestId('desk-table-export').click();
      const file = path.join(RESULTS_DIR, 'reports-table.xlsx');
      await (await download).saveAs(file);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file);
      const sheet = book.worksheets[0] as ExcelJS.Worksheet;
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual(['记录时间', '类别', '紧急程度', '状态', '地点', '内容', '负责人', '反馈期限']);
      expect(sheet.rowCount).toBe(2);
      const row = (sheet.getRow(2).values as unknown[]).slice(1);
      expect(row[1]).toBe('维修');
      expect(row[3]).toBe('新报');
      expect(shown).toContain(String(row[5]));
      expect(String(row[5])).toMatch(/^e2e 3号楼维修/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the same page on a phone keeps its cards', async () => {
    const context = await rig.newContext(390, 844);
    try {
      const page = await context.newPage();
      await signIn(page, rig.url, 'worker');
      await page.goto(`${rig.url}/reports`);
      await page.getByRole('tab', { name: '未办结' }).waitFor();
      expect(await page.getByTestId('reports-desk').count()).toBe(0);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'reports-table-390.png'), fullPage: true });
      await expectNoSeriousA11yViolations(page, 'the reports page on a phone');
    } finally {
      await context.close();
    }
  });
});
