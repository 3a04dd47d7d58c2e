import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as rig from '../support/browser';
import { fillDate } from '../support/dates';

const { expectNoSeriousA11yViolations, noSidewaysScroll, RESULTS_DIR } = rig;

let main: rig.BrowserRig;
const signIn = (page: Page, username: string) => rig.signIn(page, main.url, username);
const post = <T>(page: Page, url: string, body: unknown) => rig.postAsPage<T>(page, main.url, url, body);

/**
 * Issue 20 on the station's page: a weekly haircut series made by a worker, its coming Tuesdays, a
 * resident booked on every one, a volunteer on every one, and one Tuesday cancelled with a reason with
 * the people booked on it listed to be told.
 */
describe('services that recur, on the station’s page', () => {
  beforeAll(async () => {
    main = await rig.startBrowserRig('service-series');
  });
  afterAll(async () => {
    await main?.close();
  });

  it('a weekly series: its dates, a resident and a volunteer on each, one date cancelled and who to tell', async () => {
    const context = await main.newContext(390, 844);
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(page, 'worker');
      const resident = (
        (await (
          await page.request.get(`${main.url}/api/v1/residents/search?ageBand=80%2B&limit=1`)
        ).json()) as {
          items: { residentId: string; name: string }[];
        }
      ).items[0];
      if (!resident) throw new Error('The demo has no resident of 80 or more.');
      await post(page, '/api/v1/service/volunteers', { name: '刘师傅', phone: '13800000001' });

      await page.goto(`${main.url}/service`);
      const section = page.getByTestId('service-series');
      await section.getByText('还没有定期服务。').waitFor();
      await section.getByRole('button', { name: '新建定期服务' }).click();
      const form = page.getByRole('dialog');
      await form.getByLabel('星期几').selectOption({ label: '星期二' });
      await fillDate(form.getByLabel('几点开始'), '09:00');
      await expectNoSeriousA11yViolations(page, 'the new series form');
      await form.getByRole('button', { name: /保\s*存/ }).click();
      await form.waitFor({ state: 'hidden' });

      const card = section.getByTestId('service-series-card');
      await card.waitFor();
      expect(await card.locator('h3').textContent()).toContain('每周星期二 09:00');
      const dates = card.getByTestId('service-session');
      await dates.first().waitFor();
      expect(await dates.count()).toBeGreaterThanOrEqual(3);

      await card.getByRole('searchbox', { name: /找居民/ }).fill(resident.name);
      await card
        .getByTestId('series-enrol-hit')
        .first()
        .getByRole('button', { name: /固定预约/ })
        .click();
      await card.getByText(`已固定预约：${resident.name}`).waitFor();
      await card.getByLabel('选择志愿者').selectOption({ label: '刘师傅' });
      await card.getByRole('button', { name: '固定参加' }).click();
      await card.getByText('已固定参加：刘师傅').waitFor();
      // The series' own counts come with the next answer from the server, a moment after the enrolment.
      await expect.poll(() => card.textContent()).toContain('1 位居民固定预约 · 1 位志愿者固定参加');
      await expectNoSeriousA11yViolations(page, 'the station with a series');
      await noSidewaysScroll(page, 'the station with a series');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'service-series-390x844.png'), fullPage: true });

      const second = dates.nth(1);
      const when = ((await second.locator('.linli-address').textContent()) ?? '').split(' · ')[1] ?? '';
      await second.getByRole('button', { name: /取消这一次/ }).click();
      const cancel = page.getByRole('dialog');
      await cancel.getByLabel('原因（会告诉大家）').fill('理发师傅生病');
      await cancel.getByRole('button', { name: '确认取消' }).click();
      const tell = page.getByRole('dialog', { name: '请通知这些人' });
      await tell.waitFor();
      const people = (await tell.getByTestId('service-to-tell').textContent()) ?? '';
      expect(people).toContain(resident.name);
      expect(people).toContain('志愿者 刘师傅');
      expect(people).toContain('13800000001');
      await expectNoSeriousA11yViolations(page, 'the people to tell of a cancelled date');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'service-series-tell-390x844.png') });
      await tell.getByRole('button', { name: '知道了' }).click();
      const cancelled = card.getByTestId('service-session-cancelled');
      await cancelled.waitFor();
      expect(await cancelled.textContent()).toContain('已取消：理发师傅生病');
      expect(await cancelled.textContent()).toContain(when.slice(0, 10));
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.screenshot({ path: path.join(RESULTS_DIR, 'service-series-1440x900.png'), fullPage: true });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
