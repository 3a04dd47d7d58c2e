import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { addDays } from '../src/domain/care/schedule';
import type { Actor } from '../src/server/auth/actor';
import type { AccessContext } from '../src/server/auth/permissions';
import { timeOrderedId } from '../src/server/db/ids';
import type { DB } from '../src/server/db/schema';
import { seededRandom } from '../src/server/seed/random';
import { ensureDefaultServices } from '../src/server/service/catalogue.repository';
import { volunteerHours } from '../src/server/service/hours.usecases';
import { deliveredPerMonth, savingsPerMonth, topCredited } from '../src/server/service/value.repository';
import { revalueRounds, revalueSessions, valueForMonth } from '../src/server/service/value.usecases';
import type { Role } from '../src/shared/roles';
import { buildDistrict, type DistrictShape } from './lib/district';
import { line, machineInfo, percentile, ratio, round, timed } from './lib/measure';
import { planOfFirstQuery } from './lib/plans';
import { type BenchTarget, createTarget } from './lib/targets';

/**
 * Issue 7, "Speed": a district's service-station records (2,000 sessions a month, 200,000 volunteers,
 * 50 purchase rounds a month), bulk-loaded. Measured through the use cases: the subdistrict's monthly
 * value summary (`valueForMonth`) and one regular volunteer's hours for a year (`volunteerHours`),
 * with the newest year loaded and again with all three, beside a bare indexed one-row SELECT measured
 * in the same run.
 *
 * Settings: LINLI_BENCH_SERVICE_YEARS (default 3), LINLI_BENCH_SERVICE_SESSIONS (a month, default
 * 2,000), LINLI_BENCH_SERVICE_VOLUNTEERS (default 200,000), LINLI_BENCH_SERVICE_ROUNDS (a month,
 * default 50), LINLI_BENCH_SERVICE_RUNS (timed calls per measure, default 40), LINLI_BENCH_PG_URL
 * (adds PostgreSQL).
 */
const YEARS = Number(process.env.LINLI_BENCH_SERVICE_YEARS ?? '3');
const SESSIONS_A_MONTH = Number(process.env.LINLI_BENCH_SERVICE_SESSIONS ?? '2000');
const VOLUNTEERS = Number(process.env.LINLI_BENCH_SERVICE_VOLUNTEERS ?? '200000');
const ROUNDS_A_MONTH = Number(process.env.LINLI_BENCH_SERVICE_ROUNDS ?? '50');
const RUNS = Number(process.env.LINLI_BENCH_SERVICE_RUNS ?? '40');
const GOAL_MS = 100;
/** The last month loaded and measured; the clock of every use case. */
const LAST_MONTH = '2026-11';
const NOW = new Date('2026-11-29T02:00:00.000Z');
const BOOKINGS_PER_SESSION = 8;
const SIGNUPS_PER_SESSION = 3;
const ORDERS_PER_ROUND = 40;
/** Most sign-ups go to a core of regulars, as at a real station; the rest spread over everyone. */
const REGULARS = 2000;
const REGULAR_SHARE = 0.8;

/** Ten communities of a few hundred households: enough buildings and residents for bookings and orders. */
const SHAPE: DistrictShape = {
  subdistricts: 1,
  communitiesPerSubdistrict: 10,
  buildings: 12,
  entrancesPerBuilding: 2,
  floors: [6, 6],
  flatsPerFloor: 2,
  occupancy: 0.95,
  householdsPerLeader: 25,
};

interface Home {
  id: string;
  residentId: string;
  buildingId: string;
}

interface Loaded {
  communityIds: string[];
  subdistrictId: string;
  services: Map<string, string[]>;
  households: Map<string, Home[]>;
  volunteers: { id: string; communityId: string }[];
  organiser: Map<string, string>;
}

function monthsBack(count: number, last: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(last.slice(0, 4)), Number(last.slice(5, 7))];
  for (let i = 0; i < count; i++) {
    out.unshift(`${y}-${String(m).padStart(2, '0')}`);
    [y, m] = m === 1 ? [y - 1, 12] : [y, m - 1];
  }
  return out;
}

async function loadRegister(target: BenchTarget): Promise<Loaded> {
  const sink = await target.bulk();
  const district = await buildDistrict(sink, SHAPE, { seed: 7, today: '2026-11-29' });
  const db = target.database.db;
  const at = NOW.toISOString();
  const organiser = new Map<string, string>();
  const users = district.communityIds.map((communityId, i) => {
    const id = randomUUID();
    organiser.set(communityId, id);
    return [id, `bench.worker${i}`, '社工', 'worker', 'x', communityId, null, 0, null, at];
  });
  await sink.insert([
    {
      table: 'user_account',
      columns: [
        'id',
        'username',
        'display_name',
        'role',
        'password_hash',
        'community_id',
        'subdistrict_id',
        'disabled',
        'locked_until',
        'created_at',
      ],
      rows: users,
    },
  ]);
  for (const communityId of district.communityIds) await ensureDefaultServices(db, communityId, at);
  const services = new Map<string, string[]>();
  for (const s of await db.selectFrom('service_kind').select(['id', 'community_id']).execute())
    services.set(s.community_id, [...(services.get(s.community_id) ?? []), s.id]);
  const households = new Map<string, Home[]>();
  const rows = await db
    .selectFrom('household')
    .innerJoin('resident', 'resident.household_id', 'household.id')
    .select(['household.id', 'household.community_id', 'household.building_id', 'resident.id as residentId'])
    .execute();
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    households.set(r.community_id, [
      ...(households.get(r.community_id) ?? []),
      { id: r.id, residentId: r.residentId, buildingId: r.building_id },
    ]);
  }
  const volunteers = Array.from({ length: VOLUNTEERS }, (_, i) => ({
    id: randomUUID(),
    communityId: district.communityIds[i % district.communityIds.length] as string,
  }));
  for (let i = 0; i < volunteers.length; i += 20_000) {
    await sink.insert([
      {
        table: 'service_volunteer',
        columns: [
          'id',
          'community_id',
          'name',
          'phone',
          'user_id',
          'resident_id',
          'created_by_user_id',
          'created_at',
        ],
        rows: volunteers
          .slice(i, i + 20_000)
          .map((v, j) => [v.id, v.communityId, `志愿者${i + j}`, null, null, null, null, at]),
      },
    ]);
  }
  await sink.close();
  return {
    communityIds: district.communityIds,
    subdistrictId: district.subdistrictIds[0] as string,
    services,
    households,
    volunteers,
    organiser,
  };
}

/** One month of sessions (with bookings, sign-ups and hours) and purchase rounds (with orders). */
async function loadMonth(target: BenchTarget, d: Loaded, month: string, seed: number): Promise<number> {
  const sink = await target.bulk();
  const random = seededRandom(seed);
  const rand = (n: number) => random.int(0, n - 1);
  const sessions: unknown[][] = [];
  const bookings: unknown[][] = [];
  const signups: unknown[][] = [];
  const hours: unknown[][] = [];
  const regulars = d.volunteers.slice(0, REGULARS);
  for (let i = 0; i < SESSIONS_A_MONTH; i++) {
    const communityId = d.communityIds[i % d.communityIds.length] as string;
    const services = d.services.get(communityId) as string[];
    const day = `${month}-${String(1 + rand(28)).padStart(2, '0')}`;
    const startsAt = new Date(`${day}T${String(8 + rand(9)).padStart(2, '0')}:00:00+08:00`);
    const endsAt = new Date(startsAt.getTime() + 2 * 3_600_000).toISOString();
    // As the app makes them: ids ordered by the session's start.
    const id = timeOrderedId(startsAt);
    sessions.push([
      id,
      communityId,
      services[rand(services.length)],
      startsAt.toISOString(),
      endsAt,
      'station',
      null,
      BOOKINGS_PER_SESSION + 2,
      BOOKINGS_PER_SESSION,
      SIGNUPS_PER_SESSION,
      d.organiser.get(communityId),
      null,
      'bench',
      startsAt.toISOString(),
    ]);
    const homes = d.households.get(communityId) as Home[];
    const first = rand(homes.length);
    for (let b = 0; b < BOOKINGS_PER_SESSION; b++) {
      const h = homes[(first + b) % homes.length] as Home;
      bookings.push([
        randomUUID(),
        id,
        communityId,
        h.id,
        h.residentId,
        h.buildingId,
        0,
        d.organiser.get(communityId),
        startsAt.toISOString(),
        null,
        null,
        rand(10) === 0 ? 0 : 1,
        null,
      ]);
    }
    const taken = new Set<string>();
    for (let s = 0; s < SIGNUPS_PER_SESSION; s++) {
      const v =
        rand(100) < REGULAR_SHARE * 100
          ? (regulars[rand(regulars.length)] as { id: string })
          : (d.volunteers[rand(d.volunteers.length)] as { id: string });
      if (taken.has(v.id)) continue;
      taken.add(v.id);
      signups.push([
        randomUUID(),
        id,
        v.id,
        d.organiser.get(communityId),
        startsAt.toISOString(),
        startsAt.toISOString(),
        endsAt,
        null,
      ]);
      hours.push([
        randomUUID(),
        communityId,
        v.id,
        id,
        day,
        90 + rand(60),
        null,
        null,
        d.organiser.get(communityId),
        endsAt,
      ]);
    }
  }
  const rounds: unknown[][] = [];
  const items: unknown[][] = [];
  const orders: unknown[][] = [];
  const lines: unknown[][] = [];
  for (let r = 0; r < ROUNDS_A_MONTH; r++) {
    const communityId = d.communityIds[r % d.communityIds.length] as string;
    const closesOn = `${month}-${String(1 + rand(28)).padStart(2, '0')}`;
    const id = timeOrderedId(new Date(`${closesOn}T00:00:00+08:00`));
    rounds.push([
      id,
      communityId,
      '米面油团购',
      '京粮超市',
      closesOn,
      d.organiser.get(communityId),
      NOW.toISOString(),
    ]);
    const itemIds = [0, 1, 2].map((k) => {
      const itemId = randomUUID();
      const market = 3000 + rand(6000);
      items.push([itemId, id, `商品${k}`, '袋', market, market - 500 - rand(1000), k]);
      return itemId;
    });
    const homes = d.households.get(communityId) as { id: string }[];
    const first = rand(homes.length);
    for (let o = 0; o < Math.min(ORDERS_PER_ROUND, homes.length); o++) {
      const orderId = timeOrderedId(new Date(`${month}-01T10:00:00+08:00`));
      const h = homes[(first + o) % homes.length] as { id: string };
      orders.push([
        orderId,
        id,
        communityId,
        h.id,
        d.organiser.get(communityId),
        NOW.toISOString(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ]);
      for (const itemId of itemIds.slice(0, 1 + rand(2)))
        lines.push([randomUUID(), orderId, itemId, 1 + rand(3)]);
    }
  }
  await sink.insert([
    {
      table: 'service_session',
      columns: [
        'id',
        'community_id',
        'service_id',
        'starts_at',
        'ends_at',
        'place',
        'building_id',
        'capacity',
        'booked',
        'volunteers_needed',
        'organiser_user_id',
        'note',
        'qr_secret',
        'created_at',
      ],
      rows: sessions,
    },
    {
      table: 'service_booking',
      columns: [
        'id',
        'session_id',
        'community_id',
        'household_id',
        'resident_id',
        'building_id',
        'home_visit',
        'booked_by_user_id',
        'booked_at',
        'cancelled_at',
        'cancelled_by_user_id',
        'served',
        'served_recorded_by_user_id',
      ],
      rows: bookings,
    },
    {
      table: 'service_signup',
      columns: [
        'id',
        'session_id',
        'volunteer_id',
        'signed_up_by_user_id',
        'signed_up_at',
        'checked_in_at',
        'checked_out_at',
        'no_show_at',
      ],
      rows: signups,
    },
    {
      table: 'service_hours',
      columns: [
        'id',
        'community_id',
        'volunteer_id',
        'session_id',
        'worked_on',
        'minutes',
        'corrects_id',
        'reason',
        'recorded_by_user_id',
        'recorded_at',
      ],
      rows: hours,
    },
    {
      table: 'purchase_round',
      columns: ['id', 'community_id', 'title', 'supplier', 'closes_on', 'created_by_user_id', 'created_at'],
      rows: rounds,
    },
    {
      table: 'purchase_item',
      columns: ['id', 'round_id', 'name', 'unit', 'market_fen', 'group_fen', 'sort'],
      rows: items,
    },
    {
      table: 'purchase_order',
      columns: [
        'id',
        'round_id',
        'community_id',
        'household_id',
        'placed_by_user_id',
        'placed_at',
        'delivered_at',
        'received_by',
        'delivered_by_user_id',
        'collected_fen',
        'collection_note',
        'collected_by_user_id',
        'collected_at',
      ],
      rows: orders,
    },
    { table: 'purchase_order_line', columns: ['id', 'order_id', 'item_id', 'quantity'], rows: lines },
  ]);
  await sink.close();
  // The summary's roll-up, written by the app's own functions, as attendance and orders would have.
  await target.database.db.transaction().execute(async (trx) => {
    await revalueSessions(
      trx,
      sessions.map((s) => s[0] as string),
    );
    await revalueRounds(
      trx,
      rounds.map((r) => r[0] as string),
    );
  });
  return (
    sessions.length +
    bookings.length +
    signups.length +
    hours.length +
    rounds.length +
    items.length +
    orders.length +
    lines.length
  );
}

function actorFor(role: Role, communityIds: string[], subdistrictId: string | null): Actor {
  const id = randomUUID();
  return {
    user: {
      id,
      username: `bench.${role}`,
      displayName: role,
      role,
      communityId: role === 'subdistrict' ? null : (communityIds[0] ?? null),
      subdistrictId,
      disabled: false,
      lockedUntil: null,
    },
    sessionId: 'bench',
    csrfToken: 'bench',
    scopeVersion: 0,
    ip: '127.0.0.1',
    scope: {
      userId: id,
      role,
      communityIds,
      householdIds: null,
      fieldClasses: new Set(),
      positionIds: new Set(),
      chainPositionIds: null,
    },
  };
}

async function p95(work: () => Promise<unknown>): Promise<{ p50: number; p95: number; max: number }> {
  for (let i = 0; i < 3; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await timed(work)).ms);
  return {
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    max: round(Math.max(...times)),
  };
}

/** The busiest regular: the volunteer with the most entries in the measured year. */
async function busiestVolunteer(db: Kysely<DB>, year: string): Promise<{ id: string; entries: number }> {
  const row = await db
    .selectFrom('service_hours')
    .select(['volunteer_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('worked_on', '>=', `${year}-01-01`)
    .groupBy('volunteer_id')
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { id: row.volunteer_id, entries: Number(row.n) };
}

async function measure(target: BenchTarget, d: Loaded, label: string) {
  const db = target.database.db;
  const clock = () => NOW;
  const subdistrict: AccessContext = {
    db,
    clock,
    actor: actorFor('subdistrict', d.communityIds, d.subdistrictId),
  };
  const volunteer = await busiestVolunteer(db, LAST_MONTH.slice(0, 4));
  const community = (
    await db
      .selectFrom('service_volunteer')
      .select('community_id')
      .where('id', '=', volunteer.id)
      .executeTakeFirstOrThrow()
  ).community_id;
  const worker: AccessContext = { db, clock, actor: actorFor('worker', [community], null) };
  const anySession = (await db.selectFrom('service_session').select('id').limit(1).executeTakeFirstOrThrow())
    .id;
  const baseline = await p95(() =>
    db.selectFrom('service_session').selectAll().where('id', '=', anySession).executeTakeFirst(),
  );
  const summary = await p95(() => valueForMonth(subdistrict, { month: LAST_MONTH }));
  const hours = await p95(() => volunteerHours(worker, volunteer.id, Number(LAST_MONTH.slice(0, 4))));
  // What taking attendance or a check-in now also pays: one session's rows of the roll-up rewritten.
  const revalue = await p95(() => db.transaction().execute((trx) => revalueSessions(trx, [anySession])));
  const report = await valueForMonth(subdistrict, { month: LAST_MONTH });
  // Each query of the summary on its own: its plan and its time, to see which one grows.
  const first = `${LAST_MONTH}-01`;
  const last = addDays(`${addDays(first, 31).slice(0, 7)}-01`, -1);
  const parts: Record<string, (pdb: Kysely<DB>) => Promise<unknown>> = {
    deliveredPerMonth: (pdb) => deliveredPerMonth(pdb, d.communityIds, first, last),
    topCredited: (pdb) => topCredited(pdb, d.communityIds, first, last, 20),
    savingsPerMonth: (pdb) => savingsPerMonth(pdb, d.communityIds, first, last),
  };
  const queries: Record<string, { p95: number; plan: string[] }> = {};
  for (const [name, query] of Object.entries(parts)) {
    queries[name] = {
      p95: (await p95(() => query(db))).p95,
      plan: await planOfFirstQuery(db, target.dialect, query),
    };
  }
  const counts = Object.fromEntries(
    await Promise.all(
      (
        [
          'service_session',
          'service_booking',
          'service_hours',
          'service_volunteer',
          'purchase_order',
        ] as const
      ).map(async (table) => [
        table,
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ]),
    ),
  );
  line(`${target.dialect} ${label}: baseline p95`, `${baseline.p95} ms`);
  line(
    `${target.dialect} ${label}: monthly value summary p95`,
    `${summary.p95} ms (×${ratio(summary.p95, baseline.p95)})`,
  );
  line(
    `${target.dialect} ${label}: volunteer's year p95`,
    `${hours.p95} ms (×${ratio(hours.p95, baseline.p95)})`,
  );
  return {
    rows: counts,
    sizeMB: await target.sizeMB(),
    baselineMs: baseline,
    monthlyValueSummaryMs: {
      ...summary,
      ratioToBaseline: ratio(summary.p95, baseline.p95),
      withinGoal: summary.p95 < GOAL_MS,
    },
    revalueSessionMs: { ...revalue, ratioToBaseline: ratio(revalue.p95, baseline.p95) },
    volunteerYearMs: {
      ...hours,
      entries: volunteer.entries,
      ratioToBaseline: ratio(hours.p95, baseline.p95),
      withinGoal: hours.p95 < GOAL_MS,
    },
    summaryTotals: {
      servicesFen: report.servicesFen,
      savingsFen: report.savingsFen,
      byService: report.byService.length,
    },
    summaryQueries: queries,
  };
}

async function runOn(dialect: 'sqlite' | 'postgres', pgUrl?: string) {
  const target = await createTarget(dialect, 'service', pgUrl);
  try {
    const load = await timed(() => loadRegister(target));
    line(`${dialect}: register and ${VOLUNTEERS} volunteers`, `${round(load.ms / 1000, 1)} s`);
    const d = load.result;
    const months = monthsBack(12 * YEARS, LAST_MONTH);
    const newestYear = months.slice(-12);
    const older = months.slice(0, -12);
    let rows = 0;
    const first = await timed(async () => {
      for (const [i, month] of newestYear.entries()) rows += await loadMonth(target, d, month, 1000 + i);
    });
    const oneYear = await measure(target, d, '1 year');
    const rest = await timed(async () => {
      for (const [i, month] of older.entries()) rows += await loadMonth(target, d, month, 5000 + i);
    });
    const allYears = YEARS > 1 ? await measure(target, d, `${YEARS} years`) : null;
    return {
      loadSeconds: round((load.ms + first.ms + rest.ms) / 1000, 1),
      rowsLoaded: rows,
      oneYear,
      ...(allYears
        ? {
            allYears,
            growth: {
              monthlyValueSummary: ratio(
                allYears.monthlyValueSummaryMs.p95,
                oneYear.monthlyValueSummaryMs.p95,
              ),
              volunteerYear: ratio(allYears.volunteerYearMs.p95, oneYear.volunteerYearMs.p95),
            },
          }
        : {}),
    };
  } finally {
    await target.drop();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const pgUrl = process.env.LINLI_BENCH_PG_URL;
  const settings = {
    years: YEARS,
    sessionsPerMonth: SESSIONS_A_MONTH,
    bookingsPerSession: BOOKINGS_PER_SESSION,
    signupsPerSession: SIGNUPS_PER_SESSION,
    volunteers: VOLUNTEERS,
    regulars: REGULARS,
    roundsPerMonth: ROUNDS_A_MONTH,
    ordersPerRound: ORDERS_PER_ROUND,
    communities: SHAPE.communitiesPerSubdistrict,
    runsPerMeasure: RUNS,
    month: LAST_MONTH,
    goalP95Ms: GOAL_MS,
  };
  const sqlite = await runOn('sqlite');
  const postgres = pgUrl ? await runOn('postgres', pgUrl) : null;
  return {
    benchmark: 'service',
    what: "p95 of the subdistrict's monthly value summary and of one regular volunteer's hours for a year, through the use cases, with one year and with all years loaded, and what rewriting one session's rows of the value roll-up costs the write that triggers it; baseline: a one-row SELECT by primary key in the same run",
    machine: machineInfo(),
    settings,
    sqlite,
    ...(postgres ? { postgres } : {}),
  };
}
