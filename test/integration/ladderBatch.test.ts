import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, cstDate, graceEnd } from '../../src/domain/care/schedule';
import { countAuditEvents, verifyAuditTrail } from '../../src/server/audit/audit.repository';
import { sweepCheckins } from '../../src/server/care/ladder';
import { type FeedBus, type FeedSignal, openFeedBus } from '../../src/server/reports/feed';
import { createTestApp, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/** Plans per test: several batches of `BATCH`, so the set-based sweep works across batch edges. */
const PLANS = 23;
const BATCH = 5;

/**
 * The sweep works a batch at a time (one transaction, set-based statements). These tests give it more
 * plans than one batch holds and check what the one-at-a-time tests in checkins.test.ts cannot: every
 * plan of every batch handled exactly once, also by two sweeps at once, a batch landing whole or not at
 * all, and a check-in answered after a step fell due stopping that step.
 */
describe.each(DIALECTS)('the check-in sweep in batches on %s', (dialect) => {
  let t: TestApp;
  let bus: FeedBus;
  const signals: FeedSignal[] = [];
  let residents: { id: string; community_id: string; household_id: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    bus = await openFeedBus(t.database);
    bus.subscribe((s) => signals.push(s));
    residents = await t.database.db
      .selectFrom('resident')
      .select(['id', 'community_id', 'household_id'])
      .where('community_id', '=', t.seed.communityIds[0] as string)
      .orderBy('id')
      .execute();
    expect(residents.length).toBeGreaterThanOrEqual(2 * PLANS);
  });
  afterAll(async () => {
    await bus.close();
    await t.close();
  });

  const sweep = () => sweepCheckins({ db: t.database.db, clock: t.clock, feed: bus }, BATCH);

  /** Plans whose check-in an hour ago is past its 30-minute grace; half without a responsible person. */
  async function missedPlans(from: number): Promise<string[]> {
    const now = t.clock();
    const due = new Date(now.getTime() - 60 * 60_000);
    const time = new Date(due.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
    const rows = residents.slice(from, from + PLANS).map((r, i) => ({
      id: randomUUID(),
      community_id: r.community_id,
      household_id: r.household_id,
      resident_id: r.id,
      responsible_position_id: null,
      stand_in_position_id: null,
      risk: 'high',
      visit_every_days: 7,
      checkin_time: time,
      checkin_ways: JSON.stringify(['phone_call']),
      checkin_grace_minutes: 30,
      checkin_consent_date: '2026-11-01',
      checkin_consent_form: 'spoken',
      checkin_consent_witness: null,
      next_checkin_due_at: due.toISOString(),
      next_checkin_miss_at: graceEnd(due, 30).toISOString(),
      note: i % 2 === 0 ? 'even' : null,
      created_at: now.toISOString(),
      created_by_user_id: null,
      updated_at: now.toISOString(),
      ended_at: null,
    }));
    await t.database.db.insertInto('care_plan').values(rows).execute();
    // Half get the household's building leader as the responsible person; the rest are found by the sweep.
    await sql`UPDATE care_plan SET responsible_position_id = (
        SELECT position_id FROM household_assignment WHERE household_assignment.household_id = care_plan.household_id LIMIT 1
      ) WHERE note = 'even'`.execute(t.database.db);
    return rows.map((r) => r.id);
  }

  const checkinsOf = (planIds: string[]) =>
    t.database.db.selectFrom('checkin').selectAll().where('plan_id', 'in', planIds).execute();
  const ladderOf = (checkinIds: string[]) =>
    t.database.db
      .selectFrom('checkin_ladder')
      .selectAll()
      .where('checkin_id', 'in', checkinIds)
      .orderBy('step')
      .execute();

  async function failLadderStep2(on: boolean) {
    const db = t.database.db;
    if (dialect === 'sqlite') {
      if (on) {
        await sql`CREATE TRIGGER fail_step2 BEFORE INSERT ON checkin_ladder WHEN NEW.step = 2
          BEGIN SELECT RAISE(ABORT, 'injected failure'); END`.execute(db);
      } else await sql`DROP TRIGGER fail_step2`.execute(db);
      return;
    }
    if (on) {
      await sql`CREATE FUNCTION fail_step2() RETURNS trigger AS $$
          BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`.execute(db);
      await sql`CREATE TRIGGER fail_step2 BEFORE INSERT ON checkin_ladder FOR EACH ROW
          WHEN (NEW.step = 2) EXECUTE FUNCTION fail_step2()`.execute(db);
    } else {
      await sql`DROP TRIGGER fail_step2 ON checkin_ladder`.execute(db);
      await sql`DROP FUNCTION fail_step2()`.execute(db);
    }
  }

  it('a batch that fails part-way leaves nothing behind, and the next sweep opens it whole', async () => {
    const planIds = await missedPlans(PLANS);
    const auditBefore = await countAuditEvents(t.database.db);
    await failLadderStep2(true);
    try {
      await expect(sweep()).rejects.toThrow(/injected failure/);
    } finally {
      await failLadderStep2(false);
    }
    expect(await checkinsOf(planIds)).toEqual([]);
    const taskRows = await t.database.db
      .selectFrom('care_task')
      .select('id')
      .where('plan_id', 'in', planIds)
      .execute();
    expect(taskRows).toEqual([]);
    const plans = await t.database.db
      .selectFrom('care_plan')
      .select('next_checkin_miss_at')
      .where('id', 'in', planIds)
      .execute();
    expect(plans.every((p) => (p.next_checkin_miss_at ?? '') <= t.clock().toISOString())).toBe(true);
    expect(await countAuditEvents(t.database.db)).toBe(auditBefore);
    expect((await verifyAuditTrail(t.database.db)).ok).toBe(true);

    expect(await sweep()).toEqual({ opened: PLANS, steps: PLANS });
    const opened = await checkinsOf(planIds);
    expect(opened).toHaveLength(PLANS);
    expect((await verifyAuditTrail(t.database.db)).ok).toBe(true);
    // Found safe, so the next test's counts are its own.
    await t.database.db
      .updateTable('checkin')
      .set({ state: 'resolved' })
      .where(
        'id',
        'in',
        opened.map((c) => c.id),
      )
      .execute();
  });

  it('two sweeps at once open every plan of every batch once and take each step once', async () => {
    const planIds = await missedPlans(0);
    const auditBefore = await countAuditEvents(t.database.db, { action: 'care.checkin_ladder' });
    const results = await Promise.all([sweep(), sweep()]);
    expect(results.reduce((n, r) => n + r.opened, 0)).toBe(PLANS);

    const checkins = await checkinsOf(planIds);
    expect(checkins).toHaveLength(PLANS);
    expect(checkins.every((c) => c.state === 'missed' && Number(c.ladder_step) === 1)).toBe(true);
    const ids = checkins.map((c) => c.id);
    const ladder = await ladderOf(ids);
    expect(ladder.map((l) => [l.step, l.outcome]).sort()).toEqual(
      [...Array(PLANS).fill([1, 'sent']), ...Array(PLANS).fill([2, null])].sort(),
    );
    // Every first step told someone: the responsible person, else the household's leader, else the committee.
    expect(ladder.filter((l) => l.step === 1).every((l) => JSON.parse(l.notified ?? '[]').length > 0)).toBe(
      true,
    );
    const tasks = await t.database.db
      .selectFrom('care_task')
      .selectAll()
      .where('checkin_id', 'in', ids)
      .execute();
    expect(new Set(tasks.map((task) => task.checkin_id)).size).toBe(PLANS);
    expect(await countAuditEvents(t.database.db, { action: 'care.checkin_ladder' })).toBe(
      auditBefore + PLANS,
    );
    expect((await verifyAuditTrail(t.database.db)).ok).toBe(true);
    const missedSignals = signals.filter((s) => 'checkinId' in s && ids.includes(s.checkinId));
    expect(missedSignals.map((s) => s.kind)).toEqual(Array(PLANS).fill('checkin_missed'));
    const plans = await t.database.db
      .selectFrom('care_plan')
      .select('next_checkin_due_at')
      .where('id', 'in', planIds)
      .execute();
    // Each plan now expects the next day's check-in.
    const missedDay = cstDate(new Date(t.clock().getTime() - 60 * 60_000));
    expect(plans.map((p) => cstDate(new Date(p.next_checkin_due_at ?? '')))).toEqual(
      Array(PLANS).fill(addDays(missedDay, 1)),
    );

    // Five are answered after their second step fell due (the answer's write landed, the step is still
    // open): the sweep must stop those steps and climb the others.
    const answered = ids.slice(0, 5);
    await t.database.db.updateTable('checkin').set({ state: 'done' }).where('id', 'in', answered).execute();
    t.clock.advanceMinutes(30);
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect((a?.steps ?? 0) + (b?.steps ?? 0)).toBe(PLANS - 5);
    const after = await ladderOf(ids);
    const step2 = after.filter((l) => l.step === 2);
    expect(step2.filter((l) => answered.includes(l.checkin_id)).map((l) => l.outcome)).toEqual(
      Array(5).fill('stopped'),
    );
    expect(step2.filter((l) => !answered.includes(l.checkin_id)).map((l) => l.outcome)).toEqual(
      Array(PLANS - 5).fill('sent'),
    );
    expect(after.filter((l) => l.step === 3)).toHaveLength(PLANS - 5);
    const escalations = await t.database.db
      .selectFrom('care_task')
      .select('checkin_id')
      .where('checkin_id', 'in', ids)
      .where('step', '=', 2)
      .execute();
    expect(escalations.some((e) => answered.includes(e.checkin_id))).toBe(false);
    expect(new Set(escalations.map((e) => e.checkin_id)).size).toBe(PLANS - 5);
    const states = await checkinsOf(planIds);
    expect(states.filter((c) => answered.includes(c.id)).every((c) => c.state === 'done')).toBe(true);
    expect(states.filter((c) => !answered.includes(c.id)).every((c) => c.state === 'escalated')).toBe(true);
    expect((await verifyAuditTrail(t.database.db)).ok).toBe(true);
  });
});
