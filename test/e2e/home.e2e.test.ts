import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/main';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS_DIR = path.resolve(import.meta.dirname, '../../test-results');

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let dataDir: string;

async function expectNoSeriousA11yViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `accessibility violations on ${where}`).toEqual([]);
}

async function newPhonePage(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    reducedMotion: 'reduce',
  });
  return context.newPage();
}

describe('the web app in a browser', () => {
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}: the browser tests cannot run. ` +
          'Install it with `apt-get install -y chromium fonts-wqy-microhei`.',
      );
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-e2e-'));
    server = await startServer({ dataDir, port: 0, host: '127.0.0.1', seedDemo: true, log: false });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs the committee secretary in, shows her home in Chinese, switches to English and signs out', async () => {
    const page = await newPhonePage();
    try {
      await page.goto(`${server.url}/login`);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await page.getByRole('button', { name: '登录' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'the sign-in page');

      await page.getByLabel('用户名').fill('committee');
      await page.getByLabel('密码').fill('linli-demo');
      await page.getByRole('button', { name: '登录' }).click();

      await page.waitForURL(`${server.url}/`);
      await page.getByText('王书记', { exact: false }).first().waitFor();
      await page.getByTestId('summary-households').waitFor();
      await expect.poll(() => page.getByTestId('summary-households').textContent()).toContain('户数');
      const households = Number(
        ((await page.getByTestId('summary-households-value').textContent()) ?? '').replace(/\D/g, ''),
      );
      expect(households).toBeGreaterThan(0);
      expect(await page.getByTestId('user-name').textContent()).toBe('王书记');
      expect(await page.getByText('即将上线').count()).toBeGreaterThan(0);
      await expectNoSeriousA11yViolations(page, 'the home page');

      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(RESULTS_DIR, 'home-390x844.png'), fullPage: true });

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByText('Households', { exact: true }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);

      await page.reload();
      await page.getByText('Households', { exact: true }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.getByText('户数').count()).toBe(0);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${server.url}/login`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('shows the server’s Chinese message when the password is wrong', async () => {
    const page = await newPhonePage();
    try {
      await page.goto(`${server.url}/login`);
      await page.getByLabel('用户名').fill('committee');
      await page.getByLabel('密码').fill('not-the-password');
      await page.getByRole('button', { name: '登录' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('用户名或密码不对');
      expect(page.url()).toBe(`${server.url}/login`);
    } finally {
      await page.context().close();
    }
  });
});
