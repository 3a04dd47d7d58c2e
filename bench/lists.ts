import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../src/server/auth/actor';
import { computeScope } from '../src/server/auth/scope';
import type { UserRecord } from '../src/server/auth/users.repository';
import { localDate } from '../src/server/clock';
import type { Database, DialectName } from '../src/server/db/database';
import { listResidentsInScope } from '../src/server/registry/lists.usecases';
import { listHouseholdsInScope, type RegistryContext } from '../src/server/registry/registry.usecases';
import { ZHouseholdListQuery, ZResidentListQuery } from '../src/shared/contracts/registry';
import type { Role } from '../src/shared/roles';
import { buildDistrict, COMMUNITY_5000 } from './lib/district';
import { line, machineInfo, median, percentile, round, timed } from './lib/measure';
import { createTarget } from './lib/targets';

/**
 * The register tables (issue 23): a filtered, sorted page of residents and of households, with its total,
 * over a district of ~600,000 residents and over a tenth of it, beside a bare primary-key page read measured
 * in the same run. LINLI_BENCH_SCALE shrinks it for a smoke run; LINLI_BENCH_PG_URL adds PostgreSQL.
 */
const SCALE = Number(process.env.LINLI_BENCH_SCALE ?? '1');
const RUNS = 200;
const today = () => localDate(new Date());

async function contextFor(
  database: Database,
  role: Role,
  place: { communityId?: string; subdistrictId?: string },
) {
  const user: UserRecord = {
    id: randomUUID(),
    username: `bench-${role}-${randomUUID().slice(0, 8)}`,
    displayName: role,
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
  const actor: Actor = {
    user,
    sessionId: 'bench',
    csrfToken: 'x',
    scopeVersion: 0,
    ip: '127.0.0.1',
    scope: await computeScope(database.db, user, today()),
  };
  return { db: database.db, clock: () => new Date(), actor } satisfies RegistryContext;
}

async function latencies(work: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await work(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await timed(() => work(i))).ms);
  return { p50ms: round(median(times)), p95ms: round(percentile(times, 95)) };
}

const RESIDENT_QUERIES = [
  { careTag: 'lives_alone', sort: '-age' },
  { ageBand: '80+', sort: 'name' },
  { hasLeader: 'no', sort: 'address' },
  { sort: 'address' },
] as const;

async function sizeFigures(dialect: DialectName, fraction: number, pgUrl: string | undefined) {
  const communities = Math.max(1, Math.round(50 * SCALE * fraction));
  const shape = {
    ...COMMUNITY_5000,
    subdistricts: Math.ceil(communities / Math.min(5, communities)),
    communitiesPerSubdistrict: Math.min(5, communities),
  };
  const target = await createTarget(dialect, `lists-${fraction}`, pgUrl);
  try {
    const sink = await target.bulk();
    const built = await timed(() => buildDistrict(sink, shape, { seed: 2_300, today: today() }));
    await sink.close();
    const district = built.result;
    if (dialect === 'postgres') await sql`analyze`.execute(target.database.db);
    console.log(
      `\n[${dialect}] ${district.households.toLocaleString('en')} households, ${district.residents.toLocaleString('en')} residents (built in ${round(built.ms / 1000)} s)`,
    );
    const worker = await contextFor(target.database, 'worker', { communityId: district.first.communityId });
    const subdistrict = await contextFor(target.database, 'subdistrict', {
      subdistrictId: district.first.subdistrictId,
    });
    // The baseline: 50 residents by primary key order, nothing else.
    const baseline = await latencies((i) =>
      target.database.db
        .selectFrom('resident')
        .select(['id', 'name'])
        .orderBy('id')
        .limit(50)
        .offset((i % 20) * 50)
        .execute(),
    );
    line('baseline: a bare 50-row page by primary key', `p50 ${baseline.p50ms} ms, p95 ${baseline.p95ms} ms`);
    const figures: Record<string, unknown> = { baseline };
    for (const [who, ctx] of [
      ['worker', worker],
      ['subdistrict', subdistrict],
    ] as const) {
      for (const filters of RESIDENT_QUERIES) {
        const name = `${who} residents ${JSON.stringify(filters)}`;
        const figure = await latencies((i) =>
          listResidentsInScope(
            ctx,
            ZResidentListQuery.parse({ ...filters, limit: 50, offset: (i % 5) * 50 }),
          ),
        );
        line(name, `p50 ${figure.p50ms} ms, p95 ${figure.p95ms} ms`);
        figures[name] = figure;
      }
      const households = `${who} households {"careTag":"lives_alone","sort":"address"}`;
      const figure = await latencies((i) =>
        listHouseholdsInScope(
          ctx,
          ZHouseholdListQuery.parse({
            careTag: 'lives_alone',
            sort: 'address',
            limit: 50,
            offset: (i % 5) * 50,
          }),
        ),
      );
      line(households, `p50 ${figure.p50ms} ms, p95 ${figure.p95ms} ms`);
      figures[households] = figure;
    }
    return {
      households: district.households,
      residents: district.residents,
      workerScopeCommunities: worker.actor.scope.communityIds.length,
      subdistrictScopeCommunities: subdistrict.actor.scope.communityIds.length,
      buildSeconds: round(built.ms / 1000),
      figures,
    };
  } finally {
    await target.drop();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const started = Date.now();
  const machine = machineInfo();
  const dialects: DialectName[] = process.env.LINLI_BENCH_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  const results: Record<string, unknown> = {};
  for (const dialect of dialects) {
    results[dialect] = {
      tenth: await sizeFigures(dialect, 0.1, process.env.LINLI_BENCH_PG_URL),
      full: await sizeFigures(dialect, 1, process.env.LINLI_BENCH_PG_URL),
    };
  }
  return {
    benchmark: 'lists',
    machine,
    scale: SCALE,
    runsPerFigure: RUNS,
    totalSeconds: round((Date.now() - started) / 1000),
    results,
  };
}
