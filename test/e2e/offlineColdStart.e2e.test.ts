import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
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

interface Household {
  id: string;
  address: { label: string };
  members: { id: string; name: string; age: number | null }[];
}

/** Waits until the service worker has installed, kept the app, and serves this page. */
async function serviceWorkerInCharge(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect
    .poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 60_000 })
    .toBe(true);
}

/** The building leader signed in on the phone, with the service worker serving her pages. */
async function leaderWithWorker(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await signIn(page, rig.url, 'buildingleader');
  await serviceWorkerInCharge(page);
  return page;
}

/** The ids of the building leader's households, as the server lists them to her. */
async function householdIds(page: Page, limit: number): Promise<string[]> {
  const response = await page.request.get(`${rig.url}/api/v1/households?limit=${limit}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: { id: string }[] }).items.map((h) => h.id);
}

async function reportsWith(page: Page, description: string): Promise<number> {
  const response = await page.request.get(`${rig.url}/api/v1/reports?state=all&limit=200`);
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as { items: { description: string }[] };
  return items.filter((r) => r.description === description).length;
}

describe('offline from a cold start: a building leader opens Linli in a stairwell with no signal', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('offline-cold');
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('opens from the phone with no signal, says so, keeps a report through closing the page, and sends it once', async () => {
    const context = await rig.newContext(390, 844);
    const office = await rig.newContext(1280, 900);
    try {
      // Once with signal: sign in, open the home and a household; the service worker keeps the app.
      const first = await leaderWithWorker(context);
      const householdId = (await householdIds(first, 50))[0] ?? '';
      const household = (await (
        await first.request.get(`${rig.url}/api/v1/households/${householdId}`)
      ).json()) as Household;
      const member = household.members[0];
      expect(member).toBeDefined();
      await first.goto(`${rig.url}/households/${household.id}`);
      await first.getByTestId('household-heading').waitFor();
      await first.goto(`${rig.url}/`);
      await first.getByRole('heading', { level: 1 }).first().waitFor();
      await first.close();

      // No signal, and the app opened again from cold.
      await context.setOffline(true);
      const page = await context.newPage();
      await page.goto(`${rig.url}/`);
      await page.getByTestId('offline-notice').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('offline-notice').textContent()).toMatch(/^离线 · 数据更新于 /);
      await noSidewaysScroll(page, 'the home opened with no signal');
      await expectNoSeriousA11yViolations(page, 'the home opened with no signal');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'offline-home-390.png'), fullPage: true });

      // A report about the household, recorded with no signal.
      await page.goto(`${rig.url}/households/${household.id}`);
      await page.getByTestId('household-heading').waitFor();
      await page.getByRole('link', { name: '有情况' }).click();
      await page.waitForURL(`${rig.url}/reports/new?householdId=${household.id}`);
      const description = `e2e 冷启动离线：楼道里的灯坏了 ${Date.now()}`;
      const category = page.getByRole('radio').first();
      await category.locator('xpath=ancestor::label[1]').click();
      await page.getByLabel('发生了什么').fill(description);
      await page.getByRole('button', { name: '提交' }).click();
      await page.getByTestId('report-waiting').waitFor();
      await page.close();

      // Opened again, still with no signal: the report is still waiting on the phone.
      const again = await context.newPage();
      await again.goto(`${rig.url}/`);
      await again.getByTestId('outbox-indicator').waitFor({ timeout: 30_000 });
      expect(await again.getByTestId('outbox-indicator').textContent()).toContain('等待发送 1');
      const officePage = await office.newPage();
      await signIn(officePage, rig.url, 'committee');
      expect(await reportsWith(officePage, description)).toBe(0);

      // The signal returns: it goes by itself, exactly once.
      await context.setOffline(false);
      await expect.poll(() => again.getByTestId('outbox-indicator').count(), { timeout: 30_000 }).toBe(0);
      await expect.poll(() => reportsWith(officePage, description), { timeout: 15_000 }).toBe(1);
      await again.reload();
      await again.getByRole('heading', { level: 1 }).first().waitFor();
      expect(await again.getByTestId('offline-notice').count()).toBe(0);
      expect(await reportsWith(officePage, description)).toBe(1);
    } finally {
      await context.close();
      await office.close();
    }
  });

  it('sends a report recorded with no signal when the signal returns, with every Linli page closed (Background Sync), and once', async () => {
    const context = await rig.newContext(390, 844);
    const office = await rig.newContext(1280, 900);
    try {
      const first = await leaderWithWorker(context);
      const householdId = (await householdIds(first, 50))[1] ?? '';
      await first.goto(`${rig.url}/households/${householdId}`);
      await first.getByTestId('household-heading').waitFor();

      await context.setOffline(true);
      await first.getByRole('link', { name: '有情况' }).click();
      await first.waitForURL(`${rig.url}/reports/new?householdId=${householdId}`);
      const description = `e2e 后台同步：三楼窗户玻璃裂了 ${Date.now()}`;
      await first.getByRole('radio').first().locator('xpath=ancestor::label[1]').click();
      await first.getByLabel('发生了什么').fill(description);
      await first.getByRole('button', { name: '提交' }).click();
      await first.getByTestId('report-waiting').waitFor();
      // The service worker kept its own copy of the request that could not go.
      const copies = () =>
        first.evaluate(
          () =>
            new Promise<number>((resolve, reject) => {
              const open = indexedDB.open('workbox-background-sync');
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                if (!open.result.objectStoreNames.contains('requests')) {
                  open.result.close();
                  resolve(0);
                  return;
                }
                const count = open.result.transaction('requests').objectStore('requests').count();
                count.onsuccess = () => resolve(count.result);
                count.onerror = () => reject(count.error);
              };
            }),
        );
      await expect.poll(copies).toBe(1);
      // She puts the phone away: no page of Linli is open.
      await first.close();

      const officePage = await office.newPage();
      await signIn(officePage, rig.url, 'committee');
      expect(await reportsWith(officePage, description)).toBe(0);

      // The signal returns. The browser wakes the service worker with a sync event; DevTools' own
      // dispatchSyncEvent is how a test stands in for the browser's network observer, which knows nothing
      // of the test's emulated offline.
      await context.setOffline(false);
      // DevTools speaks for a page of the origin: one that is none of Linli's pages (the API's JSON), so no
      // page's outbox can be what sends it.
      const blank = await context.newPage();
      await blank.goto(`${rig.url}/api/v1/auth/me`);
      const devtools = await context.newCDPSession(blank);
      const registrationId = new Promise<string>((resolve) => {
        devtools.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
          const ours = registrations.find((r) => r.scopeURL.startsWith(rig.url) && !r.isDeleted);
          if (ours) resolve(ours.registrationId);
        });
      });
      await devtools.send('ServiceWorker.enable');
      await devtools.send('ServiceWorker.dispatchSyncEvent', {
        origin: new URL(rig.url).origin,
        registrationId: await registrationId,
        tag: 'workbox-background-sync:linli-outbox',
        lastChance: false,
      });
      await expect.poll(() => reportsWith(officePage, description), { timeout: 30_000 }).toBe(1);
      await blank.close();

      // Opened again: the page's own outbox tries the same request, learns it has landed, and clears.
      const again = await context.newPage();
      await again.goto(`${rig.url}/`);
      await again.getByRole('heading', { level: 1 }).first().waitFor();
      await expect.poll(() => again.getByTestId('outbox-indicator').count(), { timeout: 30_000 }).toBe(0);
      expect(await again.evaluate(() => window.localStorage.getItem('linli.outbox'))).toBeNull();
      expect(await reportsWith(officePage, description)).toBe(1);
    } finally {
      await context.close();
      await office.close();
    }
  });

  it('keeps the building leader’s households on the phone, so a report from the home button finds them with no signal', async () => {
    const context = await rig.newContext(390, 844);
    const office = await rig.newContext(1280, 900);
    try {
      // With signal, only the home is opened: no household page, no search.
      const first = await leaderWithWorker(context);
      const ids = await householdIds(first, 300);
      expect(ids.length).toBeGreaterThan(0);
      const last = ids[ids.length - 1] ?? '';
      const household = (await (
        await first.request.get(`${rig.url}/api/v1/households/${last}`)
      ).json()) as Household;
      const member = household.members[0];
      if (!member) throw new Error('the seeded household has nobody in it');
      // The phone brings its working set up to date by itself once the home is on screen.
      await expect
        .poll(
          () =>
            first.evaluate(async () => {
              const cache = await caches.open('linli-working-set');
              const keys = await cache.keys();
              return keys.filter((r) => /\/api\/v1\/households\/[0-9a-f-]{36}$/.test(r.url)).length;
            }),
          { timeout: 30_000 },
        )
        .toBe(ids.length);
      await first.close();

      // In the stairwell, from cold: the report form from the home, the household found by name.
      await context.setOffline(true);
      const page = await context.newPage();
      await page.goto(`${rig.url}/reports/new`);
      await page.getByTestId('report-form').waitFor({ timeout: 30_000 });
      await page.getByLabel('找住户').fill(member.name);
      await page.getByRole('button', { name: '查找', exact: true }).click();
      const hit = page.getByRole('button', { name: new RegExp(household.address.label) }).first();
      await hit.waitFor({ timeout: 15_000 });
      await hit.click();
      await page.getByTestId('report-household').getByText(household.address.label).waitFor();
      // The buildings are there too, for a report about a stairwell rather than a flat.
      await page
        .getByRole('radio', { name: '楼栋、单元等公共地方' })
        .locator('xpath=ancestor::label[1]')
        .click();
      await page.getByRole('combobox', { name: '楼栋' }).click();
      await page.locator('.ant-select-item-option').first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Escape');
      await page.getByRole('radio', { name: '某一户' }).locator('xpath=ancestor::label[1]').click();

      const description = `e2e 首页离线：${member.name}家水管漏水 ${Date.now()}`;
      await page.getByRole('radio').first().locator('xpath=ancestor::label[1]').click();
      await page.getByLabel('发生了什么').fill(description);
      await page.getByRole('button', { name: '提交' }).click();
      await page.getByTestId('report-waiting').waitFor();
      await expectNoSeriousA11yViolations(page, 'the result screen of a report waiting on the phone');

      const officePage = await office.newPage();
      await signIn(officePage, rig.url, 'committee');
      await context.setOffline(false);
      await page.getByTestId('report-sent').waitFor({ timeout: 30_000 });
      await expect.poll(() => reportsWith(officePage, description), { timeout: 15_000 }).toBe(1);
    } finally {
      await context.close();
      await office.close();
    }
  });

  it('opens the round of the day from cold with no signal, and a door marked there is sent once when the signal returns', async () => {
    const context = await rig.newContext(390, 844);
    try {
      // With signal, only the home is opened: the round page never is.
      const first = await leaderWithWorker(context);
      const today = (await (await first.request.get(`${rig.url}/api/v1/round/today`)).json()) as {
        doors: { householdId: string; address: { label: string } }[];
      };
      const door = today.doors[0];
      if (!door) throw new Error('the demo building leader has no doors on her round');
      await expect
        .poll(
          () =>
            first.evaluate(async () => {
              const cache = await caches.open('linli-working-set');
              return (await cache.keys()).filter((r) => r.url.includes('/api/v1/round/today')).length;
            }),
          { timeout: 30_000 },
        )
        .toBe(2);
      await first.close();

      await context.setOffline(true);
      const page = await context.newPage();
      await page.goto(`${rig.url}/round`);
      const doorOnPage = page.locator(`[data-testid="round-door"][data-household-id="${door.householdId}"]`);
      await doorOnPage.waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByTestId('round-door').count()).toBe(today.doors.length);
      await doorOnPage.getByRole('button', { name: new RegExp(`^没人在家 ${door.address.label}`) }).click();
      await doorOnPage.getByTestId('round-door-on-phone').waitFor();
      await expectNoSeriousA11yViolations(page, 'the round opened from cold with no signal');
      await noSidewaysScroll(page, 'the round opened from cold with no signal');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'round-cold-offline-390x844.png') });

      await context.setOffline(false);
      await expect
        .poll(() => page.evaluate(() => window.localStorage.getItem('linli.outbox')), { timeout: 30_000 })
        .toBeNull();
      const marked = await rig.server.database.db
        .selectFrom('round_door')
        .select('outcome')
        .where('household_id', '=', door.householdId)
        .execute();
      expect(marked.map((d) => d.outcome)).toEqual(['nobody_home']);
    } finally {
      await context.close();
    }
  });

  it('the residents’ page reached by a QR code fits a 390 px phone and carries none of the staff app', async () => {
    const context = await rig.newContext(390, 844);
    try {
      const page = await context.newPage();
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(request.url());
      });
      const first = await rig.server.database.db
        .selectFrom('building')
        .select('id')
        .executeTakeFirstOrThrow();
      await page.goto(`${rig.url}/b/${first.id}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const category = page.getByRole('radio').first();
      await category.locator('xpath=ancestor::label[1]').click();
      expect(await category.isChecked()).toBe(true);
      await noSidewaysScroll(page, 'the building page');
      await expectNoSeriousA11yViolations(page, 'the building page');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'public-building-390.png'), fullPage: true });
      expect(scripts.some((url) => /\/assets\/(index|AppShell|HomePage)-/.test(url))).toBe(false);
      expect(await page.evaluate(() => document.querySelector('.ant-btn'))).toBeNull();
    } finally {
      await context.close();
    }
  });
});
