import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserRig,
  choose,
  expectNoSeriousA11yViolations,
  noSidewaysScroll,
  postAsPage,
  RESULTS_DIR,
  signIn,
  startBrowserRig,
} from '../support/browser';
import { cstTime, cstToday, type Household, householdsOf, type Plan } from '../support/care';

let rig: BrowserRig;

/**
 * Issue 5 and SCREENS.md: "Works in a stairwell with no signal: what I enter waits on the phone and goes
 * when it can, and I can see it waiting." A check-in and a visit made offline wait on the phone, go when
 * the signal returns, and land once even when the phone sends them again.
 */
describe('care offline: a building leader checks in and visits in a stairwell with no signal', () => {
  let worker: Page;
  let workerContext: BrowserContext;
  let leaderHouseholds: Household[] = [];

  beforeAll(async () => {
    rig = await startBrowserRig('careoffline');
    workerContext = await rig.newContext(1280, 900);
    worker = await workerContext.newPage();
    await signIn(worker, rig.url, 'worker');
    const leaderContext = await rig.newContext(390, 844);
    const leader = await leaderContext.newPage();
    await signIn(leader, rig.url, 'buildingleader');
    leaderHouseholds = await householdsOf(leader, rig.url);
    await leaderContext.close();
    expect(leaderHouseholds.length).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await workerContext?.close();
    await rig?.close();
  });

  /** What the server holds for the plan, asked as the community worker. */
  async function onServer(planId: string) {
    const visits = (await (
      await worker.request.get(`${rig.url}/api/v1/care/plans/${planId}/visits`)
    ).json()) as {
      items: { id: string; activities: string[] }[];
    };
    const today = (await (await worker.request.get(`${rig.url}/api/v1/care/checkins/today`)).json()) as {
      people: { items: { planId: string; state: string; way: string | null; recordedAt: string | null }[] }[];
    };
    const checkins = today.people.flatMap((p) => p.items).filter((i) => i.planId === planId);
    return { visits: visits.items, checkins };
  }

  it('keeps a check-in and a visit on the phone, shows them waiting, and sends each once when the signal returns', async () => {
    const household = leaderHouseholds.find((h) => h.members.length > 0);
    const resident = household?.members.find((m) => (m.age ?? 0) >= 70) ?? household?.members[0];
    if (!household || !resident) throw new Error('The demo building leader has no household.');
    const plan = await postAsPage<Plan>(worker, rig.url, '/api/v1/care/plans', {
      residentId: resident.id,
      risk: 'high',
      checkin: {
        time: cstTime(120),
        ways: ['phone_call', 'window_sign'],
        graceMinutes: 30,
        consent: { date: cstToday(), form: 'spoken' },
      },
    });

    const context = await rig.newContext(390, 844);
    try {
      const leader = await context.newPage();
      const pageErrors: string[] = [];
      leader.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(leader, rig.url, 'buildingleader');
      const item = leader.locator(`[data-testid="care-item"][data-plan-id="${plan.id}"]`);
      await item.waitFor();
      expect(await item.getByTestId('checkin-state').getAttribute('data-state')).toBe('due');

      // In the stairwell: no signal.
      await context.setOffline(true);
      const enteredFrom = Date.now();
      await item.getByRole('button', { name: new RegExp(`记下报平安 ${resident.name}`) }).click();
      const dialog = leader.getByRole('dialog');
      await dialog.waitFor();
      await choose(leader, 'radio', '打电话');
      await dialog.getByRole('button', { name: '确认报平安' }).click();
      const enteredBy = Date.now();
      await leader.getByTestId('care-notice').filter({ hasText: '存在这部手机上' }).waitFor();
      await item.getByTestId('care-waiting').waitFor();

      await item.getByRole('link', { name: new RegExp(`记下探访 ${resident.name}`) }).click();
      await leader.waitForURL(`${rig.url}/care/plans/${plan.id}/visit`);
      await leader.getByTestId('visit-heading').waitFor();
      await choose(leader, 'checkbox', '聊天');
      await leader.getByTestId('visit-save').click();
      await leader.getByTestId('visit-waiting').waitFor();
      await expectNoSeriousA11yViolations(leader, 'the visit kept on the phone');
      await leader.getByRole('link', { name: '回首页' }).last().click();
      await leader.waitForURL(`${rig.url}/`);

      // Both wait on the phone, each saying what it is and for whom.
      const waiting = leader.getByTestId('outbox-waiting');
      await expect.poll(() => waiting.count()).toBe(2);
      const checkinRow = waiting.and(leader.locator('[data-kind="checkin"]'));
      const visitRow = waiting.and(leader.locator('[data-kind="visit"]'));
      expect(await checkinRow.textContent()).toContain(
        `签到 · ${resident.name} · ${household.address.label}`,
      );
      expect(await checkinRow.textContent()).toContain('打电话');
      expect(await visitRow.textContent()).toContain(`探访 · ${resident.name}`);
      expect(await leader.getByTestId('outbox-indicator').textContent()).toContain('等待发送 2');
      await expectNoSeriousA11yViolations(
        leader,
        'the building leader’s home with a check-in and a visit waiting',
      );
      await noSidewaysScroll(leader, 'the waiting list');
      await leader.screenshot({
        path: path.join(RESULTS_DIR, 'care-offline-waiting-390x844.png'),
        fullPage: true,
      });
      const stored = await leader.evaluate(() => window.localStorage.getItem('linli.outbox'));
      const kept = JSON.parse(stored ?? '[]') as { kind: string; key: string; url: string }[];
      expect(kept.map((k) => [k.kind, k.url])).toEqual([
        ['checkin', `/api/v1/care/plans/${plan.id}/checkins`],
        ['visit', `/api/v1/care/plans/${plan.id}/visits`],
      ]);

      // Trying again with no signal changes nothing.
      await leader.getByRole('button', { name: '现在发送' }).click();
      await leader.waitForTimeout(300);
      expect(await waiting.count()).toBe(2);
      const before = await onServer(plan.id);
      expect(before.visits).toHaveLength(0);
      expect(before.checkins.map((c) => c.state)).toEqual(['due']);

      // The signal returns: both go by themselves.
      await context.setOffline(false);
      await expect.poll(() => leader.getByTestId('outbox-sent').count(), { timeout: 15_000 }).toBe(2);
      await expect.poll(() => waiting.count()).toBe(0);
      await expect.poll(() => leader.getByTestId('outbox-indicator').count()).toBe(0);
      await expect.poll(() => item.getByTestId('checkin-state').getAttribute('data-state')).toBe('done');
      expect(await item.getByTestId('care-waiting').count()).toBe(0);
      await expectNoSeriousA11yViolations(leader, 'the building leader’s home after sending');
      const landed = await onServer(plan.id);
      expect(landed.visits).toHaveLength(1);
      expect(landed.visits[0]?.activities).toEqual(['chat']);
      expect(landed.checkins).toHaveLength(1);
      expect(landed.checkins[0]).toMatchObject({ state: 'done', way: 'phone_call' });
      // It counts for when it was entered on the stairs, not when the signal came back.
      const recorded = new Date(landed.checkins[0]?.recordedAt ?? 0).getTime();
      expect(recorded).toBeGreaterThanOrEqual(enteredFrom);
      expect(recorded).toBeLessThanOrEqual(enteredBy);

      // A phone that sends the same entries again (same keys): still one of each, unchanged.
      await leader.evaluate((value) => {
        window.localStorage.setItem('linli.outbox', value ?? '[]');
        window.dispatchEvent(new Event('online'));
      }, stored);
      await expect.poll(() => leader.evaluate(() => window.localStorage.getItem('linli.outbox'))).toBeNull();
      const after = await onServer(plan.id);
      expect(after.visits.map((v) => v.id)).toEqual(landed.visits.map((v) => v.id));
      expect(after.checkins).toEqual(landed.checkins);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('still sends a report kept on the phone before the outbox carried check-ins and visits', async () => {
    const household = leaderHouseholds[0];
    if (!household) throw new Error('The demo building leader has no household.');
    const context = await rig.newContext(390, 844);
    try {
      const leader = await context.newPage();
      await signIn(leader, rig.url, 'buildingleader');
      const description = `e2e 旧的待发诉求：楼道灯坏了 ${Date.now()}`;
      await leader.evaluate(
        ({ householdId, text }) => {
          const old = {
            key: `old-entry-${Date.now()}`,
            body: { category: 'repairs', householdId, description: text },
            label: { category: '维修', place: '楼道', onBehalfOf: null },
            savedAt: new Date().toISOString(),
            attempts: 0,
            lastTriedAt: null,
          };
          window.localStorage.setItem('linli.outbox', JSON.stringify([old]));
          window.dispatchEvent(new Event('online'));
        },
        { householdId: household.id, text: description },
      );
      await expect.poll(() => leader.evaluate(() => window.localStorage.getItem('linli.outbox'))).toBeNull();
      expect(await leader.evaluate(() => window.localStorage.getItem('linli.outbox.refused'))).toBeNull();
      const reports = (await (
        await worker.request.get(`${rig.url}/api/v1/reports?state=all&limit=200`)
      ).json()) as {
        items: { description: string }[];
      };
      expect(reports.items.filter((r) => r.description === description)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});
