import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Clock } from '../../src/server/clock';
import { startServer } from '../../src/server/main';

/** Debian's Chromium: playwright's own browser download does not work on this machine. */
export const CHROMIUM = '/usr/bin/chromium';
export const RESULTS_DIR = path.resolve(import.meta.dirname, '../../test-results');

/** What every browser test stands on: Linli with the demo community on a fresh folder, and Chromium. */
export interface BrowserRig {
  /** The running server, for the rare test that must move a clock-like column in its database. */
  server: Awaited<ReturnType<typeof startServer>>;
  url: string;
  browser: Browser;
  dataDir: string;
  /** A context as a person on a phone (390×844) or at a desk would have it: zh-CN, no motion. */
  newContext(width: number, height: number): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** `clock`: the server's time, for a test that must let days pass (a notice period, a yearly review). */
export async function startBrowserRig(
  name: string,
  options: { clock?: Clock; historyMonths?: number; offerElderMode?: boolean } = {},
): Promise<BrowserRig> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the browser tests cannot run. ` +
        'Install it with `apt-get install -y chromium fonts-wqy-microhei`.',
    );
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `linli-e2e-${name}-`));
  const server = await startServer({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    seedDemo: true,
    // The demo's register and chain without its months of history: each test lays down the records its
    // story needs and counts on nobody else's.
    historyMonths: options.historyMonths ?? 0,
    log: false,
    clock: options.clock,
  });
  // The demo's people have answered the 长辈模式 offer of their first sign-in already, so it does not stand
  // in front of every story; the 长辈模式 test asks for it with `offerElderMode`.
  if (!options.offerElderMode) {
    const users = await server.database.db.selectFrom('user_account').select('id').execute();
    if (users.length > 0) {
      await server.database.db
        .insertInto('user_preference')
        .values(
          users.map((u) => ({
            user_id: u.id,
            elder_mode: 0,
            text_step: 1,
            elder_offered: 1,
            updated_at: new Date().toISOString(),
          })),
        )
        .execute();
    }
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // The committee's screen sounds an emergency without a tap first.
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  return {
    server,
    url: server.url,
    browser,
    dataDir,
    newContext: (width, height) =>
      browser.newContext({ viewport: { width, height }, locale: 'zh-CN', reducedMotion: 'reduce' }),
    close: async () => {
      await browser.close();
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('linli-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${url}/`);
}

/** POSTs through the page's session, with its CSRF token, and returns the JSON answer (which must be a 200). */
export async function postAsPage<T>(page: Page, url: string, path: string, body: unknown): Promise<T> {
  const me = (await (await page.request.get(`${url}/api/v1/auth/me`)).json()) as { csrfToken: string };
  const response = await page.request.post(`${url}${path}`, {
    data: body,
    headers: { 'x-csrf-token': me.csrfToken },
  });
  const json = (await response.json()) as T;
  expect(response.status(), JSON.stringify(json)).toBe(200);
  return json;
}

export async function expectNoSeriousA11yViolations(page: Page, where: string): Promise<void> {
  // A pointer left resting on the last button tapped would show its hover colour to the checker.
  await page.mouse.move(0, 0);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `accessibility violations on ${where}`).toEqual([]);
}

export async function noSidewaysScroll(page: Page, where: string): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${where} must not scroll sideways at 390 px`).toBeLessThanOrEqual(390);
}

/** Taps a big choice (antd keeps the input itself out of sight, inside its label). */
export async function choose(page: Page, role: 'radio' | 'checkbox', name: string): Promise<void> {
  const input = page.getByRole(role, { name, exact: true });
  await input.locator('xpath=ancestor::label[1]').click();
  expect(await input.isChecked()).toBe(true);
}
