import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cstDate } from '../../src/domain/care/schedule';
import { openFeedBus } from '../../src/server/reports/feed';
import { sweepRound } from '../../src/server/round/round.sweep';
import {
  type BrowserRig,
  expectNoSeriousA11yViolations,
  noSidewaysScroll,
  postAsPage,
  RESULTS_DIR,
  signIn,
  startBrowserRig,
} from '../support/browser';

interface Door {
  householdId: string;
  address: { label: string; floor: number; buildingNumber: string; entranceNumber: string };
  residents: { id: string; name: string }[];
}

let rig: BrowserRig;

/**
 * Issue 19 on a 390×844 phone: the building leader walks one floor of her round and marks the doors —
 * one handed over with "需要帮忙" turned into a report in the same step, one left at the door with no
 * signal in the stairwell, sent once when the signal returns — and when that paper is still there two
 * days later, the committee's desk shows the signal. Every round page is axe-clean.
 */
describe('the round: a building leader walks one floor, one door with no signal', () => {
  let committee: Page;
  let committeeContext: BrowserContext;
  let floor: Door[] = [];

  beforeAll(async () => {
    rig = await startBrowserRig('round');
    committeeContext = await rig.newContext(1280, 900);
    committee = await committeeContext.newPage();
    await signIn(committee, rig.url, 'committee');
    // The leader's doors, and the floor of hers with the most doors: that floor is the walk.
    const probeContext = await rig.newContext(390, 844);
    const probe = await probeContext.newPage();
    await signIn(probe, rig.url, 'buildingleader');
    const today = (await (await probe.request.get(`${rig.url}/api/v1/round/today`)).json()) as {
      doors: Door[];
    };
    await probeContext.close();
    const floors = new Map<string, Door[]>();
    for (const door of today.doors) {
      const key = `${door.address.buildingNumber}-${door.address.entranceNumber}-${door.address.floor}`;
      floors.set(key, [...(floors.get(key) ?? []), door]);
    }
    floor = [...floors.values()].sort((a, b) => b.length - a.length)[0] ?? [];
    expect(floor.length, 'the demo leader needs a floor with two doors').toBeGreaterThanOrEqual(2);
    // What arrived at the gate: a paper for each door of the floor, and a letter for the first.
    await postAsPage(committee, rig.url, '/api/v1/round/items', {
      items: [
        ...floor.map((d) => ({ householdId: d.householdId, kind: 'newspaper', paper: '北京晚报' })),
        { householdId: floor[0]?.householdId, kind: 'letter' },
      ],
    });
  });

  afterAll(async () => {
    await committeeContext?.close();
    await rig?.close();
  });

  it('marks the doors, keeps the offline one on the phone, sends it once, and the desk shows the signal', async () => {
    const [first, second, ...rest] = floor as [Door, Door, ...Door[]];
    const context = await rig.newContext(390, 844);
    try {
      const leader = await context.newPage();
      const pageErrors: string[] = [];
      leader.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(leader, rig.url, 'buildingleader');
      await leader.goto(`${rig.url}/round`);
      const doorOf = (d: Door) =>
        leader.locator(`[data-testid="round-door"][data-household-id="${d.householdId}"]`);
      await doorOf(first).waitFor();
      expect(await doorOf(first).getByTestId('round-door-waiting').textContent()).toContain(
        '报纸《北京晚报》 × 1',
      );
      expect(await doorOf(first).getByTestId('round-door-waiting').textContent()).toContain('信 × 1');
      await expectNoSeriousA11yViolations(leader, 'the round of the day');
      await noSidewaysScroll(leader, 'the round of the day');
      await leader.screenshot({ path: path.join(RESULTS_DIR, 'round-today-390x844.png'), fullPage: false });

      // The first door: handed over in person; "需要帮忙" becomes a report on their behalf, with what was said.
      await doorOf(first)
        .getByRole('button', { name: new RegExp(`^当面交到 ${first.address.label}`) })
        .click();
      await doorOf(first).getByRole('button', { name: '需要帮忙' }).click();
      await doorOf(first)
        .getByRole('radio', { name: '替他报一件事' })
        .locator('xpath=ancestor::label[1]')
        .click();
      const said = `e2e 楼道灯坏了，晚上下楼看不见 ${Date.now()}`;
      await doorOf(first).getByTestId('round-said').fill(said);
      await expectNoSeriousA11yViolations(leader, 'the door’s "需要帮忙" step');
      await leader.screenshot({
        path: path.join(RESULTS_DIR, 'round-door-tell-390x844.png'),
        fullPage: false,
      });
      await doorOf(first).getByTestId('round-tell-send').click();
      await leader.getByTestId('round-notice').filter({ hasText: '记下了' }).waitFor();
      await expect
        .poll(() => doorOf(first).getByTestId('round-door-done').getAttribute('data-outcome'))
        .toBe('handed');

      // The second door, in the stairwell with no signal: left at the door.
      await context.setOffline(true);
      await doorOf(second)
        .getByRole('button', { name: new RegExp(`^放门口或信箱 ${second.address.label}`) })
        .click();
      await leader.getByTestId('round-notice').filter({ hasText: '存在手机上' }).waitFor();
      await doorOf(second).getByTestId('round-door-on-phone').waitFor();
      expect(await doorOf(second).getByTestId('round-door-done').getAttribute('data-outcome')).toBe('left');
      const waiting = leader.getByTestId('outbox-waiting');
      await expect.poll(() => waiting.count()).toBe(1);
      expect(await waiting.getAttribute('data-kind')).toBe('round_door');
      expect(await waiting.textContent()).toContain(second.address.label);
      expect(await waiting.textContent()).toContain('放门口或信箱');
      await expectNoSeriousA11yViolations(leader, 'the round with a door waiting on the phone');
      await leader.screenshot({ path: path.join(RESULTS_DIR, 'round-offline-390x844.png'), fullPage: false });
      const stored = await leader.evaluate(() => window.localStorage.getItem('linli.outbox'));
      const doorsOf = (householdId: string) =>
        rig.server.database.db
          .selectFrom('round_door')
          .select(['id', 'outcome', 'at'])
          .where('household_id', '=', householdId)
          .execute();
      expect(await doorsOf(second.householdId)).toEqual([]);

      // The rest of the floor, still offline: nobody home.
      for (const door of rest) {
        await doorOf(door)
          .getByRole('button', { name: new RegExp(`^没人在家 ${door.address.label}`) })
          .click();
        await doorOf(door).getByTestId('round-door-on-phone').waitFor();
      }

      // The signal returns: what waited goes by itself, once.
      await context.setOffline(false);
      await expect
        .poll(() => leader.evaluate(() => window.localStorage.getItem('linli.outbox')), { timeout: 20_000 })
        .toBeNull();
      const landed = await doorsOf(second.householdId);
      expect(landed.map((d) => d.outcome)).toEqual(['left']);
      for (const door of rest)
        expect((await doorsOf(door.householdId)).map((d) => d.outcome)).toEqual(['nobody_home']);
      // The same tap sent again by a phone that did not hear the answer: still one.
      await leader.evaluate((value) => {
        window.localStorage.setItem('linli.outbox', value ?? '[]');
        window.dispatchEvent(new Event('online'));
      }, stored);
      await expect.poll(() => leader.evaluate(() => window.localStorage.getItem('linli.outbox'))).toBeNull();
      expect(await doorsOf(second.householdId)).toEqual(landed);
      expect(await leader.evaluate(() => window.localStorage.getItem('linli.outbox.refused'))).toBeNull();

      // The report made at the first door is there, on the resident's behalf, with what was said.
      const firstDoor = await rig.server.database.db
        .selectFrom('round_door')
        .select(['report_id', 'answer', 'became'])
        .where('household_id', '=', first.householdId)
        .executeTakeFirstOrThrow();
      expect(firstDoor).toMatchObject({ answer: 'needs_help', became: 'report' });
      const report = (await (
        await committee.request.get(`${rig.url}/api/v1/reports/${firstDoor.report_id}`)
      ).json()) as { description: string };
      expect(report.description).toContain(said);

      // The other round pages, axe-clean on the phone.
      for (const [to, testId, name] of [
        ['/round/items', 'round-items-page', 'round-items'],
        ['/round/waiting', 'round-waiting-page', 'round-waiting'],
        ['/round/subscriptions', 'round-subscriptions-page', 'round-subscriptions'],
      ] as const) {
        await leader.goto(`${rig.url}${to}`);
        await leader.getByTestId(testId).waitFor();
        await leader.waitForLoadState('networkidle');
        await expectNoSeriousA11yViolations(leader, to);
        await noSidewaysScroll(leader, to);
        await leader.screenshot({ path: path.join(RESULTS_DIR, `${name}-390x844.png`), fullPage: true });
      }
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }

    // Two days on, the paper left at the second door is still not taken: the sweep raises a signal.
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await rig.server.database.db
      .updateTable('round_item')
      .set({ date: cstDate(twoDaysAgo), settled_at: twoDaysAgo.toISOString() })
      .where('household_id', '=', second.householdId)
      .where('state', '=', 'left')
      .execute();
    const feed = await openFeedBus(rig.server.database);
    try {
      const swept = await sweepRound({ db: rig.server.database.db, clock: () => new Date(), feed });
      expect(swept.signals).toBe(1);
    } finally {
      await feed.close();
    }

    // The committee's desk shows it, with why.
    await committee.goto(`${rig.url}/`);
    const desk = committee.getByTestId('round-desk');
    await desk.waitFor();
    await expect.poll(() => desk.getByTestId('round-desk-signal').count()).toBe(1);
    expect(await desk.getByTestId('round-desk-signals').textContent()).toContain('报纸堆着没拿 1 户');
    expect(await desk.getByTestId('round-desk-signal').textContent()).toContain(second.address.label);
    expect(await desk.getByTestId('round-desk-coverage').textContent()).toContain('共');
    await expectNoSeriousA11yViolations(committee, 'the committee’s home with the round');
    await desk.screenshot({ path: path.join(RESULTS_DIR, 'round-desk-1280x900.png') });
  });
});
