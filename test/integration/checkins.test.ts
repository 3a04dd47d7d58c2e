import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/server/app';
import { computeScope } from '../../src/server/auth/scope';
import { deliverCheckin, sweepCheckins } from '../../src/server/care/ladder';
import { configFromEnv } from '../../src/server/config';
import { type FeedBus, type FeedSignal, openFeedBus } from '../../src/server/reports/feed';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/** `HH:MM` in China Standard Time, `minutes` after the test clock. */
function localTimeIn(now: Date, minutes: number): string {
  return new Date(now.getTime() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(11, 16);
}

interface Subject {
  householdId: string;
  residentId: string;
}

describe.each(DIALECTS)('daily check-ins and the missed check-in ladder on %s', (dialect) => {
  let t: TestApp;
  let bus: FeedBus;
  const signals: FeedSignal[] = [];
  let subjects: Subject[] = [];
  let next = 0;
  let leaderPosition: string;
  let partyMemberPosition: string;
  let committeePosition: string;

  const sweep = () => sweepCheckins({ db: t.database.db, clock: t.clock, feed: bus });
  // Sessions end after 30 idle minutes and the tests move the clock by hours: sign in afresh each time.
  const as = (username: string) => signIn(t.app, username);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    bus = await openFeedBus(t.database);
    bus.subscribe((s) => signals.push(s));
    const leader = await as('buildingleader');
    const households = (await leader.get('/api/v1/households?limit=50')).json().items as { id: string }[];
    for (const h of households) {
      const members = (await leader.get(`/api/v1/households/${h.id}`)).json().members as { id: string }[];
      for (const m of members) subjects.push({ householdId: h.id, residentId: m.id });
    }
    subjects = subjects.slice(0, 12);
    const db = t.database.db;
    const positionOf = async (username: string) => {
      const user = t.seed.users.find((u) => u.username === username);
      return (
        await db
          .selectFrom('liaison_position')
          .select('id')
          .where('user_id', '=', user?.id ?? '')
          .executeTakeFirstOrThrow()
      ).id;
    };
    leaderPosition = await positionOf('buildingleader');
    partyMemberPosition = await positionOf('partymember');
    committeePosition = (
      await db
        .selectFrom('liaison_position')
        .select('id')
        .where('tier', '=', 'committee')
        .where('community_id', '=', t.seed.communityIds[0] as string)
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await bus.close();
    await t.close();
  });

  /** A plan with a daily check-in due `inMinutes` from now, made by the committee for the next resident. */
  async function planWithCheckin(inMinutes = 30, ways = ['phone_call', 'window_sign']) {
    const subject = subjects[next++ % subjects.length];
    if (!subject) throw new Error('no residents in the building leader’s households');
    const committee = await as('committee');
    const res = await committee.post('/api/v1/care/plans', {
      residentId: subject.residentId,
      risk: 'high',
      checkin: {
        time: localTimeIn(t.clock(), inMinutes),
        ways,
        consent: { date: '2026-11-01', form: 'spoken', witness: '女儿' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    created.push(res.json().id);
    return { plan: res.json(), subject };
  }

  // The leader covers few households: each test ends its plans, so the next can start new ones.
  const created: string[] = [];
  afterEach(async () => {
    const committee = await as('committee');
    for (const id of created.splice(0)) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/care/plans/${id}`,
        payload: { end: true },
        headers: { cookie: committee.cookie, 'x-csrf-token': committee.csrfToken },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
  });

  async function checkinOf(s: SignedIn, planId: string) {
    const today = (await s.get('/api/v1/care/checkins/today')).json();
    return today.people
      .flatMap((p: { items: { planId: string }[] }) => p.items)
      .find((i: { planId: string }) => i.planId === planId);
  }

  const signalsFor = (checkinId: string) =>
    signals.filter((s) => 'checkinId' in s && s.checkinId === checkinId).map((s) => s.kind);

  it('climbs the ladder once per step, in order, and stops at the door visit', async () => {
    const { plan } = await planWithCheckin(30);
    expect(plan.checkin).toMatchObject({ graceMinutes: 30, ways: ['phone_call', 'window_sign'] });
    expect(plan.responsible.positionId).toBe(leaderPosition);
    expect((await checkinOf(await as('buildingleader'), plan.id)).state).toBe('due');

    t.clock.advanceMinutes(61); // 30 to the due time, 30 of grace, one more
    // Two sweeps at once (two servers, or a retry): each step still lands once.
    await Promise.all([sweep(), sweep()]);
    let leader = await as('buildingleader');
    const missed = await checkinOf(leader, plan.id);
    expect(missed).toMatchObject({ state: 'missed', ladderStep: 1 });
    expect(missed.ladder.map((l: { step: number; outcome: string | null }) => [l.step, l.outcome])).toEqual([
      [1, 'sent'],
      [2, null],
    ]);
    expect(missed.ladder[0].notified.map((p: { positionId: string }) => p.positionId)).toEqual([
      leaderPosition,
    ]);
    const leaderTasks = (await leader.get('/api/v1/care/tasks')).json().items;
    expect(leaderTasks).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'reminder', checkinId: missed.id, step: 1 })]),
    );

    t.clock.advanceMinutes(29);
    expect(await sweep()).toEqual({ opened: 0, steps: 0 });
    t.clock.advanceMinutes(1);
    await Promise.all([sweep(), sweep()]);
    const partyMember = await as('partymember');
    const escalated = await checkinOf(partyMember, plan.id);
    expect(escalated).toMatchObject({ state: 'escalated', ladderStep: 2 });
    expect(escalated.ladder[1].notified.map((p: { positionId: string }) => p.positionId)).toContain(
      partyMemberPosition,
    );
    expect((await partyMember.get('/api/v1/care/tasks')).json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'escalation', checkinId: missed.id })]),
    );

    t.clock.advanceMinutes(60);
    await Promise.all([sweep(), sweep()]);
    t.clock.advanceMinutes(600);
    await sweep();
    const committee = await as('committee');
    const atDoor = (await committee.get(`/api/v1/care/checkins/${missed.id}`)).json();
    expect(atDoor.ladder.map((l: { step: number; outcome: string }) => [l.step, l.outcome])).toEqual([
      [1, 'sent'],
      [2, 'sent'],
      [3, 'sent'],
    ]);
    expect(atDoor.ladder[2].notified.map((p: { positionId: string }) => p.positionId)).toEqual([
      committeePosition,
    ]);
    expect((await committee.get('/api/v1/care/tasks')).json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'door_visit', checkinId: missed.id })]),
    );
    await vi.waitFor(() =>
      expect(signalsFor(missed.id)).toEqual(['checkin_missed', 'checkin_escalated', 'checkin_door_visit']),
    );
    const ladderAudit = await t.database.db
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'care.checkin_ladder')
      .where('target_id', '=', missed.id)
      .execute();
    expect(ladderAudit).toHaveLength(3);

    // Then the door is knocked on and she is found well: the outcome closes it, and the tasks.
    const found = await committee.post(`/api/v1/care/plans/${plan.id}/checkin-outcome`, {
      outcome: 'no_answer_then_found_safe',
      note: '助听器没电了，没听见电话',
    });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({
      id: missed.id,
      state: 'resolved',
      outcome: 'no_answer_then_found_safe',
    });
    expect((await committee.get('/api/v1/care/tasks')).json().items).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ checkinId: missed.id })]),
    );
    leader = await as('buildingleader');
    expect(leader).toBeDefined();
  });

  it('stops as soon as anyone records the check-in, and refuses a way the plan does not allow', async () => {
    const { plan } = await planWithCheckin(10);
    t.clock.advanceMinutes(41);
    await sweep();
    const leader = await as('buildingleader');
    const missed = await checkinOf(leader, plan.id);
    expect(missed.state).toBe('missed');
    const wrongWay = await leader.post(`/api/v1/care/plans/${plan.id}/checkins`, { way: 'newspaper_taken' });
    expect(wrongWay.statusCode).toBe(400);
    expect(wrongWay.json().error.code).toBe('care.way_not_allowed');
    const done = await leader.post(`/api/v1/care/plans/${plan.id}/checkins`, { way: 'window_sign' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ id: missed.id, state: 'done', way: 'window_sign', ladderStep: 1 });
    t.clock.advanceMinutes(200);
    expect(await sweep()).toMatchObject({ steps: 0 });
    const after = (await (await as('committee')).get(`/api/v1/care/checkins/${missed.id}`)).json();
    expect(after.state).toBe('done');
    expect(after.ladder.map((l: { step: number; outcome: string }) => [l.step, l.outcome])).toEqual([
      [1, 'sent'],
      [2, 'stopped'],
    ]);
    // The sweep's bus heard step 1 and no step after it (the answer went out on the app's own bus).
    await vi.waitFor(() => expect(signalsFor(missed.id)).toContain('checkin_missed'));
    expect(signalsFor(missed.id)).not.toContain('checkin_escalated');
  });

  it('a check-in recorded in time opens no ladder at all', async () => {
    const { plan } = await planWithCheckin(20);
    const leader = await as('buildingleader');
    const done = await leader.post(`/api/v1/care/plans/${plan.id}/checkins`, { way: 'phone_call' });
    expect(done.json()).toMatchObject({ state: 'done', way: 'phone_call', ladder: [] });
    t.clock.advanceMinutes(60);
    await sweep();
    const after = await checkinOf(await as('buildingleader'), plan.id);
    expect(after).toMatchObject({ id: done.json().id, state: 'done', ladderStep: 0, ladder: [] });
  });

  it('survives a restart in the middle of the ladder: a fresh app and worker take the next step once', async () => {
    const { plan } = await planWithCheckin(5);
    t.clock.advanceMinutes(36);
    await sweep();
    const missed = await checkinOf(await as('committee'), plan.id);
    expect(missed.ladderStep).toBe(1);
    // The "old server" is gone; a new one on the same database, with a bus of its own.
    const app2 = await buildApp({
      database: t.database,
      clock: t.clock,
      config: configFromEnv({}, { dataDir: t.database.dataDir }),
      logger: false,
      webDir: null,
    });
    const bus2 = await openFeedBus(t.database);
    try {
      t.clock.advanceMinutes(30);
      const fresh = { db: t.database.db, clock: t.clock, feed: bus2 };
      const results = await Promise.all([sweepCheckins(fresh), sweepCheckins(fresh), sweep()]);
      expect(results.reduce((n, r) => n + r.steps, 0)).toBe(1);
      const login = await signIn(app2, 'committee');
      const after = (await login.get(`/api/v1/care/checkins/${missed.id}`)).json();
      expect(after).toMatchObject({ state: 'escalated', ladderStep: 2 });
      expect(after.ladder.filter((l: { outcome: string }) => l.outcome === 'sent')).toHaveLength(2);
      const steps = await t.database.db
        .selectFrom('checkin_ladder')
        .select(['step'])
        .where('checkin_id', '=', missed.id)
        .execute();
      expect(steps.map((s) => s.step).sort()).toEqual([1, 2, 3]);
    } finally {
      await bus2.close();
      await app2.close();
    }
    // Close it so later tests' counts stay simple.
    await (await as('committee')).post(`/api/v1/care/plans/${plan.id}/checkin-outcome`, {
      outcome: 'safe_and_well',
    });
  });

  it('records outcomes with their reasons, told apart; one known ahead opens no ladder', async () => {
    const { plan: lineDown } = await planWithCheckin(5);
    const { plan: away } = await planWithCheckin(5);
    const leader = await as('buildingleader');
    const ahead = await leader.post(`/api/v1/care/plans/${away.id}/checkin-outcome`, {
      outcome: 'away_with_family',
      note: '去女儿家过周末',
    });
    expect(ahead.json()).toMatchObject({ state: 'resolved', outcome: 'away_with_family' });
    t.clock.advanceMinutes(36);
    const swept = await sweep();
    expect(swept.opened).toBe(1);
    const l2 = await as('buildingleader');
    const missed = await checkinOf(l2, lineDown.id);
    expect(missed.state).toBe('missed');
    const bad = await l2.post(`/api/v1/care/plans/${lineDown.id}/checkin-outcome`, {
      outcome: 'nobody_knows',
    });
    expect(bad.statusCode).toBe(400);
    const res = await l2.post(`/api/v1/care/plans/${lineDown.id}/checkin-outcome`, {
      outcome: 'phone_line_down',
      note: '春节电话线路故障，上门确认平安',
    });
    expect(res.json()).toMatchObject({
      id: missed.id,
      state: 'resolved',
      outcome: 'phone_line_down',
      outcomeNote: '春节电话线路故障，上门确认平安',
    });
    expect((await checkinOf(l2, away.id)).outcome).toBe('away_with_family');
    t.clock.advanceMinutes(120);
    expect((await sweep()).steps).toBe(0);
  });

  it('lists today’s check-ins per responsible person and colours the building picture', async () => {
    const { plan: due } = await planWithCheckin(60);
    const { plan: late, subject } = await planWithCheckin(5);
    t.clock.advanceMinutes(36);
    await sweep();
    const leader = await as('buildingleader');
    const today = (await leader.get('/api/v1/care/checkins/today')).json();
    const mine = today.people.find(
      (p: { responsible: { positionId: string } | null }) => p.responsible?.positionId === leaderPosition,
    );
    expect(mine.items.find((i: { planId: string }) => i.planId === due.id).state).toBe('due');
    expect(mine.items.find((i: { planId: string }) => i.planId === late.id).state).toBe('missed');
    expect(mine.counts.missed).toBeGreaterThanOrEqual(1);
    expect(mine.counts.due).toBeGreaterThanOrEqual(1);
    const filtered = (await leader.get(`/api/v1/care/checkins/today?positionId=${leaderPosition}`)).json();
    expect(filtered.totals).toEqual(today.totals);
    // The c2 committee sees none of it.
    const other = await signIn(t.app, 'c2.committee');
    expect((await other.get('/api/v1/care/checkins/today')).json().people).toEqual([]);
    const missedId = (await checkinOf(leader, late.id)).id;
    expect((await other.get(`/api/v1/care/checkins/${missedId}`)).statusCode).toBe(404);

    const household = (await leader.get(`/api/v1/households/${subject.householdId}`)).json();
    const building = (await leader.get('/api/v1/buildings'))
      .json()
      .items.find((b: { number: string }) => b.number === household.address.buildingNumber);
    const picture = (await leader.get(`/api/v1/buildings/${building.id}/picture?lens=checkins`)).json();
    const cells = picture.entrances.flatMap((e: { floors: { flats: { householdId: string }[] }[] }) =>
      e.floors.flatMap((f) => f.flats),
    );
    expect(cells.find((c: { householdId: string }) => c.householdId === subject.householdId).lensKey).toBe(
      'checkin_missed',
    );
    expect(picture.lens).toBe('checkins');
  });

  it('tells the key holder at step 2 (from the key register); only key-seeing roles see who', async () => {
    const { plan, subject } = await planWithCheckin(5);
    const db = t.database.db;
    const groupLeader = await db
      .selectFrom('liaison_position')
      .select('id')
      .where('tier', '=', 'group_leader')
      .where('community_id', '=', t.seed.communityIds[0] as string)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('care_key')
      .values({
        id: randomUUID(),
        community_id: t.seed.communityIds[0] as string,
        household_id: subject.householdId,
        resident_id: subject.residentId,
        label: '防盗门钥匙',
        holder_position_id: groupLeader.id,
        holder_name: '邻居李阿姨',
        holder_phone: null,
        held_since: '2026-02-01',
        consent_date: '2026-02-01',
        consent_form: 'written',
        consent_witness: null,
        note: null,
        returned_on: null,
        returned_to: null,
        return_note: null,
        returned_by_user_id: null,
        created_by_user_id: null,
        created_at: t.clock().toISOString(),
      } as never)
      .execute();
    t.clock.advanceMinutes(36);
    await sweep();
    t.clock.advanceMinutes(30);
    await sweep();
    const committee = await as('committee');
    const id = (await checkinOf(committee, plan.id)).id;
    const seen = (await committee.get(`/api/v1/care/checkins/${id}`)).json();
    expect(seen.ladder[1].keyHolders).toEqual(['邻居李阿姨']);
    expect(seen.ladder[1].notified.map((p: { positionId: string }) => p.positionId)).toContain(
      groupLeader.id,
    );
    const leader = await as('buildingleader');
    expect((await leader.get(`/api/v1/care/checkins/${id}`)).json().ladder[1].keyHolders).toEqual([]);

    // The live feed: the same check-in reaches a committee screen with the holder, a leader's without.
    const writes: Record<string, string[]> = { committee: [], leader: [], far: [] };
    const scopeOf = async (username: string) => {
      const user = await db
        .selectFrom('user_account')
        .select(['id', 'role', 'community_id', 'subdistrict_id'])
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      return computeScope(
        db,
        {
          id: user.id,
          role: user.role,
          communityId: user.community_id,
          subdistrictId: user.subdistrict_id,
        } as never,
        '2026-11-29',
      );
    };
    await deliverCheckin(
      db,
      t.clock,
      [
        { scope: await scopeOf('committee'), lang: 'zh-CN', write: (c) => writes.committee?.push(c) },
        { scope: await scopeOf('buildingleader'), lang: 'zh-CN', write: (c) => writes.leader?.push(c) },
        { scope: await scopeOf('far.committee'), lang: 'zh-CN', write: (c) => writes.far?.push(c) },
      ],
      { kind: 'checkin_escalated', checkinId: id, step: 2, at: t.clock().toISOString() },
    );
    expect(writes.committee?.[0]).toContain('event: checkin');
    expect(writes.committee?.[0]).toContain('邻居李阿姨');
    expect(writes.leader?.[0]).toContain('event: checkin');
    expect(writes.leader?.[0]).not.toContain('邻居李阿姨');
    expect(writes.far).toEqual([]);
  });
  it('after an outage of days, only the latest missed check-in climbs; the older ones stay missed', async () => {
    const { plan } = await planWithCheckin(5);
    t.clock.advanceMinutes(3 * 24 * 60 + 40);
    const swept = await sweep();
    expect(swept.opened).toBe(1);
    const rows = await t.database.db
      .selectFrom('checkin')
      .select(['date', 'state', 'ladder_step'])
      .where('plan_id', '=', plan.id)
      .orderBy('date')
      .execute();
    expect(rows.map((r) => [r.state, Number(r.ladder_step)])).toEqual([
      ['missed', 0],
      ['missed', 0],
      ['missed', 0],
      ['missed', 1],
    ]);
    expect(await sweep()).toEqual({ opened: 0, steps: 0 });
  });

  it('ending the plan stops a ladder that is climbing', async () => {
    const { plan } = await planWithCheckin(5);
    t.clock.advanceMinutes(36);
    await sweep();
    const committee = await as('committee');
    const id = (await checkinOf(committee, plan.id)).id;
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/care/plans/${plan.id}`,
      payload: { end: true },
      headers: { cookie: committee.cookie, 'x-csrf-token': committee.csrfToken },
    });
    created.splice(created.indexOf(plan.id), 1);
    t.clock.advanceMinutes(120);
    expect((await sweep()).steps).toBe(0);
    const steps = await t.database.db
      .selectFrom('checkin_ladder')
      .select(['step', 'outcome'])
      .where('checkin_id', '=', id)
      .orderBy('step')
      .execute();
    expect(steps).toEqual([
      { step: 1, outcome: 'sent' },
      { step: 2, outcome: 'stopped' },
    ]);
  });
  it('each ladder step reaches open screens over the live feed as a `checkin` event', async () => {
    // A server sharing the test's bus, so the sweep's signals reach its screens on SQLite as well.
    const app2 = await buildApp({
      database: t.database,
      clock: t.clock,
      config: configFromEnv({}, { dataDir: t.database.dataDir }),
      logger: false,
      webDir: null,
      feed: bus,
    });
    const address = await app2.listen({ port: 0, host: '127.0.0.1' });
    const committee = await signIn(app2, 'committee');
    const controller = new AbortController();
    const res = await fetch(`${address}/api/v1/feed`, {
      headers: { cookie: committee.cookie, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const chunks: string[] = [];
    const reader = (res.body as NonNullable<typeof res.body>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    const pump = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          chunks.push(value);
        }
      } catch {
        // Aborted.
      }
    })();
    try {
      const { plan } = await planWithCheckin(5);
      t.clock.advanceMinutes(36);
      await sweep();
      await vi.waitFor(() => expect(chunks.join('')).toContain('event: checkin'));
      const block = chunks
        .join('')
        .split('\n\n')
        .find((b) => b.startsWith('event: checkin')) as string;
      const event = JSON.parse(
        block
          .split('\n')
          .find((l) => l.startsWith('data: '))
          ?.slice(6) ?? '{}',
      );
      expect(event).toMatchObject({
        kind: 'checkin_missed',
        step: 1,
        checkin: { planId: plan.id, state: 'missed' },
      });
    } finally {
      controller.abort();
      await pump;
      await app2.close();
    }
  });
});
