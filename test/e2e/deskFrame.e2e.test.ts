import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
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

describe('the office at a desk (1440×900) and the same pages on a phone (390×844)', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('desk-frame');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a worker at a desk: side menu, "/" to the register search, the households table filtered, paged and exported', async () => {
    const page = await (await rig.newContext(1440, 900)).newPage();
    await signIn(page, rig.url, 'worker');
    const menu = page.getByTestId('desk-menu');
    await menu.waitFor();
    for (const area of ['今日一览', '诉求', '台账', '楼栋', '照护', '民生保障', '服务站', '五联网络', '月报'])
      await menu.getByRole('link', { name: area }).waitFor();
    await expectNoSeriousA11yViolations(page, 'the desk home');
    await page.screenshot({ path: path.join(RESULTS_DIR, 'desk-home-1440x900.png') });

    // "/" focuses the register search, which opens the register's results.
    await page.locator('body').press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'desk-search',
    );
    await page.keyboard.type('3-1');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/register\?q=3-1/);

    await menu.getByRole('link', { name: '台账' }).click();
    await page.waitForURL(`${rig.url}/households`);
    const table = page.getByTestId('households-table');
    await table.locator('.ant-table-row').first().waitFor();
    const count = async () =>
      Number(((await table.getByTestId('desk-table-total').textContent()) ?? '').replace(/\D/g, ''));
    const all = await count();
    expect(all).toBeGreaterThan(100);
    expect(await table.locator('.ant-table-row').count()).toBe(20);
    // No "← 回到首页" at a desk: the menu is the way back.
    expect(await page.locator('.linli-back:visible').count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'the households table');
    await page.screenshot({ path: path.join(RESULTS_DIR, 'desk-households-1440x900.png') });

    // Page 2 holds other households.
    const firstOnPage1 = await table.locator('.ant-table-row').first().getAttribute('data-row-key');
    await table.getByRole('listitem', { name: '2' }).click();
    await expect
      .poll(() => table.locator('.ant-table-row').first().getAttribute('data-row-key'))
      .not.toBe(firstOnPage1);

    // Households where someone lives alone.
    await page.getByTestId('filter-care').click();
    await page.locator('.ant-select-item-option', { hasText: /^独居$/ }).click();
    await expect.poll(count).toBeLessThan(all);
    const filtered = await count();
    expect(filtered).toBeGreaterThan(1);

    // Arrows move between rows, Enter opens one.
    await table.locator('.ant-table-row').first().focus();
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => document.activeElement?.getAttribute('data-row-key'));
    expect(second).toBeTruthy();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${rig.url}/households/${second}`);
    await page.screenshot({ path: path.join(RESULTS_DIR, 'desk-household-1440x900.png') });
    // Esc goes back to the table, its filter kept.
    await page.locator('body').press('Escape');
    await page.waitForURL(`${rig.url}/households`);
    await expect.poll(count).toBe(filtered);

    // The export is what the table shows.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      table.getByTestId('desk-table-export').click(),
    ]);
    const file = path.join(RESULTS_DIR, 'desk-households-export.xlsx');
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).values).toEqual([undefined, '门牌', '人数', '照顾需要']);
    expect((sheet?.rowCount ?? 0) - 1).toBe(filtered);
  });

  it('the top bar stays one line from 1200 px up: no word broken, nothing off the side', async () => {
    for (const width of [1200, 1440]) {
      const context = await rig.newContext(width, 900);
      try {
        const page = await context.newPage();
        await signIn(page, rig.url, 'committee');
        await page.getByTestId('desk-menu').waitFor();
        await page.getByTestId('user-community').waitFor();
        const header = page.locator('header.linli-desk-header');
        await page.screenshot({ path: path.join(RESULTS_DIR, `desk-top-bar-${width}.png`) });
        // One line of the bar is the sign-out button's height and its padding; a second line would double it.
        expect((await header.boundingBox())?.height ?? 0, `the bar at ${width} px`).toBeLessThan(90);
        for (const part of [
          header.locator('.linli-brand'),
          header.getByRole('link', { name: '提醒设置' }),
          header.getByRole('button', { name: '退出登录' }),
        ]) {
          // The lines its words take: the tops of the boxes of its text, however its elements nest.
          const lines = await part.evaluate((el) => {
            const tops = new Set<number>();
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              if (!node.textContent?.trim()) continue;
              const range = document.createRange();
              range.selectNodeContents(node);
              for (const rect of range.getClientRects()) tops.add(Math.round(rect.top));
            }
            return tops.size;
          });
          expect(lines, `${await part.textContent()} at ${width} px`).toBe(1);
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `the desk at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
      } finally {
        await context.close();
      }
    }
  });

  it('the same pages on a phone keep the phone layout: no side menu, every household reached with "more"', async () => {
    const page = await (await rig.newContext(390, 844)).newPage();
    await signIn(page, rig.url, 'worker');
    expect(await page.getByTestId('desk-menu').count()).toBe(0);
    await page.goto(`${rig.url}/households`);
    await page.getByTestId('households-count').waitFor();
    expect(await page.locator('.linli-back').first().isVisible()).toBe(true);
    const before = await page.locator('.linli-list-item').count();
    expect(before).toBe(20);
    await page.getByTestId('households-more').click();
    await expect.poll(() => page.locator('.linli-list-item').count()).toBe(40);
    await expectNoSeriousA11yViolations(page, 'the phone households list');
    await noSidewaysScroll(page, 'the phone households list');
    await page.screenshot({ path: path.join(RESULTS_DIR, 'phone-households-390x844.png') });
  });
});
