import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careFixtures } from '../support/keysMoneyFixtures';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

interface Item {
  kind: string;
  id: string;
  title: string;
  dueAt: string;
  overdue: boolean;
  link: string;
  count: number | null;
}

/**
 * 今日一览 beyond reports: welfare (applications, notices, objections, reviews), the station's
 * deliveries and blood-pressure follow-ups, each counted by hand on a small fixture, each with the page
 * where it is handled, the overdue ones first; a building leader sees only their own households' part.
 * The clock stands at Sunday 2026-11-29, 10:00 in Beijing.
 */
describe.each(DIALECTS)("today's desk, every kind, on %s", (dialect) => {
  let t: TestApp;
  let committee: SignedIn;
  let worker: SignedIn;
  let leader: SignedIn;
  let f: Awaited<ReturnType<typeof careFixtures>>;
  const ids = {
    running: randomUUID(),
    ended: randomUUID(),
    objectionRunning: randomUUID(),
    objectionEnded: randomUUID(),
    objectionAnswered: randomUUID(),
    reviewOverdue: randomUUID(),
    reviewSoon: randomUUID(),
    reviewLater: randomUUID(),
    reviewEnded: randomUUID(),
    roundClosedLong: randomUUID(),
    roundClosedYesterday: randomUUID(),
    roundOpen: randomUUID(),
  };

  const ok = (res: { statusCode: number; body: string }) => {
    expect(res.statusCode, res.body).toBe(200);
    return JSON.parse(res.body);
  };
  const desk = async (who: SignedIn) => ok(await who.get('/api/v1/dashboard/today'));
  const ofKind = (items: Item[], kind: string) => items.filter((i) => i.kind === kind);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    [committee, worker, leader] = await Promise.all([
      signIn(t.app, 'committee'),
      signIn(t.app, 'worker'),
      signIn(t.app, 'buildingleader'),
    ]);
    f = await careFixtures(t);
    const db = t.database.db;
    const communityId = t.seed.communityIds[0] as string;
    const userId = t.seed.users.find((u) => u.username === 'worker')?.id as string;
    const householdOf = async (residentId: string) =>
      (
        await db
          .selectFrom('resident')
          .select('household_id')
          .where('id', '=', residentId)
          .executeTakeFirstOrThrow()
      ).household_id;
    const [mine, alsoMine, elsewhere] = await Promise.all([
      householdOf(f.residentId),
      householdOf(f.otherOwnResidentId),
      householdOf(f.elsewhereResidentId),
    ]);
    const at = '2026-11-20T02:00:00.000Z';
    // Two notices: one running until 2 December, one that ended on 20 November.
    await db
      .insertInto('welfare_notice')
      .values(
        [
          ['running', '2026-11-25', '2026-12-02'],
          ['ended', '2026-11-13', '2026-11-20'],
        ].map(([key, starts, ends]) => ({
          id: ids[key as 'running' | 'ended'],
          community_id: communityId,
          policy_id: 'dibao',
          title: key === 'running' ? '十一月低保公示' : '十月低保公示',
          starts_on: starts as string,
          ends_on: ends as string,
          objection_contact: '社区办公室',
          published_by_user_id: userId,
          published_at: at,
        })),
      )
      .execute();
    // Objections: one open on each notice, one answered (not listed).
    await db
      .insertInto('welfare_objection')
      .values(
        (
          [
            ['objectionRunning', 'running', null],
            ['objectionEnded', 'ended', null],
            ['objectionAnswered', 'running', '2026-11-28T02:00:00.000Z'],
          ] as const
        ).map(([key, notice, answeredAt]) => ({
          id: ids[key],
          community_id: communityId,
          notice_id: ids[notice],
          application_id: null,
          received_at: '2026-11-26T02:00:00.000Z',
          channel: 'desk' as const,
          from_name: '赵女士',
          from_phone: null,
          text: '为什么他家有低保',
          answer: answeredAt ? '已答复' : null,
          upheld: answeredAt ? 0 : null,
          answered_by_user_id: answeredAt ? userId : null,
          answered_at: answeredAt,
          recorded_by_user_id: userId,
        })),
      )
      .execute();
    // Reviews: overdue, due within 30 days, due in February (not yet), and an ended row (never).
    await db
      .insertInto('welfare_roster')
      .values(
        (
          [
            ['reviewOverdue', '2026-11-20', null],
            ['reviewSoon', '2026-12-15', null],
            ['reviewLater', '2027-02-01', null],
            ['reviewEnded', '2026-11-01', '2026-10-31'],
          ] as const
        ).map(([key, due, ended]) => ({
          id: ids[key],
          community_id: communityId,
          household_id: mine,
          policy_id: 'dibao',
          application_id: null,
          amount_fen: 100_000,
          starts_on: '2025-11-20',
          review_due_on: due,
          ended_on: ended,
          end_reason: ended ? 'moved' : null,
          created_at: at,
        })),
      )
      .execute();
    // Rounds: closed on 20 November (three orders, one delivered), closed yesterday (one order), open.
    await db
      .insertInto('purchase_round')
      .values(
        (
          [
            ['roundClosedLong', '米面油团购', '2026-11-20'],
            ['roundClosedYesterday', '鸡蛋团购', '2026-11-28'],
            ['roundOpen', '水果团购', '2026-12-05'],
          ] as const
        ).map(([key, title, closes]) => ({
          id: ids[key],
          community_id: communityId,
          title,
          supplier: '粮油店',
          closes_on: closes,
          created_by_user_id: userId,
          created_at: at,
        })),
      )
      .execute();
    await db
      .insertInto('purchase_order')
      .values(
        (
          [
            ['roundClosedLong', mine, false],
            ['roundClosedLong', elsewhere, false],
            ['roundClosedLong', alsoMine, true],
            ['roundClosedYesterday', mine, false],
            ['roundOpen', mine, false],
          ] as const
        ).map(([round, household, delivered]) => ({
          id: randomUUID(),
          round_id: ids[round],
          community_id: communityId,
          household_id: household,
          placed_by_user_id: userId,
          placed_at: at,
          delivered_at: delivered ? '2026-11-22T02:00:00.000Z' : null,
          received_by: delivered ? '本人' : null,
          delivered_by_user_id: delivered ? userId : null,
          collected_fen: null,
          collection_note: null,
          collected_by_user_id: null,
          collected_at: null,
        })),
      )
      .execute();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists welfare and deliveries with their pages, the overdue first, counted by hand', async () => {
    const today = await desk(committee);
    expect(today.counts).toMatchObject({
      noticesRunning: 1,
      objectionsOpen: 2,
      reviewsDue: 2,
      deliveriesNotMade: 3,
      followUpsOpen: 0,
    });
    const items = today.items as Item[];
    expect(ofKind(items, 'notice')).toEqual([
      expect.objectContaining({
        id: ids.running,
        link: `/welfare/notices/${ids.running}`,
        // The end of 2 December in Beijing.
        dueAt: '2026-12-02T16:00:00.000Z',
        overdue: false,
      }),
    ]);
    expect(ofKind(items, 'objection').map((i) => [i.id, i.overdue, i.link])).toEqual([
      [ids.objectionEnded, true, `/welfare/notices/${ids.ended}`],
      [ids.objectionRunning, false, `/welfare/notices/${ids.running}`],
    ]);
    expect(ofKind(items, 'review').map((i) => [i.id, i.overdue, i.link])).toEqual([
      [ids.reviewOverdue, true, '/welfare/roster'],
      [ids.reviewSoon, false, '/welfare/roster'],
    ]);
    expect(ofKind(items, 'delivery').map((i) => [i.id, i.count, i.overdue, i.link])).toEqual([
      [ids.roundClosedLong, 2, true, `/service/rounds/${ids.roundClosedLong}`],
      [ids.roundClosedYesterday, 1, false, `/service/rounds/${ids.roundClosedYesterday}`],
    ]);
    expect(ofKind(items, 'delivery')[0]?.title).toBe('米面油团购：还有 2 户没送到');
    // Most urgent first: every overdue item before every other, each part by its due time.
    const firstNotOverdue = items.findIndex((i) => !i.overdue);
    expect(items.slice(firstNotOverdue).every((i) => !i.overdue)).toBe(true);
    for (const part of [items.slice(0, firstNotOverdue), items.slice(firstNotOverdue)]) {
      expect(part.map((i) => i.dueAt)).toEqual([...part.map((i) => i.dueAt)].sort());
    }
    for (const item of items) expect(item.link.startsWith('/')).toBe(true);

    // In English, the same list in the caller's language.
    const en = ok(await committee.get('/api/v1/dashboard/today', { 'accept-language': 'en' }));
    expect(ofKind(en.items, 'delivery')[0]?.title).toBe('米面油团购: 2 orders not yet delivered');

    // The building leader: their own households' deliveries, no welfare.
    const mine = await desk(leader);
    expect(mine.counts).toMatchObject({
      deliveriesNotMade: 2,
      reviewsDue: null,
      noticesRunning: null,
      followUpsOpen: null,
    });
    expect(ofKind(mine.items, 'delivery').map((i) => i.count)).toEqual([1, 1]);
    expect(mine.items.filter((i: Item) => ['notice', 'objection', 'review'].includes(i.kind))).toEqual([]);
  });

  it('lists high blood-pressure readings until they are followed up, and audits who saw them', async () => {
    const services = ok(await worker.get('/api/v1/service/services')).items as { id: string; code: string }[];
    const haircut = services.find((s) => s.code === 'haircut')?.id;
    const session = ok(
      await worker.post('/api/v1/service/sessions', {
        serviceId: haircut,
        startsAt: '2026-11-29T01:00:00Z',
        endsAt: '2026-11-29T03:00:00Z',
        place: { kind: 'station' },
        capacity: 10,
        volunteersNeeded: 0,
      }),
    ).id as string;
    for (const residentId of [f.residentId, f.otherOwnResidentId]) {
      ok(
        await worker.post(`/api/v1/service/residents/${residentId}/consent`, {
          date: '2026-11-29',
          witness: '李社工',
        }),
      );
    }
    const plan = ok(await worker.post('/api/v1/care/plans', { residentId: f.residentId, risk: 'high' }));
    const high = ok(
      await worker.post(`/api/v1/service/sessions/${session}/readings`, {
        residentId: f.residentId,
        systolic: 152,
        diastolic: 88,
      }),
    );
    const noPlan = ok(
      await worker.post(`/api/v1/service/sessions/${session}/readings`, {
        residentId: f.otherOwnResidentId,
        systolic: 130,
        diastolic: 95,
      }),
    );
    expect(noPlan).toMatchObject({ flagged: true, noCarePlan: true });

    const first = await desk(committee);
    expect(first.counts.followUpsOpen).toBe(2);
    const followUps = ofKind(first.items, 'followup');
    expect(followUps.map((i) => i.id).sort()).toEqual([high.id, noPlan.id].sort());
    const withPlan = followUps.find((i) => i.id === high.id);
    expect(withPlan).toMatchObject({
      link: `/care/plans/${plan.id}/visit`,
      overdue: false,
      title: expect.stringContaining('血压偏高 152/88'),
    });
    expect(followUps.find((i) => i.id === noPlan.id)?.link).toMatch(/^\/households\/[0-9a-f-]{36}$/);
    const audited = await t.database.db
      .selectFrom('audit_event')
      .select(['target_id'])
      .where('action', '=', 'read.sensitive')
      .where('target_type', '=', 'service_reading')
      .where('actor_user_id', '=', t.seed.users.find((u) => u.username === 'committee')?.id as string)
      .execute();
    expect(audited.map((a) => a.target_id).sort()).toEqual([high.id, noPlan.id].sort());

    // A normal reading later closes the one without a plan; a visit closes the other.
    t.clock.advanceMinutes(10);
    [committee, worker] = await Promise.all([signIn(t.app, 'committee'), signIn(t.app, 'worker')]);
    ok(
      await worker.post(`/api/v1/service/sessions/${session}/readings`, {
        residentId: f.otherOwnResidentId,
        systolic: 120,
        diastolic: 80,
      }),
    );
    expect((await desk(committee)).counts.followUpsOpen).toBe(1);
    ok(
      await worker.post(`/api/v1/care/plans/${plan.id}/visits`, {
        visitedAt: t.clock().toISOString(),
        activities: ['chat'],
      }),
    );
    expect((await desk(committee)).counts.followUpsOpen).toBe(0);

    // Eight days on, an unanswered high reading is overdue.
    const third = ok(
      await worker.post(`/api/v1/service/sessions/${session}/readings`, {
        residentId: f.residentId,
        systolic: 160,
        diastolic: 100,
      }),
    );
    t.clock.advanceMinutes(8 * 24 * 60);
    committee = await signIn(t.app, 'committee');
    const late = await desk(committee);
    expect(ofKind(late.items, 'followup')).toEqual([
      expect.objectContaining({ id: third.id, overdue: true }),
    ]);
  });
});
