import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { addDays, cstDate } from '../src/domain/care/schedule';
import type { Actor } from '../src/server/auth/actor';
import type { DialectName } from '../src/server/db/database';
import type { FeedBus } from '../src/server/reports/feed';
import {
  activePlansOf,
  dayMade,
  doorsOn,
  householdsOfPosition,
  occupantsOf,
  openItemsOf,
  openSignalHouseholds,
  placesInScope,
  positionOf,
} from '../src/server/round/round.repository';
import { sweepRound } from '../src/server/round/round.sweep';
import { roundToday } from '../src/server/round/round.usecases';
import { buildDistrict, COMMUNITY_5000 } from './lib/district';
import { line, machineInfo, median, percentile, ratio, round, timed } from './lib/measure';
import { type BenchTarget, createTarget } from './lib/targets';

/**
 * Issue 19, "Speed": the round of one building leader (25 households, a week of history), p95; and the
 * sweep that makes the day's papers and raises piling-up signals, over 10,000 and 100,000 subscriptions
 * (two papers per household), each against a bare write of the rows it wrote, in the same run. One
 * household in twenty has had its papers left at the door, not taken, for two days: the signals grow
 * with the subscriptions, so the cost per signal at both sizes shows how the sweep grows.
 *
 * Settings: LINLI_BENCH_ROUND_SUBSCRIPTIONS (full size, default 100,000; the small size is a tenth),
 * LINLI_BENCH_SWEEPS (timed sweeps per size, default 3), LINLI_BENCH_ROUND_CALLS (round reads, default
 * 200), LINLI_BENCH_PG_URL (PostgreSQL as well).
 */
const FULL = Number(process.env.LINLI_BENCH_ROUND_SUBSCRIPTIONS ?? '100000');
const SMALL = Math.round(FULL / 10);
const SWEEPS = Number(process.env.LINLI_BENCH_SWEEPS ?? '3');
const CALLS = Number(process.env.LINLI_BENCH_ROUND_CALLS ?? '200');
const NOW = new Date('2026-11-29T02:00:00.000Z');
const TODAY = cstDate(NOW);
const PAPERS_PER_HOUSEHOLD = 2;
/** One household in this many has papers piling up. */
const PILING_EVERY = 20;

const silentFeed: FeedBus = {
  publish: async () => {},
  subscribe: () => () => {},
  subscribeOwn: () => () => {},
  close: async () => {},
};
const clock = () => NOW;

const ITEM_COLUMNS = [
  'id',
  'community_id',
  'household_id',
  'kind',
  'paper',
  'subscription_id',
  'date',
  'state',
  'logged_at',
  'logged_by_user_id',
  'door_id',
  'settled_at',
  'taken_at',
  'still_there_at',
] as const;

/** Households, subscriptions, and two days of papers left and not taken at every twentieth door. */
async function build(target: BenchTarget, subscriptions: number) {
  const households = Math.ceil(subscriptions / PAPERS_PER_HOUSEHOLD);
  const perCommunity = 40 * 4 * 8 * 4 * COMMUNITY_5000.occupancy;
  const sink = await target.bulk();
  await buildDistrict(
    sink,
    { subdistricts: 1, communitiesPerSubdistrict: Math.ceil(households / perCommunity), ...COMMUNITY_5000 },
    { seed: 19, today: TODAY },
  );
  const rows = await target.database.db
    .selectFrom('household')
    .select(['id', 'community_id'])
    .orderBy('id')
    .limit(households)
    .execute();
  const at = NOW.toISOString();
  const subs: unknown[][] = [];
  const items: unknown[][] = [];
  rows.forEach((h, i) => {
    for (let p = 0; p < PAPERS_PER_HOUSEHOLD; p++) {
      const id = randomUUID();
      subs.push([
        id,
        h.community_id,
        h.id,
        p === 0 ? '北京晚报' : '参考消息',
        '1234567',
        '2026-01-01',
        null,
        at,
        null,
      ]);
      if (i % PILING_EVERY === 0) {
        for (const back of [2, 1]) {
          const date = addDays(TODAY, -back);
          items.push([
            `${id}:${date}`,
            h.community_id,
            h.id,
            'newspaper',
            '北京晚报',
            id,
            date,
            'left',
            `${date}T00:30:00.000Z`,
            null,
            null,
            `${date}T02:00:00.000Z`,
            null,
            null,
          ]);
        }
      }
    }
  });
  for (let i = 0; i < subs.length; i += 5_000) {
    await sink.insert([
      {
        table: 'round_subscription',
        columns: [
          'id',
          'community_id',
          'household_id',
          'paper',
          'weekdays',
          'starts_on',
          'ended_on',
          'created_at',
          'created_by_user_id',
        ],
        rows: subs.slice(i, i + 5_000),
      },
    ]);
  }
  for (let i = 0; i < items.length; i += 5_000) {
    await sink.insert([{ table: 'round_item', columns: ITEM_COLUMNS, rows: items.slice(i, i + 5_000) }]);
  }
  await sink.close();
  if (target.dialect === 'postgres') await sql`VACUUM ANALYZE`.execute(target.database.db);
  return { households: rows.length };
}

/** Takes back what a sweep wrote, untimed, so the next sweep finds the same day. */
async function restore(target: BenchTarget) {
  await target.database.db.transaction().execute(async (trx) => {
    await sql`DELETE FROM round_task`.execute(trx);
    await sql`DELETE FROM checkin_ladder`.execute(trx);
    await sql`DELETE FROM checkin`.execute(trx);
    await sql`DELETE FROM round_signal`.execute(trx);
    await sql`DELETE FROM round_item WHERE date = ${TODAY}`.execute(trx);
    await sql`DELETE FROM round_day`.execute(trx);
  });
  if (target.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(target.database.db);
}

/** The rows one sweep wrote (the day's papers, the signals, the tasks), written again by a bulk INSERT. */
async function bareWrite(target: BenchTarget) {
  const db = target.database.db;
  const papers = await db.selectFrom('round_item').selectAll().where('date', '=', TODAY).execute();
  const signals = await db.selectFrom('round_signal').selectAll().execute();
  const tasks = await db.selectFrom('round_task').selectAll().execute();
  const far = '2099-12-31';
  const sink = await target.bulk({ durable: true });
  const { ms } = await timed(() =>
    sink.insert([
      {
        table: 'round_item',
        columns: ITEM_COLUMNS,
        rows: papers.map((p) =>
          ITEM_COLUMNS.map((c) => (c === 'id' ? `${p.id}:bare` : c === 'date' ? far : p[c])),
        ),
      },
      {
        table: 'round_signal',
        columns: Object.keys(signals[0] ?? { id: '' }),
        rows: signals.map((s) =>
          Object.entries(s).map(([k, v]) =>
            k === 'id' ? randomUUID() : k === 'open_household_id' ? null : v,
          ),
        ),
      },
      {
        table: 'round_task',
        columns: Object.keys(tasks[0] ?? { id: '' }),
        rows: tasks.map((t) =>
          Object.entries(t).map(([k, v]) => (k === 'id' ? randomUUID() : k === 'step' ? 9 : v)),
        ),
      },
    ]),
  );
  await sink.close();
  await db.deleteFrom('round_item').where('date', '=', far).execute();
  await db.deleteFrom('round_task').where('step', '=', 9).execute();
  await db
    .deleteFrom('round_signal')
    .where('open_household_id', 'is', null)
    .where('closed_at', 'is', null)
    .execute();
  return ms;
}

/** A week of history for one leader's doors: a paper a day, handed over, and a call at each door each day. */
async function roundOfOneLeader(target: BenchTarget) {
  const db = target.database.db;
  const position = await db
    .selectFrom('liaison_position')
    .select(['id', 'community_id', 'user_id'])
    .where('tier', '=', 'building_leader')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const households = (
    await db
      .selectFrom('household_assignment')
      .select('household_id')
      .where('position_id', '=', position.id)
      .execute()
  ).map((h) => h.household_id);
  const user = {
    id: randomUUID(),
    username: 'bench_leader',
    displayName: '楼门长',
    role: 'building_leader' as const,
    communityId: position.community_id,
    subdistrictId: null,
    disabled: false,
    lockedUntil: null,
  };
  await db
    .insertInto('user_account')
    .values({
      id: user.id,
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: '',
      community_id: user.communityId,
      subdistrict_id: null,
      disabled: 0,
      locked_until: null,
      created_at: NOW.toISOString(),
    })
    .execute();
  for (let back = 7; back >= 1; back--) {
    const date = addDays(TODAY, -back);
    const at = `${date}T02:00:00.000Z`;
    const doors = households.map((h) => ({
      id: randomUUID(),
      community_id: position.community_id,
      household_id: h,
      position_id: position.id,
      user_id: user.id,
      at,
      date,
      outcome: 'handed',
      left_still_there: null,
      answer: 'fine',
      became: null,
      visit_id: null,
      report_id: null,
      recorded_at: at,
    }));
    await db.insertInto('round_door').values(doors).execute();
    await db
      .insertInto('round_item')
      .values(
        doors.map((d) => ({
          id: randomUUID(),
          community_id: d.community_id,
          household_id: d.household_id,
          kind: 'letter',
          paper: null,
          subscription_id: null,
          date,
          state: 'handed',
          logged_at: at,
          logged_by_user_id: null,
          door_id: d.id,
          settled_at: at,
          taken_at: null,
          still_there_at: null,
        })),
      )
      .execute();
  }
  const actor: Actor = {
    user,
    sessionId: 'bench',
    csrfToken: 'bench',
    scope: {
      userId: user.id,
      role: 'building_leader',
      communityIds: [position.community_id],
      householdIds: new Set(households),
      fieldClasses: new Set(),
      positionIds: new Set([position.id]),
      chainPositionIds: new Set([position.id]),
    },
    scopeVersion: 0,
    ip: '127.0.0.1',
  };
  // As in a running server after the day's first sweep: the papers of the day are made.
  await sweepRound({ db, clock, feed: silentFeed });
  const ctx = { db, clock, actor, feed: silentFeed, lang: 'zh-CN' as const };
  const times: number[] = [];
  // CPU time of the process during each read: what the round costs whatever else the machine runs
  // (better-sqlite3 runs on this thread, so its work is counted), the floor under the wall-clock time.
  const cpu: number[] = [];
  let doors = 0;
  for (let i = 0; i < CALLS + 20; i++) {
    const before = process.cpuUsage();
    const { ms, result } = await timed(() => roundToday(ctx, { floors: 'bottom_up' }));
    const used = process.cpuUsage(before);
    doors = result.doors.length;
    if (i >= 20) {
      times.push(ms);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  const steps = process.env.LINLI_BENCH_ROUND_PROFILE === '1' ? await profile(ctx, position.id) : undefined;
  return {
    doors,
    p50Ms: round(median(times)),
    p95Ms: round(percentile(times, 95)),
    goalP95Ms: 50,
    cpuP50Ms: round(median(cpu)),
    cpuP95Ms: round(percentile(cpu, 95)),
    ...(steps ? { steps } : {}),
  };
}

/** LINLI_BENCH_ROUND_PROFILE=1: each statement of the round on its own, p50 and p95 over the same calls. */
async function profile(
  ctx: { db: BenchTarget['database']['db']; actor: Actor },
  positionId: string,
): Promise<Record<string, { p50Ms: number; p95Ms: number }>> {
  const { db, actor } = ctx;
  const ids = await householdsOfPosition(db, positionId, TODAY);
  const steps: Record<string, () => Promise<unknown>> = {
    positionOf: () => positionOf(db, positionId, TODAY),
    householdsOfPosition: () => householdsOfPosition(db, positionId, TODAY),
    placesInScope: () => placesInScope(db, actor.scope, ids),
    dayMade: () => dayMade(db, TODAY),
    occupantsOf: () => occupantsOf(db, ids),
    openItemsOf: () => openItemsOf(db, ids),
    doorsOn: () => doorsOn(db, ids, TODAY),
    openSignalHouseholds: () => openSignalHouseholds(db, ids),
    activePlansOf: () => activePlansOf(db, ids),
  };
  const out: Record<string, { p50Ms: number; p95Ms: number }> = {};
  for (const [name, step] of Object.entries(steps)) {
    const times: number[] = [];
    for (let i = 0; i < CALLS + 20; i++) {
      const { ms } = await timed(step);
      if (i >= 20) times.push(ms);
    }
    out[name] = { p50Ms: round(median(times)), p95Ms: round(percentile(times, 95)) };
    line(`  ${name}`, `p50 ${out[name].p50Ms} ms, p95 ${out[name].p95Ms} ms`);
  }
  return out;
}

async function size(dialect: DialectName, subscriptions: number, pgUrl?: string) {
  const target = await createTarget(dialect, `round_${subscriptions}`, pgUrl);
  try {
    const built = await timed(() => build(target, subscriptions));
    line(`${dialect} ${subscriptions} subscriptions built`, `${round(built.ms / 1000)} s`);
    const sweeps: number[] = [];
    const bare: number[] = [];
    let signals = 0;
    let papers = 0;
    for (let i = 0; i < SWEEPS; i++) {
      const { ms, result } = await timed(() =>
        sweepRound({ db: target.database.db, clock, feed: silentFeed }),
      );
      signals = result.signals;
      papers = Number(
        (
          await sql<{ n: number }>`SELECT COUNT(*) AS n FROM round_item WHERE date = ${TODAY}`.execute(
            target.database.db,
          )
        ).rows[0]?.n ?? 0,
      );
      sweeps.push(ms);
      bare.push(await bareWrite(target));
      await restore(target);
    }
    const sweepMs = median(sweeps);
    const bareMs = median(bare);
    line(`${dialect} sweep median`, `${round(sweepMs)} ms (${papers} papers, ${signals} signals)`);
    line(`${dialect} bare write of its rows median`, `${round(bareMs)} ms (ratio ${ratio(sweepMs, bareMs)})`);
    const leader = subscriptions === SMALL ? await roundOfOneLeader(target) : undefined;
    if (leader)
      line(
        `${dialect} one leader's round p50 / p95`,
        `${leader.p50Ms} / ${leader.p95Ms} ms (${leader.doors} doors; goal p95 < 50); CPU ${leader.cpuP50Ms} / ${leader.cpuP95Ms} ms`,
      );
    return {
      subscriptions,
      households: built.result.households,
      papers,
      signals,
      sweepMedianMs: round(sweepMs),
      bareWriteMedianMs: round(bareMs),
      sweepOverBare: ratio(sweepMs, bareMs),
      usPerSignal: round((sweepMs * 1000) / Math.max(1, signals)),
      ...(leader ? { leaderRound: leader } : {}),
    };
  } finally {
    await target.drop();
  }
}

export async function run() {
  const pgUrl = process.env.LINLI_BENCH_PG_URL;
  const dialects: DialectName[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  const machine = machineInfo();
  const results: Record<string, unknown> = {};
  for (const dialect of dialects) {
    const small = await size(dialect, SMALL, pgUrl);
    const full = await size(dialect, FULL, pgUrl);
    const growth = ratio(full.usPerSignal, small.usPerSignal);
    line(`${dialect} cost per signal, ${FULL} / ${SMALL}`, `${growth} (goal ≤ 1.5)`);
    results[dialect] = { small, full, growthPerSignal: growth, goalGrowth: 1.5 };
  }
  return { machine, settings: { full: FULL, small: SMALL, sweeps: SWEEPS, calls: CALLS }, results };
}
