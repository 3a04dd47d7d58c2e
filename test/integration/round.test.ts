import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedBus, openFeedBus } from '../../src/server/reports/feed';
import { sweepRound } from '../../src/server/round/round.sweep';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

interface Door {
  householdId: string;
  address: { label: string; floor: number; buildingNumber: string; entranceNumber: string; room: string };
  residents: { id: string; name: string }[];
  waiting: { kind: string; paper: string | null; count: number }[];
  needsSignature: boolean;
  leftLastTime: boolean;
  calledToday: string | null;
  signalOpen: boolean;
  hasCarePlan: boolean;
}

/**
 * The building leader's round (issue 19) on every database: what arrives and the subscriptions make the
 * day's round; each door outcome; papers left two days at the door of a resident of 80+ living alone
 * raise exactly one signal, which starts the missed check-in ladder where there is a consented daily
 * check-in and gives a "去看看" task where there is not; taking the paper stops it; and the three taps
 * at the door become a visit note, a follow-up or a report.
 */
describe.each(DIALECTS)('the building leader’s round on %s', (dialect) => {
  let t: TestApp;
  let bus: FeedBus;
  let doors: Door[];
  let leaderPosition: string;
  let parentPosition: string;
  /** Households of the leader: a (80+, alone, no plan), b (80+, alone, daily check-in), c, d. */
  let a: Door;
  let b: Door;
  let c: Door;
  let d: Door;
  let bPlanId: string;
  let bPlanResident: string;

  const as = (username: string) => signIn(t.app, username);
  const sweep = () => sweepRound({ db: t.database.db, clock: t.clock, feed: bus });
  const today = async (leader: SignedIn) => (await leader.get('/api/v1/round/today')).json().doors as Door[];
  const door = (list: Door[], id: string) => list.find((x) => x.householdId === id) as Door;
  let keyN = 0;
  const call = (who: SignedIn, body: Record<string, unknown>, key = `round-test-${++keyN}`) =>
    who.post('/api/v1/round/doors', body, { 'idempotency-key': key });

  /** The household keeps one resident, born in 1940: 86 on the test clock, living alone. */
  async function aloneAndEighty(householdId: string) {
    const db = t.database.db;
    const residents = await db
      .selectFrom('resident')
      .select('id')
      .where('household_id', '=', householdId)
      .orderBy('id')
      .execute();
    const [keep, ...rest] = residents;
    if (!keep) throw new Error('a household without residents');
    await db.updateTable('resident').set({ birth_date: '1940-03-01' }).where('id', '=', keep.id).execute();
    for (const r of rest) {
      await db
        .updateTable('resident')
        .set({ moved_out_at: '2026-01-01T00:00:00Z' })
        .where('id', '=', r.id)
        .execute();
    }
    return keep.id;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    bus = await openFeedBus(t.database);
    const db = t.database.db;
    const user = t.seed.users.find((u) => u.username === 'buildingleader');
    const position = await db
      .selectFrom('liaison_position')
      .select(['id', 'parent_id'])
      .where('user_id', '=', user?.id ?? '')
      .executeTakeFirstOrThrow();
    leaderPosition = position.id;
    parentPosition = position.parent_id ?? '';
    // The test community gives the leader two doors: three more of the same community make a round.
    const mine = await db
      .selectFrom('household_assignment')
      .select('household_id')
      .where('position_id', '=', leaderPosition)
      .execute();
    const more = await db
      .selectFrom('household')
      .select('id')
      .where('community_id', '=', t.seed.communityIds[0] as string)
      .where(
        'id',
        'not in',
        mine.map((m) => m.household_id),
      )
      .orderBy('id')
      .limit(3)
      .execute();
    for (const h of more) {
      await db
        .insertInto('household_assignment')
        .values({
          id: randomUUID(),
          household_id: h.id,
          position_id: leaderPosition,
          valid_from: '2026-01-01',
          valid_to: null,
        })
        .execute();
    }
    const leader = await as('buildingleader');
    doors = await today(leader);
    expect(doors).toHaveLength(5);
    [a, b, c, d] = doors as [Door, Door, Door, Door];
    await aloneAndEighty(a.householdId);
    bPlanResident = await aloneAndEighty(b.householdId);
  });
  afterAll(async () => {
    await bus.close();
    await t.close();
  });

  it('walks the doors in order, from the bottom or from the top', async () => {
    const leader = await as('buildingleader');
    const labels = doors.map((x) => x.address.label);
    const entranceOfA = (list: Door[]) =>
      list.filter(
        (x) =>
          x.address.buildingNumber === a.address.buildingNumber &&
          x.address.entranceNumber === a.address.entranceNumber,
      );
    // Within one entrance, from the bottom floor up by default.
    const floorsUp = entranceOfA(doors).map((x) => x.address.floor);
    expect(floorsUp.length).toBeGreaterThan(1);
    expect(floorsUp).toEqual([...floorsUp].sort((p, q) => p - q));
    const down = (await leader.get('/api/v1/round/today?floors=top_down')).json();
    expect(down.floors).toBe('top_down');
    expect(new Set(down.doors.map((x: Door) => x.address.label))).toEqual(new Set(labels));
    // Within one entrance, the top floor comes first.
    const floors = entranceOfA(down.doors).map((x) => x.address.floor);
    expect(floors).toEqual([...floors].sort((p, q) => q - p));
  });

  it('items and subscriptions make the day’s round', async () => {
    const worker = await as('worker');
    for (const h of [a, b]) {
      const sub = await worker.post('/api/v1/round/subscriptions', {
        householdId: h.householdId,
        paper: '北京晚报',
        weekdays: [1, 2, 3, 4, 5, 6, 7],
      });
      expect(sub.statusCode, sub.body).toBe(200);
      expect(sub.json().weekdays).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
    const logged = await worker.post('/api/v1/round/items', {
      items: [
        { address: c.address.label, kind: 'registered' },
        { householdId: c.householdId, kind: 'letter', count: 2 },
        { householdId: d.householdId, kind: 'notice' },
        { householdId: d.householdId, kind: 'parcel' },
      ],
    });
    expect(logged.statusCode, logged.body).toBe(200);
    expect(logged.json().items).toHaveLength(5);
    expect(logged.json().items[0]).toMatchObject({
      address: c.address.label,
      kind: 'registered',
      state: 'waiting',
    });

    const round = await today(await as('buildingleader'));
    expect(door(round, a.householdId).waiting).toEqual([
      { kind: 'newspaper', paper: '北京晚报', count: 1, oldest: '2026-11-29' },
    ]);
    expect(door(round, c.householdId)).toMatchObject({ needsSignature: true });
    expect(door(round, c.householdId).waiting).toContainEqual({
      kind: 'letter',
      paper: null,
      count: 2,
      oldest: '2026-11-29',
    });
    // Nothing about who sent a letter or what it says has a place to be kept.
    const columns = await t.database.db.selectFrom('round_item').selectAll().limit(1).execute();
    expect(Object.keys(columns[0] ?? {}).some((k) => /sender|from|content|subject|note/.test(k))).toBe(false);
  });

  it('answers bad input with a clear message in the caller’s language', async () => {
    const worker = await as('worker');
    const bad = await worker.post(
      '/api/v1/round/items',
      { items: [{ address: 'abc', kind: 'letter' }] },
      {
        'accept-language': 'en',
      },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'round.address_invalid', field: 'items.0.address' });
    expect(bad.json().error.message).toMatch(/3-2-401/);
    const nowhere = await worker.post('/api/v1/round/items', {
      items: [{ address: '99-9-999', kind: 'letter' }],
    });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json().error.message).toContain('99-9-999');
    const far = await t.database.db
      .selectFrom('household')
      .select('id')
      .where('community_id', '=', t.farCommunityId)
      .executeTakeFirstOrThrow();
    const outside = await worker.post('/api/v1/round/items', {
      items: [{ householdId: far.id, kind: 'letter' }],
    });
    expect(outside.statusCode).toBe(404);
    const wrong = await call(await as('buildingleader'), {
      householdId: a.householdId,
      outcome: 'flew_away',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('request.invalid');
  });

  it('records each door outcome once, however often the phone sends it', async () => {
    const leader = await as('buildingleader');
    const first = await call(leader, { householdId: a.householdId, outcome: 'left' }, 'door-a-day1');
    const again = await call(leader, { householdId: a.householdId, outcome: 'left' }, 'door-a-day1');
    expect(first.statusCode, first.body).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(first.json().items).toEqual([expect.objectContaining({ kind: 'newspaper', state: 'left' })]);
    const rows = await t.database.db
      .selectFrom('round_door')
      .select('id')
      .where('household_id', '=', a.householdId)
      .execute();
    expect(rows).toHaveLength(1);

    expect((await call(leader, { householdId: b.householdId, outcome: 'left' })).statusCode).toBe(200);
    // Nobody home: everything stays waiting; then handed over: the registered letter too.
    const nobody = await call(leader, { householdId: c.householdId, outcome: 'nobody_home' });
    expect(nobody.json().items).toEqual([]);
    // Left at the door: a registered letter needs a signature and stays.
    const leftC = await call(leader, { householdId: c.householdId, outcome: 'left' });
    expect(
      leftC
        .json()
        .items.map((i: { kind: string }) => i.kind)
        .sort(),
    ).toEqual(['letter', 'letter']);
    const handed = await call(leader, { householdId: c.householdId, outcome: 'handed' });
    expect(handed.json().items).toEqual([expect.objectContaining({ kind: 'registered', state: 'handed' })]);
    const refused = await call(leader, { householdId: d.householdId, outcome: 'refused' });
    expect(refused.json().items.map((i: { state: string }) => i.state)).toEqual(['refused', 'refused']);

    const round = await today(leader);
    expect(door(round, a.householdId).calledToday).toBe('left');
    expect(door(round, c.householdId)).toMatchObject({ calledToday: 'handed', needsSignature: false });
    expect(door(round, d.householdId).waiting).toEqual([]);
  });

  it('lists letters and notices waiting, and registered letters, for the leader and the worker', async () => {
    const worker = await as('worker');
    await worker.post('/api/v1/round/items', {
      date: '2026-11-25',
      items: [
        { householdId: d.householdId, kind: 'notice' },
        { householdId: d.householdId, kind: 'registered' },
      ],
    });
    for (const who of [worker, await as('buildingleader')]) {
      const waiting = (await who.get('/api/v1/round/waiting?days=3')).json().items as {
        householdId: string;
        kind: string;
        waitingDays: number;
      }[];
      expect(
        waiting.filter((i) => i.householdId === d.householdId).map((i) => [i.kind, i.waitingDays]),
      ).toEqual([
        ['notice', 4],
        ['registered', 4],
      ]);
    }
    expect((await (await as('volunteer')).get('/api/v1/round/waiting')).statusCode).toBe(403);
  });

  it('raises exactly one signal for papers left two days: the ladder with a check-in, a task without', async () => {
    expect((await sweep()).signals).toBe(0);
    t.clock.advanceMinutes(24 * 60); // Monday 30 November, 10:00 in Beijing
    // The daily check-in, consented, due late in the evening so that only the round's signal starts the ladder.
    const committee = await as('committee');
    const plan = await committee.post('/api/v1/care/plans', {
      residentId: bPlanResident,
      risk: 'high',
      checkin: {
        time: '23:30',
        ways: ['phone_call', 'newspaper_taken'],
        consent: { date: '2026-11-01', form: 'spoken', witness: '女儿' },
      },
    });
    expect(plan.statusCode, plan.body).toBe(200);
    bPlanId = plan.json().id;

    // Opening the round makes her doors' papers of the day even before the day's first sweep.
    const leader = await as('buildingleader');
    expect(door(await today(leader), a.householdId).waiting).toEqual([
      { kind: 'newspaper', paper: '北京晚报', count: 1, oldest: '2026-11-30' },
    ]);
    for (const h of [a, b]) {
      expect((await call(leader, { householdId: h.householdId, outcome: 'left' })).statusCode).toBe(200);
    }
    const raised = await sweep();
    expect(raised).toMatchObject({ papersMade: true, signals: 2, ladders: 1, tasks: 1 });
    expect((await sweep()).signals).toBe(0);
    const signals = (await committee.get('/api/v1/round/signals')).json().items as {
      householdId: string;
      reason: string;
      days: number;
      checkinId: string | null;
      why: string;
    }[];
    expect(signals.map((s) => s.householdId).sort()).toEqual([a.householdId, b.householdId].sort());
    const sa = signals.find((s) => s.householdId === a.householdId);
    expect(sa).toMatchObject({ reason: 'not_taken', days: 1, checkinId: null });
    expect(sa?.why).toBe('报纸已经1天没有取走了（2026-11-29起）。');
    const english = (await committee.get('/api/v1/round/signals', { 'accept-language': 'en' })).json().items;
    expect(english[0].why).toMatch(/Papers have not been taken in/);

    // b has a consented check-in: the papers count as a missed check-in and its ladder's first step is taken.
    const sb = signals.find((s) => s.householdId === b.householdId);
    expect(sb?.checkinId).toBeTruthy();
    const checkin = (await committee.get(`/api/v1/care/checkins/${sb?.checkinId}`)).json();
    expect(checkin).toMatchObject({ planId: bPlanId, state: 'missed', ladderStep: 1 });
    const ladderTasks = await t.database.db
      .selectFrom('care_task')
      .select(['kind', 'position_id'])
      .where('checkin_id', '=', sb?.checkinId ?? '')
      .execute();
    expect(ladderTasks).toContainEqual({ kind: 'reminder', position_id: leaderPosition });

    // a has none: the building leader gets "去看看" with why.
    const tasks = (await leader.get('/api/v1/round/tasks')).json().items;
    expect(tasks).toEqual([
      expect.objectContaining({
        title: '去看看',
        step: 1,
        signal: expect.objectContaining({ householdId: a.householdId }),
      }),
    ]);

    // A day later the one above gets it too; once, however often the sweep runs.
    t.clock.advanceMinutes(24 * 60 + 5);
    const later = await sweep();
    expect(later.escalated).toBe(1);
    expect((await sweep()).escalated).toBe(0);
    const above = await t.database.db
      .selectFrom('round_task')
      .select(['position_id', 'step'])
      .where('step', '=', 2)
      .execute();
    expect(above).toEqual([{ position_id: parentPosition, step: 2 }]);
  });

  it('shows the committee’s desk the signals open and the round’s coverage', async () => {
    const committee = await as('committee');
    const res = await committee.get('/api/v1/dashboard/today');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.round.signalsOpen).toBe(2);
    expect(body.round.signals.map((s: { householdId: string }) => s.householdId).sort()).toEqual(
      [a.householdId, b.householdId].sort(),
    );
    const items = body.items.filter((i: { kind: string }) => i.kind === 'round_signal');
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ overdue: true, tier: null });
    expect(items.map((i: { title: string }) => i.title).join()).toContain(a.address.label);
    expect(body.round.weeks).toHaveLength(2);
    const mine = body.round.leaders.find((l: { positionId: string }) => l.positionId === leaderPosition);
    expect(mine).toMatchObject({ doors: doors.length });
    expect(mine.reachedPerWeek).toHaveLength(2);
    expect(body.round.notReached).toBeGreaterThanOrEqual(mine.notReached);
    // In English, the why is in English too.
    const en = (await committee.get('/api/v1/dashboard/today', { 'accept-language': 'en' })).json();
    expect(en.round.signals[0].why).toMatch(/Papers have not been taken in/);
  });

  it('taking the paper stops it', async () => {
    const leader = await as('buildingleader');
    const round = await today(leader);
    expect(door(round, a.householdId)).toMatchObject({ leftLastTime: true, signalOpen: true });
    const taken = await call(leader, { householdId: a.householdId, outcome: 'left', leftStillThere: false });
    expect(taken.json().signalClosed).toBe(true);
    const handed = await call(leader, { householdId: b.householdId, outcome: 'handed' });
    expect(handed.json().signalClosed).toBe(true);
    const committee = await as('committee');
    expect((await committee.get('/api/v1/round/signals')).json().items).toEqual([]);
    expect((await leader.get('/api/v1/round/tasks')).json().items).toEqual([]);
    const closed = (await committee.get('/api/v1/round/signals?state=closed')).json().items;
    const checkin = (
      await committee.get(
        `/api/v1/care/checkins/${closed.find((s: { checkinId: string | null }) => s.checkinId).checkinId}`,
      )
    ).json();
    expect(checkin).toMatchObject({ state: 'done', way: 'newspaper_taken' });
    const open = await t.database.db
      .selectFrom('checkin_ladder')
      .select('id')
      .where('checkin_id', '=', checkin.id)
      .where('done_at', 'is', null)
      .execute();
    expect(open).toEqual([]);
    // What was left today is fresh: no new signal.
    expect((await sweep()).signals).toBe(0);
  });

  it('raises a signal when what was left is still there at the next round', async () => {
    const leader = await as('buildingleader');
    await (await as('worker')).post('/api/v1/round/items', {
      items: [{ householdId: d.householdId, kind: 'newspaper', paper: '人民日报' }],
    });
    await call(leader, { householdId: d.householdId, outcome: 'left' });
    t.clock.advanceMinutes(60);
    expect((await sweep()).signals).toBe(0);
    // Sessions end after 30 idle minutes: the leader signs in again.
    const later = await as('buildingleader');
    const again = await call(later, {
      householdId: d.householdId,
      outcome: 'nobody_home',
      leftStillThere: true,
    });
    expect(again.statusCode, again.body).toBe(200);
    const raised = await sweep();
    expect(raised.signals).toBe(1);
    const signal = (await later.get('/api/v1/round/signals')).json().items[0];
    expect(signal).toMatchObject({ householdId: d.householdId, reason: 'still_there' });
    await call(later, { householdId: d.householdId, outcome: 'handed' });
  });

  it('turns "需要帮忙" and "有情况" into a visit note, a follow-up or a report, with what was said', async () => {
    const leader = await as('buildingleader');
    const visit = await call(leader, {
      householdId: b.householdId,
      outcome: 'handed',
      answer: 'needs_help',
      becomes: 'visit',
      said: '厨房灯泡坏了，够不着',
    });
    expect(visit.statusCode, visit.body).toBe(200);
    const worker = await as('worker');
    const visits = (await worker.get(`/api/v1/care/plans/${bPlanId}/visits`)).json().items;
    expect(visits[0]).toMatchObject({
      id: visit.json().visitId,
      needsSomething: true,
      needsDetail: '厨房灯泡坏了，够不着',
    });

    const followUp = await call(leader, {
      householdId: b.householdId,
      outcome: 'handed',
      answer: 'something_wrong',
      becomes: 'followup',
      said: '说这两天头晕',
      health: true,
    });
    expect(followUp.statusCode, followUp.body).toBe(200);
    const fid = followUp.json().followUpId;
    const seenByWorker = (await worker.get(`/api/v1/care/plans/${bPlanId}/visits`)).json().items;
    expect(seenByWorker[0].followUps).toEqual([
      expect.objectContaining({ id: fid, health: true, text: '说这两天头晕' }),
    ]);
    const seenByLeader = (await leader.get(`/api/v1/care/plans/${bPlanId}/visits`)).json().items;
    expect(seenByLeader[0].followUps[0].text).toBeUndefined();

    const report = await call(leader, {
      householdId: a.householdId,
      outcome: 'handed',
      answer: 'something_wrong',
      becomes: 'report',
      said: '楼道里的灯不亮，老人晚上不敢出门',
    });
    expect(report.statusCode, report.body).toBe(200);
    const saved = (await leader.get(`/api/v1/reports/${report.json().reportId}`)).json();
    expect(saved.description).toContain('楼道里的灯不亮');
    expect(saved.householdId).toBe(a.householdId);

    // "还好" is just the call.
    const fine = await call(leader, { householdId: a.householdId, outcome: 'handed', answer: 'fine' });
    expect(fine.json()).toMatchObject({ answer: 'fine', becomes: null, visitId: null, reportId: null });

    // A visit note needs a care plan: said plainly, in the caller's language.
    const noPlan = await call(
      leader,
      {
        householdId: a.householdId,
        outcome: 'handed',
        answer: 'needs_help',
        becomes: 'visit',
        said: '想办老年卡',
      },
      undefined,
    );
    expect(noPlan.statusCode).toBe(409);
    expect(noPlan.json().error.message).toContain('关爱计划');
    // Needs help without saying what becomes of it is refused.
    const half = await call(leader, { householdId: a.householdId, outcome: 'handed', answer: 'needs_help' });
    expect(half.statusCode).toBe(400);
    // Health words never go into a report the whole chain reads.
    const healthReport = await call(leader, {
      householdId: a.householdId,
      outcome: 'handed',
      answer: 'something_wrong',
      becomes: 'report',
      said: '血压很高',
      health: true,
    });
    expect(healthReport.statusCode).toBe(400);
  });

  it('shows the committee the round’s coverage', async () => {
    const committee = await as('committee');
    const res = await committee.get('/api/v1/round/coverage?weeks=2');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.weeks).toEqual(['2026-11-23', '2026-11-30']);
    const mine = body.leaders.find((l: { positionId: string }) => l.positionId === leaderPosition);
    expect(mine.doors).toBe(doors.length);
    // Sunday 29 November (a, b, c, d) is in the first week; a, b and d were called at in the second.
    expect(mine.reachedPerWeek).toEqual([4, 3]);
    expect(mine.notReached.map((n: { householdId: string }) => n.householdId).sort()).toEqual(
      doors
        .slice(4)
        .map((x) => x.householdId)
        .sort(),
    );
    const own = (await (await as('buildingleader')).get('/api/v1/round/coverage')).json().leaders;
    expect(own.map((l: { positionId: string }) => l.positionId)).toEqual([leaderPosition]);
  });
});
