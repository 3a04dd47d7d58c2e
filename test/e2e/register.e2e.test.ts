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

// A copy of ../shared/data/register-sample.xlsx, kept in the repository so the test runs on any clone.
const SAMPLE = path.resolve(import.meta.dirname, '../fixtures/register/register-sample.xlsx');

/**
 * A valid row of register-sample.xlsx (row 6: no error, no warning, its pinyin initials unique in the
 * file), checked against the file with pinyin-pro and the shared ID check.
 */
const KNOWN = { name: '谢华兰', initials: 'xhl', address: '8-3-402' };

let rig: BrowserRig;

async function newPhonePage(): Promise<Page> {
  return (await rig.newContext(390, 844)).newPage();
}

async function number(page: Page, testId: string): Promise<number> {
  return Number(((await page.getByTestId(testId).textContent()) ?? '').replace(/\D/g, ''));
}

describe('the register in a phone-sized browser', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('register');
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('lets a worker check and import register-sample.xlsx, find a resident by pinyin initials and see the building picture', async () => {
    const page = await newPhonePage();
    try {
      await signIn(page, rig.url, 'worker');

      // From the home page: the import is available, not "coming".
      await page.getByTestId('task-registerImport').getByRole('link', { name: '打开' }).click();
      await page.waitForURL(`${rig.url}/register/import`);
      await page.getByRole('heading', { name: '导入户籍台账' }).waitFor();

      // Choose the file and run the dry run.
      await page.getByTestId('import-file').setInputFiles(SAMPLE);
      await expect
        .poll(() => page.getByTestId('import-chosen').textContent())
        .toContain('register-sample.xlsx');
      await page.getByTestId('import-dry-run').click();
      await page.getByTestId('import-report').waitFor({ timeout: 60_000 });

      expect(await number(page, 'import-data')).toBe(133);
      expect(await number(page, 'import-importable')).toBe(127);
      expect(await number(page, 'import-errors')).toBe(6);
      expect(await number(page, 'import-households')).toBe(62);
      // Reasons and messages are in Chinese.
      const reasons = (await page.getByTestId('import-errors-by-reason').textContent()) ?? '';
      expect(reasons).toContain('身份证号被存成了数字');
      const messages = await page.getByTestId('import-issue-message').allTextContents();
      expect(messages.length).toBeGreaterThanOrEqual(6);
      expect(messages.some((message) => /[\u4e00-\u9fff]/.test(message))).toBe(true);
      await expectNoSeriousA11yViolations(page, 'the import report');
      await noSidewaysScroll(page, 'the import report');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'import-report-390x844.png'), fullPage: true });

      // The report downloads as .xlsx (fetched with the session's headers, saved by the browser).
      const [report] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('import-report-download').click(),
      ]);
      expect(report.suggestedFilename()).toMatch(/\.xlsx$/);

      // Import the valid rows.
      await page.getByRole('button', { name: '导入 127 条有效记录' }).click();
      const outcome = page.getByTestId('import-outcome');
      await outcome.waitFor({ timeout: 60_000 });
      expect(await outcome.textContent()).toContain('导入完成');

      // Find the resident by pinyin initials.
      await page.getByTestId('import-to-register').click();
      await page.waitForURL(`${rig.url}/register`);
      await page.getByTestId('register-search').fill(KNOWN.initials);
      const hit = page.getByTestId('register-hit').filter({ hasText: KNOWN.name });
      await hit.first().waitFor();
      expect(await hit.first().textContent()).toContain(KNOWN.address);
      expect(await hit.first().textContent()).toContain('拼音首字母相符');
      await expectNoSeriousA11yViolations(page, 'the register search');
      await noSidewaysScroll(page, 'the register search');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'register-search-390x844.png'), fullPage: true });

      // Open the household.
      await hit.first().getByRole('link').click();
      await page.waitForURL(/\/households\/[0-9a-f-]+$/);
      await page.getByTestId('household-heading').waitFor();
      expect(await page.getByTestId('household-heading').textContent()).toContain(KNOWN.address);
      await page.getByTestId('household-member').filter({ hasText: KNOWN.name }).waitFor();
      await page.getByRole('button', { name: '添加居民' }).waitFor();
      await page.getByRole('heading', { name: '变更记录' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'the household page');
      await noSidewaysScroll(page, 'the household page');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'household-390x844.png'), fullPage: true });

      // Add a resident: the form checks the ID number with the shared schema before sending.
      await page.getByRole('button', { name: '添加居民' }).click();
      const form = page.getByTestId('resident-form');
      await form.waitFor();
      await form.getByLabel('姓名').fill('谢小雨');
      await form.getByText('女', { exact: true }).click();
      await form.getByLabel('与户主关系').fill('女儿');
      await form.getByLabel('身份证号（可不填）').fill('110107201503070021');
      await form.getByRole('button', { name: '保存' }).click();
      await form.getByText('身份证号不对').waitFor();
      await expectNoSeriousA11yViolations(page, 'the resident form');
      await noSidewaysScroll(page, 'the resident form');
      await form.getByLabel('身份证号（可不填）').fill('');
      await form.getByRole('button', { name: '保存' }).click();
      await page.getByTestId('household-member').filter({ hasText: '谢小雨' }).waitFor();
      await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();

      // The building picture of building 8, where that household lives.
      await page.goto(`${rig.url}/buildings`);
      const tile = page.getByTestId('building-tile').filter({ hasText: '8号楼' });
      await tile.first().click();
      await page.waitForURL(/\/buildings\/[0-9a-f-]+$/);
      await page.getByTestId('picture-heading').waitFor();
      await page.getByTestId('flat-cell').first().waitFor();
      await page.getByTestId('picture-legend').waitFor();
      expect(await page.getByTestId('picture-entrance').count()).toBeGreaterThan(0);
      // Every flat a worker sees opens its household; cells are big enough to tap.
      const cell = page.locator('a[data-testid="flat-cell"]').first();
      const box = await cell.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(48);
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
      await expectNoSeriousA11yViolations(page, 'the building picture (care lens)');
      await noSidewaysScroll(page, 'the building picture (care lens)');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'building-picture-390x844.png'), fullPage: true });

      // The other lens: no building leader.
      await page.getByTestId('lens-switch').getByText('楼门长落实').click();
      await expect
        .poll(async () => page.locator('[data-lens-key="covered"], [data-lens-key="no_leader"]').count())
        .toBeGreaterThan(0);
      await expectNoSeriousA11yViolations(page, 'the building picture (no-leader lens)');
      await noSidewaysScroll(page, 'the building picture (no-leader lens)');

      // A flat opens its household.
      await page.locator('a[data-testid="flat-cell"]').first().click();
      await page.waitForURL(/\/households\/[0-9a-f-]+$/);
      await page.getByTestId('household-heading').waitFor();

      // Moving the whole household out asks for the date and the reason first.
      await page.getByRole('button', { name: '整户迁出' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: '确认迁出' }).click();
      await dialog.getByText('请写明原因。').waitFor();
      await dialog.getByLabel('原因').fill('搬到外区');
      await dialog.getByRole('button', { name: '确认迁出' }).click();
      await page.waitForURL(`${rig.url}/register`);
      await page.getByRole('status').filter({ hasText: '这户已经整户迁出。' }).waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('shows the committee the chain as a tree with counts, a position, and the coverage check', async () => {
    const page = await newPhonePage();
    try {
      await signIn(page, rig.url, 'committee');
      await page.getByTestId('task-chain').getByRole('link', { name: '打开' }).click();
      await page.waitForURL(`${rig.url}/chain`);
      await page.getByTestId('chain-tree').waitFor();
      const first = page.getByTestId('chain-node').first();
      await first.waitFor();
      expect(await first.textContent()).toMatch(/社区党委.*\d+ 户/);
      // The branches are open at first.
      expect(await page.getByTestId('chain-node').count()).toBeGreaterThan(1);
      await expectNoSeriousA11yViolations(page, 'the chain tree');
      await noSidewaysScroll(page, 'the chain tree');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'chain-tree-390x844.png'), fullPage: true });

      await page.getByRole('button', { name: '全部展开' }).click();
      await page.getByTestId('chain-node').filter({ hasText: '楼门长' }).first().click();
      await page.waitForURL(/\/chain\/positions\/[0-9a-f-]+$/);
      await page.getByTestId('position-heading').waitFor();
      expect(await page.getByTestId('position-heading').textContent()).toContain('楼门长');
      await page.getByRole('heading', { name: '联系的住户' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'a position');
      await noSidewaysScroll(page, 'a position');

      await page.goto(`${rig.url}/chain/coverage`);
      await page.getByRole('heading', { name: /没有楼门长的住户/ }).waitFor();
      await page.getByLabel('每位楼门长最多联系多少户').waitFor();
      await expectNoSeriousA11yViolations(page, 'the coverage check');
      await noSidewaysScroll(page, 'the coverage check');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'chain-coverage-390x844.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });
});
