import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserRig,
  expectNoSeriousA11yViolations,
  RESULTS_DIR,
  startBrowserRig,
} from '../support/browser';

let rig: BrowserRig;

async function newPhonePage(): Promise<Page> {
  return (await rig.newContext(390, 844)).newPage();
}

describe('the web app in a browser', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('home');
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('signs the committee secretary in, shows her home in Chinese, switches to English and signs out', async () => {
    const page = await newPhonePage();
    try {
      await page.goto(`${rig.url}/login`);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await page.getByRole('button', { name: '登录' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'the sign-in page');

      await page.getByLabel('用户名').fill('committee');
      await page.getByLabel('密码').fill('linli-demo');
      await page.getByRole('button', { name: '登录' }).click();

      await page.waitForURL(`${rig.url}/`);
      await page.getByText('王书记', { exact: false }).first().waitFor();
      await page.getByTestId('summary-households').waitFor();
      await expect.poll(() => page.getByTestId('summary-households').textContent()).toContain('户数');
      const households = Number(
        ((await page.getByTestId('summary-households-value').textContent()) ?? '').replace(/\D/g, ''),
      );
      expect(households).toBeGreaterThan(0);
      expect(await page.getByTestId('user-name').textContent()).toBe('王书记');
      // 今日一览 has arrived: nothing on the committee's home is still "coming".
      await page.getByTestId('today-desk').waitFor();
      expect(await page.getByText('即将上线').count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'the home page');

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
      await page.waitForURL(`${rig.url}/login`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('sends someone not signed in to the light sign-in page, and back to the page they asked for', async () => {
    const page = await newPhonePage();
    try {
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(r.url());
      });
      await page.goto(`${rig.url}/care`);
      await page.waitForURL(`${rig.url}/login?from=%2Fcare`);
      await page.getByRole('button', { name: '登录' }).waitFor();
      // The sign-in is the residents' light page: opened again, none of the staff app's code is fetched.
      scripts.length = 0;
      await page.reload();
      await page.getByRole('button', { name: '登录' }).waitFor();
      expect(scripts.some((u) => /\/assets\/public-/.test(u))).toBe(true);
      expect(scripts.some((u) => /\/assets\/index-/.test(u))).toBe(false);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'sign-in-390.png'), fullPage: true });

      // A field left empty is named at the field, in plain words.
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByText('请输入用户名。').waitFor();
      expect(await page.getByLabel('用户名').getAttribute('aria-invalid')).toBe('true');
      await expectNoSeriousA11yViolations(page, 'the sign-in page with a field to fill');

      await page.getByLabel('用户名').fill('worker');
      await page.getByLabel('密码').fill('linli-demo');
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(`${rig.url}/care`);
      await page.getByRole('heading', { name: '照护' }).waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('shows the server’s Chinese message when the password is wrong', async () => {
    const page = await newPhonePage();
    try {
      await page.goto(`${rig.url}/login`);
      await page.getByLabel('用户名').fill('committee');
      await page.getByLabel('密码').fill('not-the-password');
      await page.getByRole('button', { name: '登录' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('用户名或密码不对');
      expect(page.url()).toBe(`${rig.url}/login`);
    } finally {
      await page.context().close();
    }
  });
});
