import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserRig,
  choose,
  expectNoSeriousA11yViolations,
  noSidewaysScroll,
  RESULTS_DIR,
  signIn,
  startBrowserRig,
} from '../support/browser';
import { fillDate } from '../support/dates';

/**
 * Issue 18, item 12: every date, time and month a person chooses is written in the app's language
 * whatever the browser's, and the form still sends the ISO value it always sent. Tried on a phone
 * (390×844) in a browser of the other language, by typing and by the calendar.
 */
let rig: BrowserRig;

/** Beijing's calendar day `days` from today, `YYYY-MM-DD`: the station plans in Beijing time. */
function beijingDay(days = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

function zhDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function enDay(iso: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${months[(m ?? 1) - 1]} ${y}`;
}

async function phone(locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await rig.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale,
    reducedMotion: 'reduce',
  });
  return { context, page: await context.newPage() };
}

/** The open calendar or clock panel, which must fit the phone's screen, whole. */
async function openPanel(page: Page, field: Locator): Promise<Locator> {
  await field.click();
  const panel = page.locator('.linli-picker-popup:not(.ant-picker-dropdown-hidden)');
  await panel.waitFor();
  await expect
    .poll(async () => {
      const box = await panel.locator('.ant-picker-panel-container').boundingBox();
      if (!box) return null;
      const { x, y, width, height } = box;
      return [
        Math.round(x) >= 0,
        Math.round(x + width) <= 390,
        Math.round(y) >= 0,
        Math.round(y + height) <= 844,
      ];
    })
    .toEqual([true, true, true, true]);
  return panel;
}

/** Clicks a day in the open calendar, moving to the next month first when it is not shown. */
async function pickDay(panel: Locator, iso: string): Promise<void> {
  const cell = panel.locator(`td[title="${iso}"].ant-picker-cell-in-view`);
  if ((await cell.count()) === 0) await panel.locator('.ant-picker-header-next-btn').click();
  const box = await cell.boundingBox();
  // A day is a target a finger can hit.
  expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  await cell.click();
}

/** The JSON a form posts to `path` when `act` submits it. */
async function posted(page: Page, path: string, act: () => Promise<void>): Promise<Record<string, unknown>> {
  const request = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === path);
  await act();
  return (await request).postDataJSON() as Record<string, unknown>;
}

describe('dates and times to choose are in the app’s language, whatever the browser’s', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('dates');
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('the app in Chinese on an English browser: 2026年12月7日 and 09:00, typed or picked, and the form sends ISO', async () => {
    const { context, page } = await phone('en-US');
    try {
      await signIn(page, rig.url, 'worker');

      // A session planned by typing: the day as ISO, the times as the clock says them.
      await page.goto(`${rig.url}/service`);
      await page.getByTestId('new-session').click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      const day = dialog.getByLabel('日期');
      await expect.poll(() => day.inputValue()).toBe(zhDay(beijingDay()));
      expect(await dialog.getByLabel('开始时间（北京时间）').inputValue()).toBe('09:00');
      const target = beijingDay(8);
      await fillDate(day, target);
      await expect.poll(() => day.inputValue()).toBe(zhDay(target));
      // The Chinese form typed works too.
      await fillDate(day, zhDay(beijingDay(9)));
      await expect.poll(() => day.inputValue()).toBe(zhDay(beijingDay(9)));
      await fillDate(dialog.getByLabel('开始时间（北京时间）'), '10:15');
      await fillDate(dialog.getByLabel('结束时间（北京时间）'), '11:45');
      // Text that is no date leaves the day as it was.
      await fillDate(day, '12/07/2026');
      await expect.poll(() => day.inputValue()).toBe(zhDay(beijingDay(9)));
      const text = (await dialog.textContent()) ?? '';
      expect(text).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{4}|AM|PM|December/);

      // The calendar speaks Chinese, fits the phone, and passes the checker.
      const panel = await openPanel(page, day);
      expect(await panel.locator('thead').textContent()).toBe('一二三四五六日');
      expect(await panel.locator('.ant-picker-header-view').textContent()).toMatch(/^\d{4}年\s*\d{1,2}月$/);
      await noSidewaysScroll(page, 'the session form with its calendar open');
      await expectNoSeriousA11yViolations(page, 'the session form with its calendar open');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'dates-calendar-zh-390x844.png') });
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden' });

      const clock = await openPanel(page, dialog.getByLabel('开始时间（北京时间）'));
      await page.screenshot({ path: path.join(RESULTS_DIR, 'dates-clock-zh-390x844.png') });
      await page.keyboard.press('Escape');
      await clock.waitFor({ state: 'hidden' });

      await choose(page, 'radio', '在服务站');
      const session = await posted(page, '/api/v1/service/sessions', () =>
        dialog.getByRole('button', { name: '保存' }).click(),
      );
      expect(session.startsAt).toBe(`${beijingDay(9)}T10:15:00+08:00`);
      expect(session.endsAt).toBe(`${beijingDay(9)}T11:45:00+08:00`);
      await page.waitForURL(/\/service\/sessions\/[0-9a-f-]{36}$/);

      // A purchase round whose closing day is picked on the calendar.
      await page.goto(`${rig.url}/service/rounds`);
      await page.getByRole('button', { name: '新建团购' }).click();
      const round = page.getByRole('dialog');
      await round.waitFor();
      await round.getByLabel('团购名称（如 11月米面油）').fill(`日历 ${Date.now()}`);
      await round.getByLabel('供应商').fill('京客隆');
      const closes = round.getByLabel('截止日期');
      const closesOn = beijingDay(5);
      await pickDay(await openPanel(page, closes), closesOn);
      await expect.poll(() => closes.inputValue()).toBe(zhDay(closesOn));
      await round.getByLabel('商品（如 大米）').fill('大米');
      await round.getByLabel('单位（如 袋）').fill('袋');
      await round.getByLabel('市场价（元）').fill('60');
      await round.getByLabel('团购价（元）').fill('45');
      await expectNoSeriousA11yViolations(page, 'the new round form');
      await noSidewaysScroll(page, 'the new round form');
      await closes.screenshot({ path: path.join(RESULTS_DIR, 'dates-field-zh-390x844.png') });
      const body = await posted(page, '/api/v1/service/rounds', () =>
        round.getByRole('button', { name: '保存' }).click(),
      );
      expect(body.closesOn).toBe(closesOn);

      // A month, picked: 2026年11月, and the rates asked of that month.
      await page.goto(`${rig.url}/reports/rates`);
      const month = page.getByLabel('月份（不选为本月）');
      const lastMonth = (() => {
        const [y = 0, m = 1] = beijingDay().split('-').map(Number);
        return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
      })();
      const months = await openPanel(page, month);
      const asked = page.waitForRequest((r) => r.url().includes(`month=${lastMonth}`));
      await months.locator(`td[title="${lastMonth}"]`).click();
      await asked;
      const [y, m] = lastMonth.split('-').map(Number);
      await expect.poll(() => month.inputValue()).toBe(`${y}年${m}月`);
      await expectNoSeriousA11yViolations(page, 'the rates page with a month chosen');
      await noSidewaysScroll(page, 'the rates page');

      // A file to choose: the browser's own button ("Choose File" on this browser) is hidden behind one in
      // the app's words, which opens it.
      await page.goto(`${rig.url}/register/import`);
      const file = page.getByTestId('import-file');
      await file.waitFor({ state: 'attached' });
      expect((await file.boundingBox())?.width ?? 0).toBeLessThanOrEqual(1);
      const chooser = page.waitForEvent('filechooser');
      await page.getByText('选择文件（.xlsx 或 .csv）').click();
      await chooser;
      await noSidewaysScroll(page, 'the import page');
    } finally {
      await context.close();
    }
  });

  it('the app in English on a Chinese browser: 7 Dec 2026, and the calendar in English', async () => {
    const { context, page } = await phone('zh-CN');
    try {
      await signIn(page, rig.url, 'worker');
      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      await page.goto(`${rig.url}/service`);
      await page.getByTestId('new-session').click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      const day = dialog.locator('#session-day');
      await expect.poll(() => day.inputValue()).toBe(enDay(beijingDay()));
      const target = beijingDay(10);
      await fillDate(day, target);
      await expect.poll(() => day.inputValue()).toBe(enDay(target));
      await fillDate(day, enDay(beijingDay(11)));
      await expect.poll(() => day.inputValue()).toBe(enDay(beijingDay(11)));
      const panel = await openPanel(page, day);
      expect(await panel.locator('thead').textContent()).not.toMatch(/[一二三四五六日]/);
      await expectNoSeriousA11yViolations(page, 'the session form in English with its calendar open');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'dates-calendar-en-390x844.png') });
      await page.keyboard.press('Escape');
      await fillDate(dialog.locator('#session-starts'), '14:00');
      await fillDate(dialog.locator('#session-ends'), '15:30');
      expect((await dialog.textContent()) ?? '').not.toMatch(/\d年|\d月|\d日|AM|PM/);
      const session = await posted(page, '/api/v1/service/sessions', () =>
        dialog.getByRole('button', { name: 'Save' }).click(),
      );
      expect(session.startsAt).toBe(`${beijingDay(11)}T14:00:00+08:00`);
      expect(session.endsAt).toBe(`${beijingDay(11)}T15:30:00+08:00`);
    } finally {
      await context.close();
    }
  });

  it('in 长辈模式 at its largest text the fields are 60 px high and the calendar still fits the phone', async () => {
    const { context, page } = await phone('en-US');
    try {
      await signIn(page, rig.url, 'worker');
      const me = (await (await page.request.get(`${rig.url}/api/v1/auth/me`)).json()) as {
        csrfToken: string;
      };
      const res = await page.request.put(`${rig.url}/api/v1/auth/me/preferences`, {
        data: { elderMode: true, textStep: 3, elderOffered: true },
        headers: { 'x-csrf-token': me.csrfToken },
      });
      expect(res.status()).toBe(200);
      await page.goto(`${rig.url}/service/rounds`);
      await expect.poll(() => page.locator('html').getAttribute('class')).toContain('linli-text-3');
      await page.getByRole('button', { name: '新建团购' }).click();
      const closes = page.getByRole('dialog').getByLabel('截止日期');
      const box = await closes
        .locator('xpath=ancestor::div[contains(@class, "ant-picker")][1]')
        .boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(59.5);
      const panel = await openPanel(page, closes);
      expect(
        await panel
          .locator('td.ant-picker-cell-in-view')
          .first()
          .evaluate((el) => getComputedStyle(el).fontSize),
      ).toBe('30px');
      await noSidewaysScroll(page, 'the round form in 长辈模式 with its calendar open');
      await expectNoSeriousA11yViolations(page, 'the round form in 长辈模式 with its calendar open');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'dates-calendar-elder-390x844.png') });
      const target = beijingDay(3);
      await pickDay(panel, target);
      await expect.poll(() => closes.inputValue()).toBe(zhDay(target));
      await closes.screenshot({ path: path.join(RESULTS_DIR, 'dates-field-elder-390x844.png') });
    } finally {
      await context.close();
    }
  });
});
