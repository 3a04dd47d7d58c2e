import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { addDays, checkinDueOn, cstDate, graceEnd } from '../src/domain/care/schedule';
import { sweepCheckins } from '../src/server/care/ladder';
import { plansPastGrace } from '../src/server/care/ladder.repository';
import type { Database, DialectName } from '../src/server/db/database';
import type { FeedBus, FeedSignal } from '../src/server/reports/feed';
import { summarizeCpuProfile } from './lib/cpuProfile';
import { buildDistrict, COMMUNITY_5000, type DistrictShape } from './lib/district';
import { collectGarbage, fsyncProbe, line, machineInfo, median, ratio, round, timed } from './lib/measure';
import { type BulkSink, createTarget } from './lib/targets';

/**
 * Issue 5, "Speed": one check-in sweep (`sweepCheckins`) with 5,000 plans past their grace period, among
 * 100,000 care plans and among 10,000. The due count is the same at both sizes, so full / small shows
 * whether the sweep's cost follows the due plans or the total.
 *
 * Settings: LINLI_BENCH_CARE_DUE (default 5,000), LINLI_BENCH_CARE_PLANS (full size, default 100,000;
 * the small size is a tenth), LINLI_BENCH_SWEEPS (timed sweeps per size, default 5), LINLI_BENCH_PG_URL,
 * LINLI_BENCH_CARE_SYNC_OFF=1 (diagnostic: SQLite without fsync per commit), LINLI_BENCH_CARE_CACHE_MB
 * (diagnostic: a larger SQLite page cache), LINLI_BENCH_CPU_PROF=1 (diagnostic: where a sweep spends its CPU).
 */
const DUE = Number(process.env.LINLI_BENCH_CARE_DUE ?? '5000');
const FULL = Number(process.env.LINLI_BENCH_CARE_PLANS ?? '100000');
const SMALL = Math.round(FULL / 10);
const SWEEPS = Number(process.env.LINLI_BENCH_SWEEPS ?? '5');
/** Diagnostic, off by default: SQLite without fsync per commit (`synchronous = OFF`), to show the commits' share. */
const SYNC_OFF = process.env.LINLI_BENCH_CARE_SYNC_OFF === '1';
/** Diagnostic, off by default: SQLite's page cache in MB (the app keeps SQLite's default, about 2 MB). */
const CACHE_MB = Number(process.env.LINLI_BENCH_CARE_CACHE_MB ?? '0');
/** Diagnostic, off by default: one more sweep per size under the V8 profiler (untimed: the profiler slows it), summarized. */
const PROFILE = process.env.LINLI_BENCH_CPU_PROF === '1';
/** The worker's default batch (`startCheckinWorker` calls `sweepCheckins(deps)`). */
const BATCH = 500;
/** A fixed instant, 10:00 in Beijing: due plans were due at 09:00 and their 30-minute grace ended at 09:30. */
const NOW = new Date('2026-11-29T02:00:00.000Z');
const TODAY = cstDate(NOW);
const DUE_TIME = '09:00';
const GRACE = 30;
/** Marks the due plans so the due state can be restored between sweeps (plans created by the app have no such note). */
const DUE_NOTE = 'bench-due';
/** About 12,100 residents per generated community; one plan per resident. */
const RESIDENTS_PER_COMMUNITY = 11_000;

const silentFeed: FeedBus = {
  publish: async (_signal: FeedSignal) => {},
  subscribe: () => () => {},
  subscribeOwn: () => () => {},
  close: async () => {},
};

/** Runs `work` under the V8 profiler and returns the summary of where its CPU went. */
async function profiled<T>(work: () => Promise<T>) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  try {
    const result = await work();
    const { profile } = await session.post('Profiler.stop');
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-care-prof-')),
      'sweep.cpuprofile',
    );
    fs.writeFileSync(file, JSON.stringify(profile));
    return { result, profile: summarizeCpuProfile(file, 20) };
  } finally {
    session.disconnect();
  }
}

function shapeFor(plans: number): DistrictShape {
  return {
    subdistricts: 1,
    communitiesPerSubdistrict: Math.max(1, Math.ceil(plans / RESIDENTS_PER_COMMUNITY)),
    ...COMMUNITY_5000,
  };
}

const PLAN_COLUMNS = [
  'id',
  'community_id',
  'household_id',
  'resident_id',
  'responsible_position_id',
  'stand_in_position_id',
  'risk',
  'visit_every_days',
  'checkin_time',
  'checkin_ways',
  'checkin_grace_minutes',
  'checkin_consent_date',
  'checkin_consent_form',
  'checkin_consent_witness',
  'next_checkin_due_at',
  'next_checkin_miss_at',
  'note',
  'created_at',
  'created_by_user_id',
  'updated_at',
  'ended_at',
] as const;

const dueAt = checkinDueOn(TODAY, DUE_TIME);
const missAt = graceEnd(dueAt, GRACE);

/**
 * One plan per resident, the first community's residents first. The first `DUE` plans (all in the first
 * community, at both sizes) have today's 09:00 check-in past its grace; the others expect tomorrow's, at
 * times spread over the day. Each plan's responsible person is its household's building leader.
 */
async function insertPlans(database: Database, sink: BulkSink, firstCommunityId: string, plans: number) {
  const residents = await database.db
    .selectFrom('resident')
    .leftJoin('household_assignment', 'household_assignment.household_id', 'resident.household_id')
    .select([
      'resident.id',
      'resident.community_id',
      'resident.household_id',
      'household_assignment.position_id',
    ])
    .execute()
    .then((rows) => [...new Map(rows.map((r) => [r.id, r])).values()]);
  residents.sort(
    (a, b) => Number(b.community_id === firstCommunityId) - Number(a.community_id === firstCommunityId),
  );
  if (residents.length < plans) throw new Error(`only ${residents.length} residents for ${plans} plans`);
  const tomorrow = addDays(TODAY, 1);
  const created = new Date(NOW.getTime() - 30 * 86_400_000).toISOString();
  let rows: unknown[][] = [];
  for (let i = 0; i < plans; i++) {
    const r = residents[i];
    if (!r) break;
    const due = i < DUE;
    // Not-due plans: check-ins from 06:00 to 21:50, tomorrow.
    const minutes = 6 * 60 + (i % 96) * 10;
    const time = due
      ? DUE_TIME
      : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const next = due ? dueAt : checkinDueOn(tomorrow, time);
    rows.push([
      randomUUID(),
      r.community_id,
      r.household_id,
      r.id,
      r.position_id ?? null,
      null,
      i % 3 === 0 ? 'high' : 'normal',
      i % 3 === 0 ? 7 : 30,
      time,
      JSON.stringify(['phone', 'in_person']),
      GRACE,
      '2026-10-01',
      'signed',
      null,
      next.toISOString(),
      graceEnd(next, GRACE).toISOString(),
      due ? DUE_NOTE : null,
      created,
      null,
      created,
      null,
    ]);
    if (rows.length === 5_000) {
      await sink.insert([{ table: 'care_plan', columns: PLAN_COLUMNS, rows }]);
      rows = [];
    }
  }
  if (rows.length > 0) await sink.insert([{ table: 'care_plan', columns: PLAN_COLUMNS, rows }]);
}

/**
 * Puts the due state back, untimed: removes what the sweep wrote (tasks, ladder steps, check-ins) and
 * moves the due plans back to today's missed check-in. The audit rows the ladder appended stay (the chain
 * is append-only, enforced by triggers); `appendAudit` reads only its last row, by index.
 */
async function restoreDueState(database: Database) {
  await database.db.transaction().execute(async (trx) => {
    await sql`DELETE FROM care_task`.execute(trx);
    await sql`DELETE FROM checkin_ladder`.execute(trx);
    await sql`DELETE FROM checkin`.execute(trx);
    await sql`UPDATE care_plan SET next_checkin_due_at = ${dueAt.toISOString()}, next_checkin_miss_at = ${missAt.toISOString()} WHERE note = ${DUE_NOTE}`.execute(
      trx,
    );
  });
  if (database.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(database.db);
  else await sql`VACUUM ANALYZE`.execute(database.db);
}

/** A day no sweep writes: the floor's copies of check-ins go there, clear of the (plan, day) key. */
const FLOOR_DATE = '2099-12-31';

/**
 * The floor under a sweep on SQLite: the rows the sweep just wrote (check-ins, ladder steps, tasks)
 * written again through a second connection by one prepared INSERT per table, row by row, in one
 * transaction with the app's durability, into the same tables with the same indexes — no lookups, no
 * decisions, no audit chain (so the true floor is higher). Reading the rows and deleting the copies are
 * not timed.
 */
function writeFloor(file: string): { ms: number; rows: number } {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  try {
    const read = (table: string) => raw.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
    const checkins = read('checkin');
    const newId = new Map(checkins.map((r) => [r.id as string, randomUUID()]));
    const tables = [
      {
        name: 'checkin',
        rows: checkins.map((r) => ({ ...r, id: newId.get(r.id as string), date: FLOOR_DATE })),
      },
      {
        name: 'checkin_ladder',
        rows: read('checkin_ladder').map((r) => ({
          ...r,
          id: randomUUID(),
          checkin_id: newId.get(r.checkin_id as string),
        })),
      },
      {
        name: 'care_task',
        rows: read('care_task').map((r) => ({
          ...r,
          id: randomUUID(),
          checkin_id: newId.get(r.checkin_id as string),
        })),
      },
    ];
    const statements = tables.map(({ name, rows }) => {
      const columns = Object.keys(rows[0] ?? {});
      return {
        rows: rows.map((r) => columns.map((c) => (r as Record<string, unknown>)[c])),
        insert: raw.prepare(
          `INSERT INTO ${name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        ),
      };
    });
    const started = performance.now();
    raw.transaction(() => {
      for (const { rows, insert } of statements) for (const values of rows) insert.run(values);
    })();
    const ms = performance.now() - started;
    const copies = `SELECT id FROM checkin WHERE date = '${FLOOR_DATE}'`;
    raw.exec(
      `DELETE FROM care_task WHERE checkin_id IN (${copies}); DELETE FROM checkin_ladder WHERE checkin_id IN (${copies}); DELETE FROM checkin WHERE date = '${FLOOR_DATE}'`,
    );
    return { ms, rows: statements.reduce((n, s) => n + s.rows.length, 0) };
  } finally {
    raw.close();
  }
}

async function countOf(database: Database, table: 'checkin' | 'checkin_ladder' | 'care_task') {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function selectOneMs(database: Database) {
  const times: number[] = [];
  for (let i = 0; i < 220; i++) {
    const { ms } = await timed(() => sql`select 1 as one`.execute(database.db));
    if (i >= 20) times.push(ms);
  }
  return round(median(times), 3);
}

/** Median of 50 calls of the sweep's own lookup of due plans (the index on `next_checkin_miss_at`), its first batch. */
async function findDueMs(database: Database) {
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < 60; i++) {
    const { ms, result } = await timed(() => plansPastGrace(database.db, NOW.toISOString(), BATCH));
    if (i >= 10) times.push(ms);
    found = result.length;
  }
  return { medianMs: round(median(times), 3), found };
}

async function sizeFigures(dialect: DialectName, plans: number, pgUrl: string | undefined) {
  const label = plans === FULL ? 'full' : 'small';
  const target = await createTarget(dialect, `care_${label}`, pgUrl);
  try {
    const database = target.database;
    const built = await timed(async () => {
      const sink = await target.bulk();
      const district = await buildDistrict(sink, shapeFor(plans), { seed: 5_000, today: TODAY });
      await insertPlans(database, sink, district.communityIds[0] ?? '', plans);
      await sink.close();
      return district;
    });
    if (dialect === 'postgres') await sql`analyze`.execute(database.db);
    if (SYNC_OFF && dialect === 'sqlite') await sql`PRAGMA synchronous = OFF`.execute(database.db);
    if (CACHE_MB && dialect === 'sqlite')
      await sql.raw(`PRAGMA cache_size = -${CACHE_MB * 1024}`).execute(database.db);
    const district = built.result;
    console.log(
      `\n[${dialect}] ${label}: ${plans.toLocaleString('en')} care plans (${DUE.toLocaleString('en')} due) over ` +
        `${district.communityIds.length} communities, ${district.residents.toLocaleString('en')} residents, ` +
        `${district.positions.toLocaleString('en')} positions (built in ${round(built.ms / 1000)} s, ${await target.sizeMB()} MB)`,
    );
    const deps = { db: database.db, clock: () => NOW, feed: silentFeed };
    const halfHourLater = { ...deps, clock: () => new Date(NOW.getTime() + 30 * 60_000) };
    const selectOne = await selectOneMs(database);
    const findDue = await findDueMs(database);
    line('SELECT 1 median', `${selectOne} ms`);
    line(`plansPastGrace (first ${BATCH}) median`, `${findDue.medianMs} ms (${findDue.found} found)`);

    // One untimed sweep warms caches and the statement cache; each sweep then starts from the same due state.
    const sweeps: {
      ms: number;
      opened: number;
      steps: number;
      checkins: number;
      ladderRows: number;
      tasks: number;
      secondSweepMs: number;
      secondSweep: { opened: number; steps: number };
      floorMs?: number;
      floorRows?: number;
    }[] = [];
    const profiles: ReturnType<typeof summarizeCpuProfile>[] = [];
    for (let i = 0; i <= SWEEPS; i++) {
      await restoreDueState(database);
      collectGarbage();
      const last = PROFILE && i === SWEEPS;
      const { ms, result } = await timed(() => sweepCheckins(deps, BATCH));
      if (last) {
        // Profiled apart from the timed sweeps (the profiler slows them): the same work, restored again.
        await restoreDueState(database);
        const { profile } = await profiled(() => sweepCheckins(deps, BATCH));
        await restoreDueState(database);
        await sweepCheckins(deps, BATCH);
        profiles.push(profile);
        console.log(JSON.stringify(profile, null, 1));
      }
      const counts = {
        checkins: await countOf(database, 'checkin'),
        ladderRows: await countOf(database, 'checkin_ladder'),
        tasks: await countOf(database, 'care_task'),
      };
      const floor = database.sqlitePath ? writeFloor(database.sqlitePath) : null;
      // A second sweep half an hour later opens nothing and takes every second step (one tier up, key
      // holders): the climbing path measured alone.
      const second = await timed(() => sweepCheckins(halfHourLater, BATCH));
      const figures = {
        ms: round(ms),
        ...result,
        ...counts,
        secondSweepMs: round(second.ms),
        secondSweep: second.result,
        ...(floor ? { floorMs: round(floor.ms), floorRows: floor.rows } : {}),
      };
      if (i > 0) sweeps.push(figures);
      line(
        i === 0 ? 'warm-up sweep' : `sweep ${i}`,
        `${figures.ms} ms (opened ${result.opened}, ladder steps ${result.steps}); ` +
          `then 30 min later ${figures.secondSweepMs} ms (${second.result.steps} second steps)`,
      );
    }
    // With nothing due: the sweep's fixed cost at this size (the lookups that find nothing).
    const idle: number[] = [];
    for (let i = 0; i < 25; i++) {
      const { ms, result } = await timed(() => sweepCheckins(deps, BATCH));
      if (result.opened !== 0) throw new Error('idle sweep opened check-ins');
      if (i >= 5) idle.push(ms);
    }
    const medianMs = median(sweeps.map((s) => s.ms));
    const result = {
      plans,
      due: DUE,
      communities: district.communityIds.length,
      residents: district.residents,
      positions: district.positions,
      buildSeconds: round(built.ms / 1000),
      selectOneMs: selectOne,
      findDue,
      sweepMedianMs: round(medianMs),
      sweepMinMs: round(Math.min(...sweeps.map((s) => s.ms))),
      sweepMaxMs: round(Math.max(...sweeps.map((s) => s.ms))),
      sweeps,
      /** Each due plan costs a check-in opened and its first step taken. */
      perDuePlanUs: round((medianMs * 1000) / DUE, 1),
      idleSweepMedianMs: round(median(idle), 3),
      /** Median of the second sweeps, 30 minutes later, which only climb (every check-in's second step). */
      secondStepsMedianMs: round(median(sweeps.map((s) => s.secondSweepMs))),
      /** SQLite: the same rows written again by prepared INSERTs alone (`writeFloor`), and the sweep against it. */
      ...(sweeps[0]?.floorMs !== undefined
        ? {
            floorMedianMs: round(median(sweeps.map((s) => s.floorMs ?? 0))),
            floorRows: sweeps[0].floorRows,
            ratioSweepToFloor: ratio(medianMs, median(sweeps.map((s) => s.floorMs ?? 0))),
          }
        : {}),
      ...(PROFILE ? { cpuProfile: profiles[0] } : {}),
    };
    line('sweep median', `${result.sweepMedianMs} ms (${result.perDuePlanUs} µs per due plan)`);
    line('sweep 30 min later (second steps only) median', `${result.secondStepsMedianMs} ms`);
    if ('floorMedianMs' in result) {
      line(
        'floor: the same rows by prepared INSERTs alone',
        `${result.floorMedianMs} ms (${result.floorRows} rows; sweep / floor ${result.ratioSweepToFloor})`,
      );
    }
    line('idle sweep (nothing due) median', `${result.idleSweepMedianMs} ms`);
    return result;
  } finally {
    await target.drop();
  }
}

async function dialectFigures(dialect: DialectName, pgUrl: string | undefined) {
  const small = await sizeFigures(dialect, SMALL, pgUrl);
  const full = await sizeFigures(dialect, FULL, pgUrl);
  const figures = {
    small,
    full,
    sweepFullMs: full.sweepMedianMs,
    goalFullUnder50Ms: full.sweepMedianMs < 50,
    ratioFullToSmall: ratio(full.sweepMedianMs, small.sweepMedianMs),
    goalRatioAtMost1_5: full.sweepMedianMs / small.sweepMedianMs <= 1.5,
    ratioIdleFullToSmall: ratio(full.idleSweepMedianMs, small.idleSweepMedianMs),
    ratioFindDueFullToSmall: ratio(full.findDue.medianMs, small.findDue.medianMs),
  };
  console.log(
    `\n[${dialect}] sweep full ${full.sweepMedianMs} ms (goal < 50 ms: ${figures.goalFullUnder50Ms ? 'met' : 'missed'}), ` +
      `small ${small.sweepMedianMs} ms, full / small ${figures.ratioFullToSmall} ` +
      `(goal ≤ 1.5: ${figures.goalRatioAtMost1_5 ? 'met' : 'missed'})`,
  );
  return figures;
}

export async function run(): Promise<Record<string, unknown>> {
  const started = Date.now();
  const pgUrl = process.env.LINLI_BENCH_PG_URL;
  const machine = machineInfo();
  console.log(
    `care benchmark — ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`,
  );
  const fsync = fsyncProbe(os.tmpdir());
  line('fdatasync under the temp dir', `p50 ${fsync.p50Ms} ms, p99 ${fsync.p99Ms} ms`);
  const sqlite = await dialectFigures('sqlite', undefined);
  const postgres = pgUrl ? await dialectFigures('postgres', pgUrl) : null;
  return {
    benchmark: 'care',
    machine,
    loadAverageAtEnd: os.loadavg().map((l) => round(l)),
    totalSeconds: round((Date.now() - started) / 1000),
    settings: {
      due: DUE,
      fullPlans: FULL,
      smallPlans: SMALL,
      sweeps: SWEEPS,
      batch: BATCH,
      sqliteSynchronousOff: SYNC_OFF,
      sqliteCacheMB: CACHE_MB || null,
      now: NOW.toISOString(),
    },
    fsync,
    note:
      'Each timed sweep starts from the same due state, restored (untimed) by deleting the tasks, ladder steps and ' +
      'check-ins the previous sweep wrote and moving the due plans back to their missed check-in. Audit rows stay ' +
      '(append-only). One untimed warm-up sweep per size. Shared machine: compare ratios, not absolute times.',
    sqlite,
    postgres,
  };
}
