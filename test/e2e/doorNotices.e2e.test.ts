import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserRig,
  expectNoSeriousA11yViolations,
  RESULTS_DIR,
  signIn,
  startBrowserRig,
} from '../support/browser';
import { pdfPageCount, pdfText } from '../support/pdfText';

let rig: BrowserRig;

describe('door notices from the households table at a desk', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('door-notices');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a worker filters building 3, picks three households, writes a notice and opens it to print', async () => {
    const context = await rig.newContext(1440, 900);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signIn(page, rig.url, 'worker');
      await page.goto(`${rig.url}/households`);
      const table = page.getByTestId('households-table');
      await table.locator('.ant-table-row').first().waitFor();
      const total = async () =>
        Number(((await table.getByTestId('desk-table-total').textContent()) ?? '').replace(/\D/g, ''));
      const all = await total();

      await page.getByTestId('filter-building').click();
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option')
        .filter({ hasText: /^3$/ })
        .click();
      await expect.poll(total).toBeLessThan(all);
      const rows = table.locator('tbody tr.ant-table-row');
      const addresses = (await rows.locator('td:nth-child(2)').allTextContents()).slice(0, 3);
      for (const address of addresses) expect(address).toMatch(/^3-/);

      // Nothing picked, no bulk bar; three picked, the bar says so.
      expect(await page.getByTestId('bulk-bar').count()).toBe(0);
      for (const address of addresses)
        await table.getByRole('checkbox', { name: `选这一户：${address}` }).check();
      await page.getByTestId('bulk-bar').getByText('已选 3 户').waitFor();

      await page.getByTestId('door-notice-open').click();
      const form = page.getByTestId('door-notice-form');
      await form.waitFor();
      expect(await form.textContent()).toContain(`贴给这 3 户：${addresses.join('、')}`);
      const message = page.getByTestId('door-notice-message');
      expect(await message.inputValue()).toBe('社区工作人员今天来过您家，您不在。请方便时给社区打电话。');
      // A visit appointment: the text takes the day and the time chosen.
      await form.getByText('入户走访预约').click();
      await page.getByLabel('几点').click();
      await page.getByLabel('几点').fill('09:30');
      await page.getByLabel('几点').press('Enter');
      await expect.poll(() => message.inputValue()).toContain('上午9点30分');
      await message.fill(
        '社区工作人员将于12月10日上午9点30分到您家走访，请您在家。如果这个时间不方便，请给社区打电话。',
      );
      // The phone is asked for (the register keeps none); a wrong one is caught before sending.
      const phone = page.getByTestId('door-notice-phone');
      await phone.fill('打电话');
      await page.getByTestId('door-notice-send').click();
      await form.getByText('电话号码不对').waitFor();
      await phone.fill('010-6888 8888');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'door-notice-dialog-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the door notice dialog');

      // It opens at a desk, but must fit a phone's width too: narrowed to what antd gives a dialog on a
      // 390 px screen (100vw − 32 px), nothing in it sticks out sideways.
      await page.setViewportSize({ width: 1440, height: 1500 });
      const narrow = await page.addStyleTag({
        content: '.ant-modal { width: 358px !important; max-width: 358px !important; }',
      });
      const stickingOut = await page.evaluate(() => {
        const dialog = document.querySelector('.ant-modal-container') as HTMLElement;
        const box = dialog.getBoundingClientRect();
        return [...dialog.querySelectorAll<HTMLElement>('*')]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && (r.right > box.right + 0.5 || r.left < box.left - 0.5);
          })
          .map((el) => `${el.tagName}.${el.className}`);
      });
      expect(stickingOut).toEqual([]);
      await page
        .locator('.ant-modal-container')
        .screenshot({ path: path.join(RESULTS_DIR, 'door-notice-dialog-358.png') });
      await narrow.evaluate((el) => (el as Element).remove());
      await page.setViewportSize({ width: 1440, height: 900 });

      await page.getByTestId('door-notice-send').click();
      const result = page.getByTestId('door-notice-result');
      await result.waitFor();
      const summary = (await result.textContent()) ?? '';
      expect(summary).toContain('生成好了 3 户的通知');
      for (const address of addresses) expect(summary).toContain(address);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'door-notice-summary-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the door notice summary');

      // "打开打印" opens the printout in a new tab: a PDF, addressed to each door.
      const print = page.getByTestId('door-notice-print');
      expect(await print.getAttribute('target')).toBe('_blank');
      const href = (await print.getAttribute('href')) ?? '';
      const response = await page.request.get(`${rig.url}${href}`);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toContain('application/pdf');
      const pdf = await response.body();
      expect(pdfPageCount(pdf)).toBe(2);
      const text = pdfText(pdf).replace(/\s+/g, '');
      for (const address of addresses) {
        const [building, entrance, room] = address.split('-');
        expect(text).toContain(`${building}号楼${entrance}单元${room}室住户：`);
      }
      expect(text).toContain('电话：010-68888888');

      // Closed, the picked rows are let go.
      await page.getByRole('button', { name: '知道了' }).click();
      await expect.poll(() => page.getByTestId('bulk-bar').count()).toBe(0);

      // The next notice starts from the phone just printed.
      await table.getByRole('checkbox', { name: `选这一户：${addresses[0]}` }).check();
      await page.getByTestId('door-notice-open').click();
      await expect.poll(() => page.getByTestId('door-notice-phone').inputValue()).toBe('010-6888 8888');
      await page.getByRole('button', { name: '取消' }).click();
      await table.getByRole('checkbox', { name: `选这一户：${addresses[0]}` }).uncheck();

      // The household's history says the notice was put up.
      await rows.first().locator('td:nth-child(2)').click();
      const history = page.getByTestId('household-history');
      await history.getByText('贴了入户通知').waitFor();
      await history.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(RESULTS_DIR, 'door-notice-history-1440.png') });
      expect(await history.textContent()).toContain(
        '通知上写：社区工作人员将于12月10日上午9点30分到您家走访',
      );
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
