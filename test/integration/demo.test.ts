import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { verifyAuditTrail } from '../../src/server/audit/audit.repository';
import { configFromEnv } from '../../src/server/config';
import type { DB } from '../../src/server/db/schema';
import { type DemoSeed, seedDemo } from '../../src/server/seed/demo';
import { type CommunityShape, seedCommunity } from '../../src/server/seed/demoCommunity';
import { signIn } from '../support/testApp';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/testDatabase';

/** About a hundred households: enough elderly people living alone for the care plans, quick to seed. */
const SHAPE: CommunityShape = {
  buildings: 4,
  entrancesPerBuilding: 3,
  floors: [4, 4],
  flatsPerFloor: 2,
  occupancy: 0.95,
};
/** Monday 7 December 2026, 10:00 in Beijing. */
const NOW = new Date('2026-12-07T02:00:00Z');
const clock = () => NOW;

/** What the seeded history holds, ids aside (random UUIDs): equal for equal seeds. */
async function fingerprint(db: Kysely<DB>) {
  const reports = await db
    .selectFrom('report')
    .innerJoin('household', 'household.id', 'report.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .select([
      'building.number',
      'household.room',
      'report.category',
      'report.state',
      'report.description',
      'report.created_at',
      'report.acknowledged_at',
      'report.closed_at',
      'report.responsible_tier',
    ])
    .orderBy('report.created_at')
    .orderBy('building.number')
    .orderBy('household.room')
    .orderBy('report.state')
    .execute();
  const count = async (
    table:
      | 'report_event'
      | 'report_feedback'
      | 'care_visit'
      | 'checkin_ladder'
      | 'service_booking'
      | 'audit_event',
  ) => Number((await db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  const checkins = await db
    .selectFrom('checkin')
    .select(['date', 'state', 'outcome', 'ladder_step'])
    .orderBy('date')
    .orderBy('state')
    .execute();
  const hours = await db.selectFrom('service_hours').select(['minutes']).orderBy('minutes').execute();
  const applications = await db
    .selectFrom('welfare_application')
    .select(['status', 'filed_at', 'closed_at'])
    .orderBy('filed_at')
    .orderBy('status')
    .execute();
  return {
    reports,
    checkins,
    hours,
    applications,
    counts: {
      events: await count('report_event'),
      feedback: await count('report_feedback'),
      visits: await count('care_visit'),
      ladder: await count('checkin_ladder'),
      bookings: await count('service_booking'),
      audit: await count('audit_event'),
    },
  };
}

async function rowCount(db: Kysely<DB>, table: keyof DB & string): Promise<number> {
  const row = await db
    .selectFrom(table as 'report')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(DIALECTS)('the living demo on %s', (dialect) => {
  let database: TestDatabase;
  let seed: DemoSeed;
  let app: Awaited<ReturnType<typeof buildApp>>;
  /** Taken before any test signs in or reads (which the audit trail records). */
  let seeded: Awaited<ReturnType<typeof fingerprint>>;
  const opened: TestDatabase[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    seed = await seedDemo(database.db, clock, { shape: SHAPE, historyMonths: 3 });
    seeded = await fingerprint(database.db);
    app = await buildApp({
      database,
      clock,
      config: configFromEnv({}, { dataDir: database.dataDir }),
      logger: false,
      webDir: null,
    });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    for (const other of opened) await other.drop();
  });
  const communityId = () => seed.communityIds[0] as string;

  it('shows the three rates, with several people past the minimum of 10 reports last month', async () => {
    const committee = await signIn(app, 'committee');
    const res = await committee.get('/api/v1/reports/rates?month=2026-11&groupBy=person');
    expect(res.statusCode, res.body).toBe(200);
    const rates = res.json();
    expect(rates.total.current.reports).toBeGreaterThan(100);
    for (const rate of ['responseRate', 'resolutionRate', 'satisfactionRate']) {
      expect(rates.total.current[rate], rate).toBeGreaterThan(0.5);
      expect(rates.total.current[rate], rate).toBeLessThan(1);
    }
    const ranked = rates.rows.filter((r: { current: { reports: number } }) => r.current.reports >= 10);
    expect(ranked.length).toBeGreaterThanOrEqual(3);
    expect(ranked.every((r: { label: string | null }) => r.label)).toBe(true);
    expect(rates.withheld).toBeGreaterThan(0);
  });

  it('has reports in every state, reopened and escalated ones among them, each with its timeline', async () => {
    const states = await database.db
      .selectFrom('report')
      .select(['state', sql<number>`count(*)`.as('n')])
      .groupBy('state')
      .execute();
    expect(states.map((s) => s.state).sort()).toEqual(
      ['acknowledged', 'in_progress', 'merged', 'new', 'outside_remit', 'referred', 'resolved'].sort(),
    );
    const kinds = await database.db.selectFrom('report_event').select('kind').distinct().execute();
    expect(kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining([
        'created',
        'acknowledge',
        'resolve',
        'reopen',
        'refer',
        'merged',
        'escalated',
        'feedback',
      ]),
    );
    const merged = await database.db
      .selectFrom('report')
      .select(['merged_into', 'closed_at'])
      .where('state', '=', 'merged')
      .execute();
    expect(merged.every((m) => m.merged_into && m.closed_at)).toBe(true);
    // The worker's list through the API shows them too.
    const worker = await signIn(app, 'worker');
    const closed = await worker.get('/api/v1/reports?state=closed&limit=50');
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().items.length).toBe(50);
  });

  it('has a missed check-in that climbed the ladder and was resolved with its reason, and a key used', async () => {
    const missed = await database.db
      .selectFrom('checkin')
      .innerJoin('checkin_ladder', 'checkin_ladder.checkin_id', 'checkin.id')
      .select([
        'checkin.state',
        'checkin.outcome',
        'checkin_ladder.step',
        'checkin_ladder.outcome as stepOutcome',
      ])
      .where('checkin.state', '=', 'resolved')
      .execute();
    expect(missed.some((m) => m.step >= 2 && m.stepOutcome === 'sent')).toBe(true);
    expect(missed.map((m) => m.outcome)).toEqual(
      expect.arrayContaining(['phone_line_down', 'no_answer_then_found_safe']),
    );
    expect(await rowCount(database.db, 'care_task')).toBeGreaterThan(0);
    expect(await rowCount(database.db, 'care_key_use')).toBe(1);
    expect(await rowCount(database.db, 'care_visit')).toBeGreaterThan(20);
    expect(await rowCount(database.db, 'care_money_entry')).toBeGreaterThan(3);
    expect(await rowCount(database.db, 'care_errand_done')).toBeGreaterThan(3);
  });

  it('has a dibao notice running today with an objection, and emergency grants', async () => {
    const worker = await signIn(app, 'worker');
    const notices = (await worker.get('/api/v1/welfare/notices')).json().notices;
    const running = notices.filter((n: { workingDaysLeft: number }) => n.workingDaysLeft > 0);
    expect(running).toHaveLength(1);
    const notice = (await worker.get(`/api/v1/welfare/notices/${running[0].id}`)).json();
    expect(notice.entries.length).toBe(3);
    expect(notice.objections.length).toBe(2);
    expect(notice.objections.some((o: { answer: string | null }) => o.answer === null)).toBe(true);
    const grants = await worker.get('/api/v1/welfare/emergency-grants');
    expect(grants.statusCode, grants.body).toBe(200);
    expect(JSON.stringify(grants.json())).toContain('"fastPath":true');
    const statuses = await database.db
      .selectFrom('welfare_application')
      .select('status')
      .distinct()
      .execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['approved', 'on_notice', 'rejected']);
  });

  it('has sessions with volunteer hours and readings, a delivered group purchase and one still open', async () => {
    const hours = await database.db
      .selectFrom('service_hours')
      .select(sql<number>`sum(minutes)`.as('minutes'))
      .executeTakeFirstOrThrow();
    expect(Number(hours.minutes)).toBeGreaterThan(600);
    expect(await rowCount(database.db, 'service_reading')).toBeGreaterThan(5);
    const orders = await database.db
      .selectFrom('purchase_order')
      .select(['delivered_at', 'collected_fen'])
      .execute();
    expect(orders.filter((o) => o.delivered_at && o.collected_fen !== null).length).toBeGreaterThan(5);
    expect(orders.some((o) => o.delivered_at === null)).toBe(true);
    const short = await (await signIn(app, 'worker')).get(
      '/api/v1/service/reports/short-of-volunteers?days=7',
    );
    expect(short.statusCode, short.body).toBe(200);
    expect(short.json().items.length).toBeGreaterThan(0);
  });

  it('chains the audit trail in the order things happened, and it verifies', async () => {
    const verdict = await verifyAuditTrail(database.db);
    expect(verdict.ok).toBe(true);
    const times = await database.db.selectFrom('audit_event').select('at').orderBy('seq').execute();
    const history = times.slice(1).map((t) => t.at);
    expect(history).toEqual([...history].sort());
  });

  it('seeds the same history again from the same seed and clock', async () => {
    const again = await createTestDatabase(dialect);
    opened.push(again);
    await seedDemo(again.db, clock, { shape: SHAPE, historyMonths: 3 });
    expect(await fingerprint(again.db)).toEqual(seeded);
  }, 180_000);

  it('leaves nothing behind when seeding fails half-way', async () => {
    const empty = await createTestDatabase(dialect);
    opened.push(empty);
    await expect(
      seedDemo(empty.db, clock, {
        shape: SHAPE,
        historyMonths: 1,
        onProgress: (step) => {
          if (step === 'history') throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    for (const table of [
      'subdistrict',
      'community',
      'user_account',
      'resident',
      'report',
      'care_plan',
      'audit_event',
    ] as const) {
      expect(await rowCount(empty.db, table), table).toBe(0);
    }
  }, 180_000);

  it('adds a further community by name to a seeded database, with its own accounts', async () => {
    await expect(seedDemo(database.db, clock, { shape: SHAPE })).rejects.toMatchObject({
      code: 'seed.already_seeded',
    });
    const added = await seedDemo(database.db, clock, {
      shape: SHAPE,
      historyMonths: 1,
      communityName: '新华里社区',
    });
    expect(added.subdistrictId).toBe(seed.subdistrictId);
    expect(added.users.map((u) => u.username)).toContain('c2.committee');
    const community = await database.db
      .selectFrom('community')
      .select(['id', 'name'])
      .where('id', '=', added.communityIds[0] as string)
      .executeTakeFirstOrThrow();
    expect(community.name).toBe('新华里社区');
    const c2 = await signIn(app, 'c2.committee');
    const reports = (await c2.get('/api/v1/reports?state=all&limit=5')).json();
    expect(reports.items.length).toBe(5);
    expect(reports.items.every((r: { communityId: string }) => r.communityId === community.id)).toBe(true);
    const subdistrict = await signIn(app, 'subdistrict');
    const rates = (await subdistrict.get('/api/v1/reports/rates?month=2026-11&groupBy=month')).json();
    expect(rates.communityIds.sort()).toEqual([communityId(), community.id].sort());
  }, 180_000);

  it('never gives two residents one ID number, even when a further community draws the same random numbers', async () => {
    const drawTwice = () =>
      seedCommunity(database.db, clock, {
        subdistrictId: seed.subdistrictId,
        name: '同号社区',
        shape: SHAPE,
        seed: 7,
        usernamePrefix: `twin${Math.random().toString(36).slice(2, 6)}.`,
        passwordHash: 'not-used',
        committeeDisplayName: '周书记',
      });
    // The same seed twice draws the same birthdays and sequence numbers: before the register was asked which
    // numbers it already holds, the second community failed on the unique index.
    const first = await drawTwice();
    const second = await drawTwice();
    const counts = await database.db
      .selectFrom('resident')
      .select([
        sql<number>`count(id_number)`.as('withNumber'),
        sql<number>`count(distinct id_number)`.as('distinct'),
      ])
      .where('community_id', 'in', [first.communityId, second.communityId])
      .executeTakeFirstOrThrow();
    expect(Number(counts.withNumber)).toBeGreaterThan(100);
    expect(Number(counts.distinct)).toBe(Number(counts.withNumber));
  }, 180_000);
});
