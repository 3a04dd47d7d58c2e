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

let rig: BrowserRig;
/** A page reloaded on a machine shared with other builds may take seconds to answer. */
const WAIT = { timeout: 20_000 };

interface Household {
  id: string;
  address: { label: string };
  members: { id: string; name: string }[];
}

/** Households of the demo community with someone living there, as many as asked. */
async function householdsWithMembers(page: Page, count: number): Promise<Household[]> {
  const list = (await (await page.request.get(`${rig.url}/api/v1/households?limit=200`)).json()) as {
    items: { id: string }[];
  };
  const out: Household[] = [];
  for (const item of list.items) {
    const h = (await (await page.request.get(`${rig.url}/api/v1/households/${item.id}`)).json()) as Household;
    if (h.members.length > 0) out.push(h);
    if (out.length === count) return out;
  }
  throw new Error(`the demo community has fewer than ${count} households with members`);
}

/** Clicks a choice in the open drop-down (antd's own option list, not its hidden accessible copy). */
async function pick(page: Page, label: string) {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .click();
}

const ALL_IN = [{ key: 'hukou', label: '户口本', received: true }];
const MISSING = [
  { key: 'hukou', label: '户口本', received: true },
  { key: 'income', label: '收入证明', received: false },
];

describe('the welfare tables at a desk', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('welfare-tables');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('the worker filters, sorts and pages the applications, opens one from the keyboard and exports the table', async () => {
    const context = await rig.newContext(1440, 900);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signIn(page, rig.url, 'worker');
      // 24 applications for dibao: three still missing the income certificate.
      const households = await householdsWithMembers(page, 24);
      for (const [i, h] of households.entries()) {
        await postAsPage(page, rig.url, '/api/v1/welfare/applications', {
          householdId: h.id,
          applicantResidentId: h.members[0]?.id,
          policyId: 'dibao',
          documents: i % 8 === 3 ? MISSING : ALL_IN,
        });
      }
      const missing = households.filter((_, i) => i % 8 === 3);

      const deskScripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') deskScripts.push(r.url());
      });
      await page.goto(`${rig.url}/welfare`);
      await page.getByTestId('welfare-desk').waitFor();
      expect(deskScripts.some((u) => u.includes('WelfareDeskTables'))).toBe(true);
      await page.getByRole('tab', { name: '申请' }).click();
      const table = page.getByTestId('welfare-applications-table');
      const total = table.getByTestId('desk-table-total');
      const rows = table.locator('tbody tr.ant-table-row');
      await expect.poll(() => total.textContent(), WAIT).toBe('共 24 条');
      await expect.poll(() => rows.count(), WAIT).toBe(20);
      expect(page.url()).toContain('tab=applications');

      // Sorted by address: the first row is the lowest address; the second page holds the last four.
      await table.getByRole('columnheader', { name: '门牌' }).click();
      const labels = households.map((h) => h.address.label);
      const api = (await (
        await page.request.get(`${rig.url}/api/v1/welfare/tables/applications?sort=address&limit=100`)
      ).json()) as { items: { household: { address: { label: string } } }[] };
      const sorted = api.items.map((a) => a.household.address.label);
      expect(new Set(sorted)).toEqual(new Set(labels));
      await expect.poll(() => rows.first().locator('td').nth(2).textContent(), WAIT).toBe(sorted[0]);
      await table.locator('.ant-pagination-item-2').click();
      await expect.poll(() => rows.count(), WAIT).toBe(4);
      expect(await rows.last().locator('td').nth(2).textContent()).toBe(sorted[23]);
      expect(await total.textContent()).toBe('共 24 条');

      // Only those still missing a document: the three, back on the first page.
      await page.getByTestId('filter-missing').click();
      await pick(page, '还缺材料');
      await expect.poll(() => total.textContent(), WAIT).toBe('共 3 条');
      await expect.poll(() => rows.count(), WAIT).toBe(3);
      const shownAddresses = await rows.evaluateAll((trs) =>
        trs.map((tr) => tr.querySelectorAll('td')[2]?.textContent ?? ''),
      );
      expect(new Set(shownAddresses)).toEqual(new Set(missing.map((h) => h.address.label)));
      expect(await table.textContent()).toContain('收入证明');
      // One column hidden: the export leaves it out too.
      await table.getByRole('button', { name: '显示哪些列' }).click();
      await page.getByTestId('desk-table-columns').getByRole('checkbox', { name: '政策' }).uncheck();
      await page.keyboard.press('Escape');
      await expect.poll(() => table.getByRole('columnheader', { name: '政策' }).count(), WAIT).toBe(0);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'welfare-tables-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the welfare applications table at a desk');

      const download = page.waitForEvent('download');
      await table.getByTestId('desk-table-export').click();
      const file = path.join(RESULTS_DIR, 'welfare-applications.xlsx');
      await (await download).saveAs(file);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file);
      const sheet = book.worksheets[0] as ExcelJS.Worksheet;
      expect(sheet.name).toBe('申请');
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
        '申请时间',
        '申请人',
        '门牌',
        '进度',
        '认定结果',
        '每月金额（元）',
        '缺的材料',
      ]);
      expect(sheet.rowCount).toBe(4);
      const exported = [2, 3, 4].map((n) => (sheet.getRow(n).values as unknown[]).slice(1));
      expect(exported.map((r) => r[2])).toEqual(shownAddresses);
      expect(exported.every((r) => r[3] === '已受理，待审核' && r[6] === '收入证明')).toBe(true);

      // Arrows and Enter: the second row opens that household's welfare page.
      await rows.first().focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/households\/[^/]+\/welfare$/);
      const opened = missing.find((h) => page.url().includes(h.id));
      expect(opened?.address.label).toBe(shownAddresses[1]);

      // The filters are kept for this person: back on the tab, still the three.
      await page.goto(`${rig.url}/welfare?tab=applications`);
      await expect.poll(() => page.getByTestId('desk-table-total').textContent(), WAIT).toBe('共 3 条');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the emergency aid ledger and the notices are tables too', async () => {
    const context = await rig.newContext(1440, 900);
    try {
      const page = await context.newPage();
      await signIn(page, rig.url, 'worker');
      const [h] = await householdsWithMembers(page, 1);
      await postAsPage(page, rig.url, '/api/v1/welfare/emergency-grants', {
        householdId: h?.id,
        hardship: 'accident',
        amountFen: 80_000,
        reason: '家中失火，急需安顿',
      });
      await page.goto(`${rig.url}/welfare?tab=grants`);
      const grants = page.getByTestId('welfare-grants-table');
      await expect.poll(() => grants.getByTestId('desk-table-total').textContent(), WAIT).toBe('共 1 条');
      expect(await page.getByTestId('welfare-grants-sum').textContent()).toBe('筛出的救助合计 ¥800.00');
      expect(await grants.locator('tbody').textContent()).toContain('家中失火');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'welfare-grants-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the emergency aid ledger at a desk');
      // The decisions kept with the applications filed above, the latest first, one outcome at a time.
      await page.getByRole('tab', { name: '认定结果' }).click();
      const decisions = page.getByTestId('welfare-decisions-table');
      await decisions.locator('tbody tr.ant-table-row').first().waitFor();
      const all = Number(
        ((await decisions.getByTestId('desk-table-total').textContent()) ?? '').replace(/\D/g, ''),
      );
      expect(all).toBeGreaterThan(0);
      await page.getByTestId('filter-outcome').click();
      await pick(page, '还缺材料');
      await expect
        .poll(
          async () => (await decisions.locator('tbody tr.ant-table-row').allTextContents()).join('|'),
          WAIT,
        )
        .toMatch(/还缺材料/);
      const outcomes = await decisions.locator('tbody tr.ant-table-row').allTextContents();
      expect(outcomes.every((row) => row.includes('还缺材料'))).toBe(true);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'welfare-decisions-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the decisions table at a desk');
      await page.getByRole('tab', { name: '公示' }).click();
      await page.getByTestId('welfare-notices-table').waitFor();
      await expect
        .poll(
          () => page.getByTestId('welfare-notices-table').getByTestId('desk-table-total').textContent(),
          WAIT,
        )
        .toBe('共 0 条');
      await expectNoSeriousA11yViolations(page, 'the notices table at a desk');
    } finally {
      await context.close();
    }
  });

  it('the same page on a phone keeps its single column', async () => {
    const context = await rig.newContext(390, 844);
    try {
      const page = await context.newPage();
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(r.url());
      });
      await signIn(page, rig.url, 'worker');
      await page.goto(`${rig.url}/welfare?tab=applications`);
      await page.getByTestId('welfare-applications').waitFor();
      expect(await page.getByTestId('welfare-desk').count()).toBe(0);
      expect(await page.locator('.ant-table').count()).toBe(0);
      expect(await page.getByRole('link', { name: /回到首页/ }).count()).toBe(1);
      // The office's tables are a chunk of their own that a phone never fetches.
      expect(scripts.filter((u) => u.includes('WelfareDeskTables'))).toEqual([]);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'welfare-tables-390.png'), fullPage: true });
      await expectNoSeriousA11yViolations(page, 'the welfare page on a phone');
    } finally {
      await context.close();
    }
  });
});
