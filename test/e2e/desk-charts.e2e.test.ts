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

const SIZES = [
  { name: '1440x900', width: 1440, height: 900 },
  { name: '390x844', width: 390, height: 844 },
] as const;

async function pageAs(username: string, width: number, height: number): Promise<Page> {
  const page = await (await rig.newContext(width, height)).newPage();
  await signIn(page, rig.url, username);
  return page;
}

/** The charts, the subdistrict's overview and the monthly report (issue 16), on the demo's lived history. */
describe('charts, the subdistrict overview and the monthly report in a browser', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('desk-charts', { historyMonths: 3 });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it.each(SIZES)(
    'the subdistrict reaches its communities side by side and one read-only desk at $name',
    async (size) => {
      const page = await pageAs('subdistrict', size.width, size.height);
      try {
        // The home's task 各社区概况 now opens the overview.
        await page.getByTestId('task-communities').getByRole('link').click();
        await page.waitForURL(`${rig.url}/subdistrict`);
        const table = page.getByTestId('overview-table');
        await table.locator('tbody tr.ant-table-row').first().waitFor();
        const overview = (await (
          await page.request.get(`${rig.url}/api/v1/subdistrict/overview`)
        ).json()) as {
          communities: { communityId: string; communityName: string; openPastDeadline: number }[];
        };
        expect(await table.locator('tbody tr.ant-table-row').count()).toBe(overview.communities.length);
        // Sortable: a header click sorts and says so to a screen reader.
        await page
          .getByRole('columnheader', { name: /超期未办诉求/ })
          .first()
          .click();
        await expect
          .poll(() => page.locator('th[aria-sort]').first().getAttribute('aria-sort'))
          .toMatch(/ascending|descending/);
        await expectNoSeriousA11yViolations(page, `the subdistrict overview at ${size.name}`);
        await page.screenshot({
          path: path.join(RESULTS_DIR, `subdistrict-${size.name}.png`),
          fullPage: true,
        });
        if (size.width === 390) {
          // The table scrolls inside its own box; the page itself does not.
          await noSidewaysScroll(page, 'the subdistrict overview');
        }

        const first = overview.communities[0];
        if (!first) throw new Error('the demo subdistrict has no community');
        await page.getByRole('link', { name: first.communityName }).first().click();
        await page.waitForURL(`${rig.url}/subdistrict/communities/${first.communityId}`);
        await page
          .getByRole('heading', { name: new RegExp(`${first.communityName} 今日待办（只读）`) })
          .waitFor();
        await page.getByTestId('desk-counts').waitFor();
        // Read-only: nothing to press in the page's own content.
        expect(await page.locator('main button').count()).toBe(0);
        await expectNoSeriousA11yViolations(page, `a community's read-only desk at ${size.name}`);
        await page.screenshot({
          path: path.join(RESULTS_DIR, `subdistrict-community-${size.name}.png`),
          fullPage: true,
        });
      } finally {
        await page.context().close();
      }
    },
  );

  it.each(SIZES)('the committee reads last month’s report and downloads its PDF at $name', async (size) => {
    const page = await pageAs('committee', size.width, size.height);
    try {
      await page.goto(`${rig.url}/monthly-report`);
      await page.getByTestId('monthly-summary').waitFor();
      expect(await page.getByTestId('monthly-summary').locator('p').count()).toBeGreaterThan(0);
      for (const id of [
        'monthly-reports',
        'monthly-rates',
        'monthly-care',
        'monthly-welfare',
        'monthly-service',
      ]) {
        await page.getByTestId(id).waitFor();
      }
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('monthly-pdf').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^monthly-report-\d{4}-\d{2}\.pdf$/);
      await expectNoSeriousA11yViolations(page, `the monthly report at ${size.name}`);
      await page.screenshot({
        path: path.join(RESULTS_DIR, `monthly-report-${size.name}.png`),
        fullPage: true,
      });
      if (size.width === 390) await noSidewaysScroll(page, 'the monthly report');
    } finally {
      await page.context().close();
    }
  });

  it('the committee closes last month after a confirmation; the page shows it closed with its hash', async () => {
    const page = await pageAs('committee', 1440, 900);
    try {
      await page.goto(`${rig.url}/monthly-report`);
      await page.getByTestId('monthly-summary').waitFor();
      await page.getByTestId('monthly-close').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('关闭后不能撤销').waitFor();
      await dialog.getByRole('button', { name: '确定关闭' }).click();
      await page.getByTestId('monthly-closed').waitFor();
      expect(await page.getByTestId('monthly-hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
      expect(await page.getByTestId('monthly-close').count()).toBe(0);
      await page.getByText('关账后没有改动').waitFor();
      await expectNoSeriousA11yViolations(page, 'a closed monthly report');
      await page.screenshot({
        path: path.join(RESULTS_DIR, 'monthly-report-closed-1440x900.png'),
        fullPage: true,
      });
    } finally {
      await page.context().close();
    }
  });

  it('the subdistrict reads a community’s monthly report and downloads every community’s workbook', async () => {
    const page = await pageAs('subdistrict', 1440, 900);
    try {
      await page.getByTestId('task-monthly').getByRole('link').click();
      await page.waitForURL(`${rig.url}/monthly-report`);
      await page.getByTestId('monthly-summary').waitFor();
      // Read-only: the subdistrict does not close a community's month.
      expect(await page.getByTestId('monthly-close').count()).toBe(0);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('monthly-all-xlsx').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^monthly-report-\d{4}-\d{2}(-all)?\.xlsx$/);
      await expectNoSeriousA11yViolations(page, 'the subdistrict’s monthly report');
      await page.screenshot({
        path: path.join(RESULTS_DIR, 'monthly-report-subdistrict-1440x900.png'),
        fullPage: true,
      });
    } finally {
      await page.context().close();
    }
  });

  it.each(SIZES)('the committee sees the charts, each with a table to open, at $name', async (size) => {
    const page = await pageAs('committee', size.width, size.height);
    try {
      await page.goto(`${rig.url}/stats`);
      for (const id of ['chart-rates', 'chart-weeks', 'chart-committee', 'chart-visits', 'chart-service']) {
        await page.getByTestId(id).waitFor();
      }
      // Drawn by ECharts as SVG, loaded with this page only.
      await expect.poll(() => page.locator('[data-testid="chart-weeks"] svg').count()).toBeGreaterThan(0);
      const tables = page.locator('details.linli-chart-table');
      expect(await tables.count()).toBe(5);
      await page.getByTestId('table-weeks').locator('summary').click();
      const weeks = page.getByTestId('table-weeks').locator('table');
      expect(await weeks.locator('caption').textContent()).toBe('每周诉求件数（按类别）');
      expect(await weeks.locator('tbody tr').count()).toBe(12);
      await page.getByTestId('table-rates').locator('summary').click();
      expect(await page.getByTestId('table-rates').locator('tbody tr').count()).toBe(12);
      await expectNoSeriousA11yViolations(page, `the charts at ${size.name}`);
      await page.screenshot({ path: path.join(RESULTS_DIR, `stats-${size.name}.png`), fullPage: true });
      if (size.width === 390) await noSidewaysScroll(page, 'the charts');

      // The rates page draws the same 12 months.
      await page.goto(`${rig.url}/reports/rates`);
      await page.getByTestId('chart-rates').waitFor();
      await expect.poll(() => page.locator('[data-testid="chart-rates"] svg').count()).toBeGreaterThan(0);
    } finally {
      await page.context().close();
    }
  });
});
