import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepCheckins } from '../../src/server/care/ladder';
import { openFeedBus } from '../../src/server/reports/feed';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/** `HH:MM` in China Standard Time, `minutes` after the test clock. */
function localTimeIn(now: Date, minutes: number): string {
  return new Date(now.getTime() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(11, 16);
}

/**
 * A building leader's phone sends a check-in, an outcome or a visit again until it hears back (the
 * stairwell has no signal): each lands once per Idempotency-Key.
 */
describe.each(DIALECTS)('check-ins and visits sent again from a phone on %s', (dialect) => {
  let t: TestApp;
  let leader: SignedIn;
  let residents: string[] = [];
  const planIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    leader = await signIn(t.app, 'buildingleader');
    const households = (await leader.get('/api/v1/households?limit=50')).json().items as { id: string }[];
    for (const h of households) {
      const members = (await leader.get(`/api/v1/households/${h.id}`)).json().members as { id: string }[];
      residents.push(...members.map((m) => m.id));
    }
    residents = residents.slice(0, 8);
  });
  afterAll(async () => {
    const committee = await signIn(t.app, 'committee');
    for (const id of planIds) {
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/care/plans/${id}`,
        payload: { end: true },
        headers: { cookie: committee.cookie, 'x-csrf-token': committee.csrfToken },
      });
    }
    await t.close();
  });

  /** A plan with a daily check-in due in half an hour, for the next of the leader's residents. */
  async function plan(): Promise<string> {
    const residentId = residents[planIds.length];
    if (!residentId) throw new Error('no more residents in the building leader’s households');
    const committee = await signIn(t.app, 'committee');
    const res = await committee.post('/api/v1/care/plans', {
      residentId,
      risk: 'high',
      checkin: {
        time: localTimeIn(t.clock(), 30),
        ways: ['phone_call', 'window_sign'],
        consent: { date: '2026-11-01', form: 'spoken', witness: '女儿' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    planIds.push(res.json().id);
    return res.json().id;
  }

  const key = (name: string) => ({ 'idempotency-key': `${name}-${dialect}-0001` });

  async function audited(action: string, targetId: string): Promise<number> {
    const row = await t.database.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', action)
      .where('target_id', '=', targetId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function visitsOf(planId: string): Promise<number> {
    const row = await t.database.db
      .selectFrom('care_visit')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('plan_id', '=', planId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('replays the first answer to a check-in sent again, and refuses the key for anything else', async () => {
    const planId = await plan();
    const url = `/api/v1/care/plans/${planId}/checkins`;
    const first = await leader.post(url, { way: 'window_sign' }, key('checkin'));
    expect(first.statusCode, first.body).toBe(200);
    t.clock.advanceMinutes(3);
    const again = await leader.post(url, { way: 'window_sign' }, key('checkin'));
    expect(again.statusCode, again.body).toBe(200);
    // Worked again, the check-in would carry the later time and a second audit entry.
    expect(again.json()).toEqual(first.json());
    const rows = await t.database.db
      .selectFrom('checkin')
      .selectAll()
      .where('plan_id', '=', planId)
      .execute();
    expect(rows.map((r) => r.recorded_at)).toEqual([first.json().recordedAt]);
    expect(await audited('care.checkin', first.json().id)).toBe(1);

    const otherWay = await leader.post(url, { way: 'phone_call' }, key('checkin'));
    expect(otherWay.statusCode).toBe(422);
    expect(otherWay.json().error.code).toBe('request.idempotency_mismatch');
    const otherRoute = await leader.post(
      `/api/v1/care/plans/${planId}/checkin-outcome`,
      { outcome: 'away_with_family' },
      key('checkin'),
    );
    expect(otherRoute.statusCode).toBe(422);
    expect(otherRoute.json().error.code).toBe('request.idempotency_mismatch');
    expect(await audited('care.checkin_outcome', first.json().id)).toBe(0);
  });

  it('records an outcome sent again once', async () => {
    const planId = await plan();
    const url = `/api/v1/care/plans/${planId}/checkin-outcome`;
    const body = { outcome: 'away_with_family', note: '去女儿家住一周' };
    const first = await leader.post(url, body, key('outcome'));
    expect(first.statusCode, first.body).toBe(200);
    t.clock.advanceMinutes(2);
    const again = await leader.post(url, body, key('outcome'));
    expect(again.json()).toEqual(first.json());
    expect(await audited('care.checkin_outcome', first.json().id)).toBe(1);
    const other = await leader.post(url, { ...body, note: '住两周' }, key('outcome'));
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('request.idempotency_mismatch');
  });

  it('lands a visit sent again once, while visits without a key each land', async () => {
    const planId = await plan();
    const url = `/api/v1/care/plans/${planId}/visits`;
    const body = { activities: ['chat'], note: '楼道里没信号，出来再发' };
    const first = await leader.post(url, body, key('visit'));
    expect(first.statusCode, first.body).toBe(200);
    const again = await leader.post(url, body, key('visit'));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await visitsOf(planId)).toBe(1);
    expect(await audited('care.visit_record', first.json().id)).toBe(1);

    const other = await leader.post(url, { ...body, note: '另一次探访' }, key('visit'));
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('request.idempotency_mismatch');
    expect(await visitsOf(planId)).toBe(1);

    expect((await leader.post(url, body)).statusCode).toBe(200);
    expect((await leader.post(url, body)).statusCode).toBe(200);
    expect(await visitsOf(planId)).toBe(3);
  });

  it('counts a check-in noted without signal for the moment it was seen, also after the ladder started', async () => {
    const planId = await plan();
    const url = `/api/v1/care/plans/${planId}/checkins`;
    // Seen at the window five minutes after the check-in time; the phone finds signal two hours later.
    const seenAt = new Date(t.clock().getTime() + 35 * 60_000).toISOString();
    t.clock.advanceMinutes(120);
    const feed = await openFeedBus(t.database);
    await sweepCheckins({ db: t.database.db, clock: t.clock, feed });
    await feed.close();
    // Two hours on, the phone's session is signed in again.
    leader = await signIn(t.app, 'buildingleader');
    const missed = await t.database.db
      .selectFrom('checkin')
      .select(['id', 'state'])
      .where('plan_id', '=', planId)
      .executeTakeFirstOrThrow();
    expect(missed.state).toBe('missed');

    const arrived = await leader.post(url, { way: 'window_sign', at: seenAt }, key('seen-offline'));
    expect(arrived.statusCode, arrived.body).toBe(200);
    expect(arrived.json().id).toBe(missed.id);
    expect(arrived.json().state).toBe('done');
    expect(new Date(arrived.json().recordedAt).toISOString()).toBe(seenAt);
    // The ladder stops at once: its waiting step is closed, no later step is taken.
    const steps = await t.database.db
      .selectFrom('checkin_ladder')
      .select(['step', 'outcome'])
      .where('checkin_id', '=', missed.id)
      .orderBy('step')
      .execute();
    expect(steps).toEqual([
      { step: 1, outcome: 'sent' },
      { step: 2, outcome: 'stopped' },
    ]);
  });

  it('takes a phone clock running fast as now, and refuses a check-in noted more than a week ago', async () => {
    const planId = await plan();
    const url = `/api/v1/care/plans/${planId}/checkins`;
    const ahead = new Date(t.clock().getTime() + 3 * 3_600_000).toISOString();
    const fast = await leader.post(url, { way: 'phone_call', at: ahead });
    expect(fast.statusCode, fast.body).toBe(200);
    expect(new Date(fast.json().recordedAt).getTime()).toBe(t.clock().getTime());
    const weekAgo = new Date(t.clock().getTime() - 8 * 86_400_000).toISOString();
    const old = await leader.post(url, { way: 'phone_call', at: weekAgo }, { 'accept-language': 'en' });
    expect(old.statusCode).toBe(400);
    expect(old.json().error.code).toBe('care.checkin_too_old');
    expect(old.json().error.message).toContain('more than a week ago');
  });

  it('keeps one of several copies racing with the same key', async () => {
    const planId = await plan();
    const visitUrl = `/api/v1/care/plans/${planId}/visits`;
    const visits = await Promise.all(
      Array.from({ length: 5 }, () => leader.post(visitUrl, { activities: ['chat'] }, key('race-visit'))),
    );
    expect(visits.map((v) => v.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(visits.map((v) => v.json().id)).size).toBe(1);
    expect(await visitsOf(planId)).toBe(1);

    const checkins = await Promise.all(
      Array.from({ length: 5 }, () =>
        leader.post(`/api/v1/care/plans/${planId}/checkins`, { way: 'phone_call' }, key('race-checkin')),
      ),
    );
    expect(checkins.map((c) => c.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const ids = new Set(checkins.map((c) => c.json().id));
    expect(ids.size).toBe(1);
    expect(await audited('care.checkin', [...ids][0])).toBe(1);
  });
});
