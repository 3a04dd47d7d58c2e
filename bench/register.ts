import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Actor } from '../src/server/auth/actor';
import { computeScope } from '../src/server/auth/scope';
import type { UserRecord } from '../src/server/auth/users.repository';
import { localDate } from '../src/server/clock';
import type { Database, DialectName } from '../src/server/db/database';
import { buildingPicture, searchRegister } from '../src/server/register/register.usecases';
import type { RegistryContext } from '../src/server/registry/registry.usecases';
import { seededRandom } from '../src/server/seed/random';
import type { Role } from '../src/shared/roles';
import { buildDistrict, COMMUNITY_5000, type District, type DistrictShape } from './lib/district';
import { line, machineInfo, mb, mean, median, percentile, ratio, round, timed } from './lib/measure';
import { planOfFirstQuery } from './lib/plans';
import { writeRegisterXlsx } from './lib/registerFile';
import { createTarget } from './lib/targets';
import { type ImportFigures, RESULT_MARKER } from './registerImport';

/**
 * The register benchmark (issue 3, "Speed"). Every figure is given beside a baseline measured in the
 * same run on the same machine, because the machine is shared and absolute times move with its load.
 *
 * LINLI_BENCH_SCALE (default 1) shrinks everything for a smoke run; LINLI_BENCH_PG_URL adds PostgreSQL.
 */
const SCALE = Number(process.env.LINLI_BENCH_SCALE ?? '1');
const IMPORT_ROWS = Math.round(100_000 * SCALE);
const SEARCH_QUERIES = 1_000;
const SUBDISTRICT_QUERIES = 300;
const PICTURES = 50;
const WARM_UP = 50;

/** Full size: 10 subdistricts × 5 communities × ~5,000 households = ~250,000 households. */
function districtShape(fraction: number): DistrictShape {
  const communities = Math.max(1, Math.round(50 * SCALE * fraction));
  const perSubdistrict = Math.min(5, communities);
  return {
    ...COMMUNITY_5000,
    subdistricts: Math.ceil(communities / perSubdistrict),
    communitiesPerSubdistrict: perSubdistrict,
  };
}

const clock = () => new Date();
const today = () => localDate(new Date());

async function insertUser(
  database: Database,
  role: Role,
  place: { communityId?: string; subdistrictId?: string },
): Promise<UserRecord> {
  const user: UserRecord = {
    id: randomUUID(),
    username: `bench-${role}-${randomUUID().slice(0, 8)}`,
    displayName: `测试${role}`,
    role,
    communityId: place.communityId ?? null,
    subdistrictId: place.subdistrictId ?? null,
    disabled: false,
    lockedUntil: null,
  };
  await database.db
    .insertInto('user_account')
    .values({
      id: user.id,
      username: user.username,
      display_name: user.displayName,
      role,
      password_hash: 'not-a-hash',
      community_id: user.communityId,
      subdistrict_id: user.subdistrictId,
      disabled: 0,
      locked_until: null,
      created_at: new Date().toISOString(),
    })
    .execute();
  return user;
}

async function contextFor(database: Database, user: UserRecord): Promise<RegistryContext> {
  const actor: Actor = {
    user,
    sessionId: 'bench',
    csrfToken: 'x',
    scopeVersion: 0,
    ip: '127.0.0.1',
    scope: await computeScope(database.db, user, today()),
  };
  return { db: database.db, clock, actor };
}

// ---------------------------------------------------------------------------------------------- import

/**
 * The import is measured in a process of its own, so its memory is not the leftovers of other phases
 * (a process's RSS seldom shrinks after a garbage collection).
 */
async function importInChild(dialect: DialectName, file: string, pgUrl: string | undefined) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./registerImport.ts', import.meta.url)),
      dialect,
      file,
      String(IMPORT_ROWS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LINLI_BENCH_PG_URL: pgUrl ?? '' } },
  );
  let result: unknown = null;
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const l of lines) {
      if (l.startsWith(RESULT_MARKER)) result = JSON.parse(l.slice(RESULT_MARKER.length));
      else console.log(l);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0 || result === null)
    throw new Error(`the import benchmark (${dialect}) failed with exit code ${code}`);
  return result as ImportFigures;
}

// ---------------------------------------------------------------------------------------------- search

type QueryKind =
  | 'name'
  | 'name_prefix'
  | 'surname'
  | 'initials'
  | 'pinyin'
  | 'phone'
  | 'address'
  | 'entrance';

/** 1,000 queries as workers type them, drawn from the first community's residents. */
function mixedQueries(district: District, count: number): { kind: QueryKind; q: string }[] {
  const random = seededRandom(20_240_611);
  const people = district.first.residents;
  const withPhone = people.filter((p) => p.phoneTail);
  const kinds: [QueryKind, number][] = [
    ['name', 25],
    ['name_prefix', 8],
    ['surname', 4],
    ['initials', 20],
    ['pinyin', 8],
    ['phone', 20],
    ['address', 12],
    ['entrance', 3],
  ];
  const out: { kind: QueryKind; q: string }[] = [];
  for (let i = 0; i < count; i++) {
    const kind = random.weighted(kinds);
    const p = random.pick(kind === 'phone' ? withPhone : people);
    const q = {
      name: p.name,
      name_prefix: p.name.slice(0, 2),
      surname: p.name.slice(0, 1),
      initials: p.initials,
      pinyin: random.chance(0.5) ? p.pinyin : p.pinyin.slice(0, 5),
      phone: p.phoneTail ?? '',
      address: `${p.building}-${p.entrance}-${p.room}`,
      entrance: `${p.building}-${p.entrance}`,
    }[kind];
    out.push({ kind, q });
  }
  return out;
}

async function searchLatencies(ctx: RegistryContext, queries: readonly { kind: QueryKind; q: string }[]) {
  for (const { q } of queries.slice(0, WARM_UP)) await searchRegister(ctx, { q, limit: 50 });
  const times: number[] = [];
  const hits: number[] = [];
  const byKind = new Map<QueryKind, { times: number[]; hits: number[] }>();
  for (const { kind, q } of queries) {
    const { ms, result } = await timed(() => searchRegister(ctx, { q, limit: 50 }));
    times.push(ms);
    hits.push(result.items.length);
    const k = byKind.get(kind) ?? { times: [], hits: [] };
    k.times.push(ms);
    k.hits.push(result.items.length);
    byKind.set(kind, k);
  }
  return {
    queries: queries.length,
    p50ms: round(median(times)),
    p95ms: round(percentile(times, 95)),
    maxMs: round(Math.max(...times)),
    meanHits: round(mean(hits)),
    byKind: Object.fromEntries(
      [...byKind].map(([kind, k]) => [
        kind,
        {
          n: k.times.length,
          p50ms: round(median(k.times)),
          p95ms: round(percentile(k.times, 95)),
          meanHits: round(mean(k.hits)),
        },
      ]),
    ),
  };
}

async function selectOne(database: Database) {
  const times: number[] = [];
  for (let i = 0; i < 220; i++) {
    const { ms } = await timed(() => sql`select 1 as one`.execute(database.db));
    if (i >= 20) times.push(ms);
  }
  return round(median(times), 3);
}

async function sizeFigures(dialect: DialectName, fraction: number, pgUrl: string | undefined) {
  const shape = districtShape(fraction);
  const label = fraction === 1 ? 'full' : 'tenth';
  const target = await createTarget(dialect, label, pgUrl);
  try {
    const sink = await target.bulk();
    const built = await timed(() => buildDistrict(sink, shape, { seed: 1_000, today: today() }));
    await sink.close();
    const district = built.result;
    if (dialect === 'postgres') await sql`analyze`.execute(target.database.db);
    console.log(
      `\n[${dialect}] ${label} size: ${district.communityIds.length} communities, ${district.households.toLocaleString('en')} households, ` +
        `${district.residents.toLocaleString('en')} residents, ${district.positions.toLocaleString('en')} positions ` +
        `(built in ${round(built.ms / 1000)} s, ${await target.sizeMB()} MB)`,
    );
    const worker = await contextFor(
      target.database,
      await insertUser(target.database, 'worker', { communityId: district.first.communityId }),
    );
    const subdistrict = await contextFor(
      target.database,
      await insertUser(target.database, 'subdistrict', { subdistrictId: district.first.subdistrictId }),
    );
    const queries = mixedQueries(district, SEARCH_QUERIES);
    const roundTrip = await selectOne(target.database);
    line('SELECT 1 round trip (baseline), median', `${roundTrip} ms`);
    const workerSearch = await searchLatencies(worker, queries);
    line(
      `worker search (1 community), ${queries.length} queries`,
      `p50 ${workerSearch.p50ms} ms, p95 ${workerSearch.p95ms} ms, ${workerSearch.meanHits} hits/query`,
    );
    const subdistrictSearch = await searchLatencies(subdistrict, queries.slice(0, SUBDISTRICT_QUERIES));
    line(
      `subdistrict search (${subdistrict.actor.scope.communityIds.length} communities), ${SUBDISTRICT_QUERIES} queries`,
      `p50 ${subdistrictSearch.p50ms} ms, p95 ${subdistrictSearch.p95ms} ms, ${subdistrictSearch.meanHits} hits/query`,
    );

    const buildings = district.first.buildingIds;
    for (let i = 0; i < 5; i++) await buildingPicture(worker, buildings[i % buildings.length] ?? '', 'care');
    const pictureTimes: number[] = [];
    let flats = 0;
    for (let i = 0; i < PICTURES; i++) {
      const { ms, result } = await timed(() =>
        buildingPicture(worker, buildings[i % buildings.length] ?? '', 'care'),
      );
      pictureTimes.push(ms);
      flats += result.entrances.reduce((n, e) => n + e.floors.reduce((m, f) => m + f.flats.length, 0), 0);
    }
    const picture = {
      pictures: PICTURES,
      medianMs: round(median(pictureTimes)),
      p95Ms: round(percentile(pictureTimes, 95)),
      meanFlats: round(flats / PICTURES),
    };
    line(
      `building picture (care lens), median of ${PICTURES}`,
      `${picture.medianMs} ms (${picture.meanFlats} flats)`,
    );

    // One query of each kind, explained (full size only: that is where a bad plan shows).
    const plans: Record<string, string[]> = {};
    if (fraction === 1) {
      for (const kind of ['name', 'initials', 'pinyin', 'phone', 'address'] as const) {
        const q = queries.find((x) => x.kind === kind)?.q;
        if (q === undefined) continue;
        plans[`${kind} ${q}`] = await planOfFirstQuery(target.database.db, dialect, (db) =>
          searchRegister({ ...worker, db }, { q, limit: 50 }),
        );
      }
    }

    return {
      communities: district.communityIds.length,
      households: district.households,
      residents: district.residents,
      positions: district.positions,
      workerScopeCommunities: worker.actor.scope.communityIds.length,
      subdistrictScopeCommunities: subdistrict.actor.scope.communityIds.length,
      buildSeconds: round(built.ms / 1000),
      databaseMB: await target.sizeMB(),
      selectOneMs: roundTrip,
      workerSearch: { ...workerSearch, p50ToSelectOne: ratio(workerSearch.p50ms, roundTrip) },
      subdistrictSearch: { ...subdistrictSearch, p50ToSelectOne: ratio(subdistrictSearch.p50ms, roundTrip) },
      buildingPicture: picture,
      ...(fraction === 1 ? { workerSearchPlans: plans } : {}),
    };
  } finally {
    await target.drop();
  }
}

async function dialectFigures(dialect: DialectName, file: string, pgUrl: string | undefined) {
  const importResult = await importInChild(dialect, file, pgUrl);
  const tenth = await sizeFigures(dialect, 0.1, pgUrl);
  const full = await sizeFigures(dialect, 1, pgUrl);
  const growth = {
    households: ratio(full.households, tenth.households),
    workerSearchP50: ratio(full.workerSearch.p50ms, tenth.workerSearch.p50ms),
    workerSearchP95: ratio(full.workerSearch.p95ms, tenth.workerSearch.p95ms),
    workerSearchHits: ratio(full.workerSearch.meanHits, tenth.workerSearch.meanHits),
    subdistrictSearchP50: ratio(full.subdistrictSearch.p50ms, tenth.subdistrictSearch.p50ms),
    subdistrictSearchP95: ratio(full.subdistrictSearch.p95ms, tenth.subdistrictSearch.p95ms),
    selectOne: ratio(full.selectOneMs, tenth.selectOneMs),
    buildingPictureMedian: ratio(full.buildingPicture.medianMs, tenth.buildingPicture.medianMs),
  };
  console.log(`\n[${dialect}] full / tenth (district ${growth.households}× larger, same community size)`);
  line('worker search p50 / p95', `${growth.workerSearchP50}× / ${growth.workerSearchP95}×`);
  line('subdistrict search p50 / p95', `${growth.subdistrictSearchP50}× / ${growth.subdistrictSearchP95}×`);
  line('building picture median', `${growth.buildingPictureMedian}×`);
  line('SELECT 1 (machine noise)', `${growth.selectOne}×`);
  return {
    import: importResult,
    search: {
      goalP95Ms: dialect === 'sqlite' ? 50 : null,
      meetsGoal: dialect === 'sqlite' ? full.workerSearch.p95ms < 50 : null,
      tenth,
      full,
      fullToTenth: growth,
      growth:
        'Full is ten times as many communities as tenth, each of the same ~5,000 households; a worker searches ' +
        'one community and the subdistrict account five. Ratios near 1 (beside the SELECT 1 ratio, the noise ' +
        'of the machine) mean cost follows the size of the searcher’s scope, not of the district.',
    },
    buildingPicture: {
      tenthMedianMs: tenth.buildingPicture.medianMs,
      fullMedianMs: full.buildingPicture.medianMs,
      ratioFullToTenth: growth.buildingPictureMedian,
      growth:
        'Proportional to the flats of one building and the buildings of one community, not to the district.',
    },
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const started = Date.now();
  const pgUrl = process.env.LINLI_BENCH_PG_URL;
  const machine = machineInfo();
  console.log(
    `register benchmark — ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-file-'));
  try {
    const file = path.join(dir, 'register-100k.xlsx');
    const written = await timed(() => writeRegisterXlsx(file, IMPORT_ROWS, { seed: 42, today: today() }));
    console.log(
      `generated ${file}: ${written.result.rows.toLocaleString('en')} rows, ${written.result.households.toLocaleString('en')} households, ` +
        `${mb(fs.statSync(file).size)} MB in ${round(written.ms / 1000)} s`,
    );
    const sqlite = await dialectFigures('sqlite', file, undefined);
    const postgres = pgUrl ? await dialectFigures('postgres', file, pgUrl) : null;
    return {
      benchmark: 'register',
      machine,
      loadAverageAtEnd: os.loadavg().map((l) => round(l)),
      totalSeconds: round((Date.now() - started) / 1000),
      scale: SCALE,
      sizes: {
        importRows: IMPORT_ROWS,
        full: districtShape(1),
        tenth: districtShape(0.1),
        searchQueries: SEARCH_QUERIES,
        subdistrictQueries: SUBDISTRICT_QUERIES,
        warmUpQueries: WARM_UP,
        buildingPictures: PICTURES,
        searchLimit: 50,
      },
      note:
        'Shared machine: compare ratios, not absolute times. SQLite tables are not ANALYZEd (the app never ' +
        'runs ANALYZE); PostgreSQL is ANALYZEd after the bulk load, as autovacuum would.',
      sqlite,
      postgres,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
