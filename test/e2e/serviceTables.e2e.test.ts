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

/** Clicks a choice in the open drop-down (antd's own option list, not its hidden accessible copy). */
async function pick(page: Page, label: string) {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .click();
}

/** A day from today, as YYYY-MM-DD in China, at `hour` China time, as an ISO instant. */
function dayAt(daysAhead: number, hour: number): string {
  const chinaToday = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return new Date(
    Date.parse(`${chinaToday}T${String(hour).padStart(2, '0')}:00:00+08:00`) + daysAhead * 86_400_000,
  ).toISOString();
}

describe('the service station’s tables at a desk', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('service-tables');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('the worker filters, sorts and pages the sessions, exports them, and marks two orders delivered at once', async () => {
    const context = await rig.newContext(1440, 900);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signIn(page, rig.url, 'worker');
      const services = (await (await page.request.get(`${rig.url}/api/v1/service/services`)).json()) as {
        items: { id: string; code: string }[];
      };
      const serviceId = (code: string) => services.items.find((s) => s.code === code)?.id as string;
      // 22 haircut mornings and 3 blood-pressure afternoons in the coming days.
      for (let day = 1; day <= 22; day++) {
        await postAsPage(page, rig.url, '/api/v1/service/sessions', {
          serviceId: serviceId('haircut'),
          startsAt: dayAt(day, 9),
          endsAt: dayAt(day, 11),
          place: { kind: 'station' },
          capacity: 6,
          volunteersNeeded: 2,
        });
      }
      for (const day of [2, 9, 16]) {
        await postAsPage(page, rig.url, '/api/v1/service/sessions', {
          serviceId: serviceId('blood_pressure'),
          startsAt: dayAt(day, 14),
          endsAt: dayAt(day, 16),
          place: { kind: 'station' },
          capacity: 10,
          volunteersNeeded: 1,
        });
      }

      await page.goto(`${rig.url}/service`);
      const table = page.getByTestId('service-sessions-table');
      await table.waitFor();
      const total = table.getByTestId('desk-table-total');
      const rows = table.locator('tbody tr.ant-table-row');
      await expect.poll(() => total.textContent()).toBe('共 25 条');
      await expect.poll(() => rows.count()).toBe(20);

      // The second page holds the last five.
      await table.locator('.ant-pagination-item-2').click();
      await expect.poll(() => rows.count()).toBe(5);

      // Only the blood-pressure sessions, latest first.
      await page.getByTestId('filter-serviceId').click();
      await pick(page, '量血压');
      await expect.poll(() => total.textContent()).toBe('共 3 条');
      await expect.poll(() => rows.count()).toBe(3);
      const firstBefore = await rows.first().textContent();
      await table
        .locator('th')
        .filter({ hasText: /^时间$/ })
        .click();
      await expect.poll(() => rows.first().textContent()).not.toBe(firstBefore);
      const shown = await rows.allTextContents();
      expect(shown.every((r) => r.includes('量血压'))).toBe(true);

      // Arrows move through the rows.
      await rows.first().focus();
      await page.keyboard.press('ArrowDown');
      expect(await rows.nth(1).evaluate((el) => el === document.activeElement)).toBe(true);

      await page.screenshot({ path: path.join(RESULTS_DIR, 'service-tables-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the station’s sessions table');

      const download = page.waitForEvent('download');
      await table.getByTestId('desk-table-export').click();
      const file = path.join(RESULTS_DIR, 'service-sessions.xlsx');
      await (await download).saveAs(file);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file);
      const sheet = book.worksheets[0] as ExcelJS.Worksheet;
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
        '时间',
        '服务',
        '地点',
        '预约/名额',
        '志愿者/需要',
        '状态',
      ]);
      expect(sheet.rowCount).toBe(4);
      const exported = [2, 3, 4].map((n) => (sheet.getRow(n).values as unknown[]).slice(1));
      expect(exported.map((r) => r[1])).toEqual(['量血压', '量血压', '量血压']);
      expect(exported.map((r) => r[5])).toEqual(['缺 1 人', '缺 1 人', '缺 1 人']);
      // In the table's order: latest first.
      const times = exported.map((r) => (r[0] as Date).getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));

      // The filters are kept for this worker: back on the page, the same three.
      await page.reload();
      await expect
        .poll(() => page.getByTestId('service-sessions-table').getByTestId('desk-table-total').textContent())
        .toBe('共 3 条');

      // A group purchase with three households' orders: two are picked and marked delivered at once.
      const round = await postAsPage<{ id: string; items: { id: string }[] }>(
        page,
        rig.url,
        '/api/v1/service/rounds',
        {
          title: 'e2e 米面油',
          supplier: '粮油店',
          closesOn: dayAt(10, 12).slice(0, 10),
          items: [{ name: '东北大米', unit: '10斤', marketFen: 4500, groupFen: 3600 }],
        },
      );
      const households = (await (await page.request.get(`${rig.url}/api/v1/households?limit=3`)).json()) as {
        items: { id: string }[];
      };
      for (const h of households.items)
        await postAsPage(page, rig.url, `/api/v1/service/rounds/${round.id}/orders`, {
          householdId: h.id,
          lines: [{ itemId: round.items[0]?.id, quantity: 1 }],
        });
      await page.getByRole('tab', { name: '团购订单' }).click();
      const orders = page.getByTestId('service-orders-table');
      await orders.waitFor();
      await expect.poll(() => orders.getByTestId('desk-table-total').textContent()).toBe('共 3 条');
      const boxes = orders.locator('tbody tr.ant-table-row .ant-checkbox-input');
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await page.getByTestId('orders-bulk-bar').getByText('已选 2 单').waitFor();
      await page.getByTestId('orders-mark-delivered').click();
      const result = page.getByTestId('orders-bulk-result');
      await result.waitFor();
      expect(await result.textContent()).toContain('已标记送到 2 单');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'service-orders-bulk-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the summary of orders marked delivered');
      await page.getByRole('button', { name: '知道了' }).click();
      await page.getByTestId('filter-delivered').click();
      await pick(page, '还没送');
      await expect.poll(() => orders.getByTestId('desk-table-total').textContent()).toBe('共 1 条');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'service-orders-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the station’s orders table');

      // The bookings and the volunteers: a resident booked, a volunteer on the books.
      const resident = (
        (await (await page.request.get(`${rig.url}/api/v1/residents?limit=1`)).json()) as {
          items: { id: string; name: string }[];
        }
      ).items[0] as { id: string; name: string };
      const sessionsList = (await (
        await page.request.get(`${rig.url}/api/v1/service/tables/sessions?limit=1`)
      ).json()) as { items: { id: string }[] };
      await postAsPage(page, rig.url, `/api/v1/service/sessions/${sessionsList.items[0]?.id}/bookings`, {
        residentId: resident.id,
        homeVisit: true,
      });
      await postAsPage(page, rig.url, '/api/v1/service/volunteers', { name: '刘师傅', phone: '13900001234' });
      await page.getByRole('tab', { name: '居民预约' }).click();
      const bookings = page.getByTestId('service-bookings-table');
      await bookings.getByText(resident.name).waitFor();
      await expect.poll(() => bookings.getByTestId('desk-table-total').textContent()).toBe('共 1 条');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'service-bookings-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the station’s bookings table');
      await page.getByRole('tab', { name: '志愿者和时长' }).click();
      const volunteers = page.getByTestId('service-volunteers-table');
      await volunteers.getByText('刘师傅').waitFor();
      await page.screenshot({ path: path.join(RESULTS_DIR, 'service-volunteers-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the station’s volunteers table');
      await page.getByRole('tab', { name: '服务时长明细' }).click();
      const hours = page.getByTestId('service-hours-table');
      await hours.waitFor();
      await hours.getByText('没有符合条件的记录。').waitFor();
      await expect.poll(() => hours.locator('.ant-spin-blur').count()).toBe(0);
      expect(await hours.getByTestId('desk-table-total').textContent()).toBe('共 0 条');
      await expectNoSeriousA11yViolations(page, 'the station’s hours table');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the same page on a phone keeps its single column', async () => {
    const context = await rig.newContext(390, 844);
    try {
      const page = await context.newPage();
      await signIn(page, rig.url, 'worker');
      await page.goto(`${rig.url}/service`);
      await page.getByTestId('new-session').waitFor();
      await page.getByRole('heading', { level: 1, name: '志愿服务站' }).waitFor();
      expect(await page.getByTestId('service-sessions-table').count()).toBe(0);
      expect(await page.getByRole('tab').count()).toBe(0);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'service-station-390.png'), fullPage: true });
      await expectNoSeriousA11yViolations(page, 'the station page on a phone');
    } finally {
      await context.close();
    }
  });
});
