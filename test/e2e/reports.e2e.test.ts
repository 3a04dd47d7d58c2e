import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserRig,
  expectNoSeriousA11yViolations,
  RESULTS_DIR,
  signIn as signInAt,
  startBrowserRig,
} from '../support/browser';

let rig: BrowserRig;

interface Member {
  id: string;
  name: string;
  age: number | null;
}
interface Household {
  id: string;
  address: { label: string };
  members: Member[];
}
interface Summary {
  id: string;
  description: string;
  recordedBy: string | null;
  onBehalfOf: string | null;
  emergency: boolean;
}

const newContext = (width: number, height: number) => rig.newContext(width, height);
const signIn = (page: Page, username: string) => signInAt(page, rig.url, username);

/** One of the signed-in building leader's households with a member aged 70 or more (through the API). */
async function elderlyHousehold(
  page: Page,
  skip: readonly string[] = [],
): Promise<{ household: Household; elder: Member }> {
  const list = (await (await page.request.get(`${rig.url}/api/v1/households?limit=100`)).json()) as {
    items: { id: string }[];
  };
  for (const item of list.items) {
    if (skip.includes(item.id)) continue;
    const household = (await (
      await page.request.get(`${rig.url}/api/v1/households/${item.id}`)
    ).json()) as Household;
    const elder = household.members.find((m) => (m.age ?? 0) >= 70);
    if (elder) return { household, elder };
  }
  throw new Error('The demo building leader has no household with a member aged 70 or more.');
}

/** Opens the household from the leader's list, the way a person would. */
async function openHousehold(page: Page, household: Household) {
  await page.goto(`${rig.url}/households`);
  await page.getByRole('link', { name: household.address.label }).first().click();
  await page.waitForURL(`${rig.url}/households/${household.id}`);
  await page.getByTestId('household-heading').waitFor();
}

/** Taps the big button (antd keeps the radio input itself out of sight, inside its label). */
async function choose(page: Page, name: string | RegExp) {
  const radio = page.getByRole('radio', { name });
  await radio.locator('xpath=ancestor::label[1]').click();
  expect(await radio.isChecked()).toBe(true);
}

async function fillReport(page: Page, category: string, elder: Member, description: string) {
  await choose(page, category);
  await choose(page, new RegExp(`^${elder.name}`));
  await page.getByLabel('发生了什么').fill(description);
}

async function reportsAsCommittee(page: Page): Promise<Summary[]> {
  const response = await page.request.get(`${rig.url}/api/v1/reports?state=all&limit=200`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: Summary[] }).items;
}

describe('reports: recorded on a phone, seen by the committee at once', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('reports');
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('a building leader records a health emergency for an elderly resident; the committee’s open screen shows it without reloading', async () => {
    const committeeContext = await newContext(1280, 900);
    const leaderContext = await newContext(390, 844);
    try {
      const committee = await committeeContext.newPage();
      const pageErrors: string[] = [];
      committee.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(committee, 'committee');
      await committee.getByTestId('live-feed').waitFor();
      await expect.poll(() => committee.getByTestId('feed-status').textContent()).toContain('实时连接中');
      const urlBefore = committee.url();
      // Marks the page: a reload would lose it.
      await committee.evaluate(() => {
        (window as unknown as { stillHere: boolean }).stillHere = true;
      });

      const leader = await leaderContext.newPage();
      await signIn(leader, 'buildingleader');
      const leaderName = (await leader.getByTestId('user-name').textContent()) ?? '';
      expect(leaderName).not.toBe('');
      const { household, elder } = await elderlyHousehold(leader);
      await openHousehold(leader, household);
      await expectNoSeriousA11yViolations(leader, 'the household page with its reports');
      await leader.getByRole('link', { name: '有情况' }).click();
      await leader.waitForURL(`${rig.url}/reports/new?householdId=${household.id}`);
      await leader.getByTestId('report-household').getByText(household.address.label).waitFor();

      const description = `e2e 突发：${elder.name}在家中摔倒，意识不清 ${Date.now()}`;
      await fillReport(leader, '突发疾病', elder, description);
      // The urgency follows the category.
      expect(await leader.getByRole('radio', { name: /危及生命财产/ }).isChecked()).toBe(true);
      await expectNoSeriousA11yViolations(leader, 'the report form');
      await leader.screenshot({ path: path.join(RESULTS_DIR, 'report-form-390x844.png'), fullPage: true });
      const width = await leader.evaluate(() => document.documentElement.scrollWidth);
      expect(width, 'the report form must not scroll sideways at 390 px').toBeLessThanOrEqual(390);

      const submittedAt = Date.now();
      await leader.getByRole('button', { name: '提交' }).click();
      await leader.getByTestId('report-sent').waitFor();
      // The result stays in view in place of the form, so nobody faces a blank form and submits again.
      expect(await leader.getByTestId('report-form').count()).toBe(0);
      const resultBox = await leader.getByTestId('report-sent').boundingBox();
      expect(resultBox?.y ?? -1).toBeGreaterThanOrEqual(0);
      expect(await leader.getByTestId('report-sent').textContent()).toMatch(/由.+处理/);

      // The committee's screen, never reloaded, has it within a few seconds.
      const item = committee.getByTestId('feed-item').filter({ hasText: description });
      await item.waitFor({ timeout: 5_000 });
      const seenAfterMs = Date.now() - submittedAt;
      expect(seenAfterMs).toBeLessThan(5_000);
      const itemText = (await item.textContent()) ?? '';
      expect(itemText).toContain(elder.name);
      expect(itemText).toContain(`${leaderName}替${elder.name}记录`);
      expect(itemText).toContain('新诉求');
      expect(itemText).toMatch(/刚刚|分钟前/);
      // The newest is on top.
      expect(await committee.getByTestId('feed-item').first().textContent()).toContain(description);
      const banner = committee.getByRole('alert').filter({ hasText: '紧急' });
      await banner.waitFor();
      expect(await banner.textContent()).toContain(household.address.label);
      expect(committee.url()).toBe(urlBefore);
      expect(await committee.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(
        true,
      );
      expect(pageErrors).toEqual([]);

      await expectNoSeriousA11yViolations(committee, 'the committee home with the live feed');
      await committee.screenshot({ path: path.join(RESULTS_DIR, 'committee-feed.png'), fullPage: true });

      // The committee's screen told the server it had the report: the latency is kept on the report.
      const reports = await reportsAsCommittee(committee);
      const saved = reports.filter((r) => r.description === description);
      expect(saved).toHaveLength(1);
      const id = saved[0]?.id ?? '';
      expect(saved[0]?.onBehalfOf).toBe(elder.name);
      expect(saved[0]?.emergency).toBe(true);
      await expect
        .poll(async () => {
          const detail = (await (await committee.request.get(`${rig.url}/api/v1/reports/${id}`)).json()) as {
            committeeLatencyMs: number | null;
          };
          return detail.committeeLatencyMs;
        })
        .not.toBeNull();
      // The building leader's result screen, still open, says by name that the committee has seen it.
      await expect
        .poll(() => leader.getByTestId('report-seen').textContent(), { timeout: 25_000 })
        .toMatch(/已看到/);
      await expectNoSeriousA11yViolations(leader, 'the result screen after a report is sent');
      await leader.screenshot({ path: path.join(RESULTS_DIR, 'report-sent-390x844.png') });
      await leader.getByRole('button', { name: '再报一件' }).click();
      await leader.getByTestId('report-form').waitFor();

      // The committee opens it from the feed, sees the whole story and acknowledges it.
      await item.getByRole('link').click();
      await committee.waitForURL(`${rig.url}/reports/${id}`);
      await committee.getByTestId('report-heading').waitFor();
      expect(await committee.getByTestId('report-description').textContent()).toBe(description);
      expect(await committee.getByTestId('report-timeline').textContent()).toContain('记录');
      expect(await committee.getByTestId('feedback-link').getAttribute('href')).toContain('/r/');
      await expectNoSeriousA11yViolations(committee, 'the report detail');
      await committee.getByTestId('action-acknowledge').click();
      await expect.poll(() => committee.getByTestId('report-state').first().textContent()).toBe('已接收');
      expect(await committee.getByTestId('report-timeline').textContent()).toContain('接收');

      // The committee's list of open reports no longer holds it as new; it is there, acknowledged.
      await committee.getByRole('link', { name: '诉求' }).first().click();
      await committee.waitForURL(`${rig.url}/reports`);
      // At 1280 px the committee sits at the desk: the list is a table of rows.
      await committee
        .getByTestId('reports-table')
        .getByRole('row')
        .filter({ hasText: description })
        .getByText('已接收')
        .waitFor();
      await expectNoSeriousA11yViolations(committee, 'the list of reports');

      // The leader's household page lists the report.
      await openHousehold(leader, household);
      await leader.getByTestId('household-reports').getByText(description).waitFor();
    } finally {
      await leaderContext.close();
      await committeeContext.close();
    }
  });

  it('keeps a report recorded with no signal on the phone, shows it waiting, and sends it exactly once when the signal returns', async () => {
    const committeeContext = await newContext(1280, 900);
    const leaderContext = await newContext(390, 844);
    try {
      const committee = await committeeContext.newPage();
      await signIn(committee, 'committee');
      await committee.getByTestId('live-feed').waitFor();
      await expect.poll(() => committee.getByTestId('feed-status').textContent()).toContain('实时连接中');

      const leader = await leaderContext.newPage();
      await signIn(leader, 'buildingleader');
      const { household, elder } = await elderlyHousehold(leader);
      await openHousehold(leader, household);

      // In the stairwell: no signal.
      await leaderContext.setOffline(true);
      await leader.getByRole('link', { name: '有情况' }).click();
      await leader.waitForURL(`${rig.url}/reports/new?householdId=${household.id}`);
      const description = `e2e 离线：${elder.name}家门口楼道灯坏了，老人晚上出不了门 ${Date.now()}`;
      await fillReport(leader, '养老照护', elder, description);
      await leader.getByRole('button', { name: '提交' }).click();

      await leader.getByTestId('report-waiting').waitFor();
      const waiting = leader.getByTestId('outbox-waiting');
      await waiting.first().waitFor();
      expect(await waiting.count()).toBe(1);
      expect(await waiting.first().textContent()).toContain('养老照护');
      expect(await leader.getByRole('heading', { name: '等待发送' }).count()).toBe(1);
      await expectNoSeriousA11yViolations(leader, 'the report form with a report waiting');
      expect(await leader.getByTestId('outbox-indicator').textContent()).toContain('等待发送 1');
      const stored = await leader.evaluate(() => window.localStorage.getItem('linli.outbox'));
      const kept = JSON.parse(stored ?? '[]') as { key: string; body: { description: string } }[];
      expect(kept).toHaveLength(1);
      expect(kept[0]?.body.description).toBe(description);
      expect(kept[0]?.key.length).toBeGreaterThanOrEqual(8);

      // Trying again with no signal changes nothing: it keeps waiting, with the same key.
      await leader.getByRole('button', { name: '现在发送' }).click();
      await leader.waitForTimeout(300);
      expect(await waiting.count()).toBe(1);
      expect((await reportsAsCommittee(committee)).filter((r) => r.description === description)).toHaveLength(
        0,
      );

      // The signal returns: it goes by itself.
      await leaderContext.setOffline(false);
      await leader.getByTestId('outbox-sent').filter({ hasText: '养老照护' }).waitFor({ timeout: 15_000 });
      // The result screen that said "waiting" now says it reached the community.
      await leader.getByTestId('report-sent').waitFor({ timeout: 15_000 });
      await expect.poll(() => waiting.count()).toBe(0);
      await expect.poll(() => leader.getByTestId('outbox-indicator').count()).toBe(0);
      expect(await leader.evaluate(() => window.localStorage.getItem('linli.outbox'))).toBeNull();

      // The committee's open screen got it too.
      await committee.getByTestId('feed-item').filter({ hasText: description }).waitFor({ timeout: 5_000 });

      // A phone that retries the same entry (same key) after all: still one report.
      await leader.evaluate((value) => {
        window.localStorage.setItem('linli.outbox', value ?? '[]');
        window.dispatchEvent(new Event('online'));
      }, stored);
      await expect.poll(() => leader.evaluate(() => window.localStorage.getItem('linli.outbox'))).toBeNull();

      const matching = (await reportsAsCommittee(committee)).filter((r) => r.description === description);
      expect(matching).toHaveLength(1);
      expect(matching[0]?.onBehalfOf).toBe(elder.name);
    } finally {
      await leaderContext.close();
      await committeeContext.close();
    }
  });
  it('shows the committee the three rates on a phone', async () => {
    const context = await newContext(390, 844);
    try {
      const page = await context.newPage();
      await signIn(page, 'committee');
      await page.goto(`${rig.url}/reports`);
      await page.getByTestId('rates-link').click();
      await page.getByRole('heading', { name: '三率：响应、解决、满意' }).waitFor();
      await page.getByTestId('rates-rows').waitFor({ state: 'attached' });
      await expectNoSeriousA11yViolations(page, 'the three rates');
      await page.screenshot({ path: 'test-results/rates-390x844.png', fullPage: true });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(wide).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  });
});
