import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app';
import { configFromEnv } from '../src/server/config';
import type { DialectName } from '../src/server/db/database';
import { timeOrderedId } from '../src/server/db/ids';
import type { ReportTable } from '../src/server/db/schema';
import { seedDemo } from '../src/server/seed/demo';
import { DEMO_PASSWORD } from '../src/server/seed/demoCommunity';
import { seededRandom } from '../src/server/seed/random';
import { line, machineInfo, percentile, round, timed } from './lib/measure';
import { createTarget } from './lib/targets';

/**
 * The reports table (issue 23): a filtered, sorted page of reports with its total, over a district of
 * 500,000 reports (50 communities of 10,000), through the real HTTP app as the community worker asks it.
 * Measured at 50,000 and at 500,000 reports, each beside a baseline measured in the same run: one report
 * read by id, and each query's own p50/p95 beside the mix. LINLI_BENCH_SCALE shrinks it for a smoke run;
 * LINLI_BENCH_PG_URL adds PostgreSQL.
 */
const SCALE = Number(process.env.LINLI_BENCH_SCALE ?? '1');
const COMMUNITIES = 50;
const SIZES = [50_000, 500_000].map((n) => Math.round(n * SCALE));
const QUERIES = 300;
const WARM_UP = 30;
const CATEGORIES = ['repairs', 'sanitation', 'neighbour_dispute', 'welfare_policy', 'elderly_care', 'other'];
const STATES = ['new', 'acknowledged', 'in_progress', 'resolved', 'resolved', 'resolved', 'referred'];
const WORDS = ['楼道灯坏了', '水管漏水', '垃圾没人清', '楼上噪音', '电梯不动了', '暖气不热'];

/** What the table asks: the first page of each, with its total. */
const TABLE_QUERIES = [
  'state=open&category=repairs&overdue=true&sort=-created&limit=20',
  'state=all&category=repairs,sanitation&from=2026-06-01&to=2026-06-30&sort=deadline&limit=20',
  `state=open&q=${encodeURIComponent('漏水')}&sort=-urgency&limit=20`,
  'state=all&responsibleTier=committee&sort=state&limit=50&offset=100',
];

async function dialectFigures(dialect: DialectName, pgUrl: string | undefined) {
  const target = await createTarget(dialect, 'report_list', pgUrl);
  const { database } = target;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-report-list-app-'));
  const clock = () => new Date('2026-12-07T02:00:00Z');
  try {
    const seed = await seedDemo(database.db, clock, {
      shape: { buildings: 20, entrancesPerBuilding: 2, floors: [6, 6], flatsPerFloor: 2, occupancy: 1 },
    });
    const home = seed.communityIds[0] as string;
    const others = Array.from({ length: COMMUNITIES - 1 }, () => randomUUID());
    await database.db
      .insertInto('community')
      .values(
        others.map((id, i) => ({
          id,
          subdistrict_id: seed.subdistrictId,
          name: `测试社区${i}`,
          created_at: clock().toISOString(),
        })),
      )
      .execute();
    const communities = [home, ...others];
    const buildings = await database.db
      .selectFrom('building')
      .select('id')
      .where('community_id', '=', home)
      .execute();
    const households = await database.db
      .selectFrom('household')
      .select(['id', 'building_id'])
      .where('community_id', '=', home)
      .execute();
    const positions = await database.db
      .selectFrom('liaison_position')
      .select(['id', 'tier'])
      .where('community_id', '=', home)
      .execute();
    const rng = seededRandom(23);
    const random = rng.next;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const start = new Date('2025-12-07T02:00:00Z').getTime();
    let inserted = 0;

    const insertUpTo = async (total: number) => {
      while (inserted < total) {
        const batch: ReportTable[] = [];
        for (let i = 0; i < 400 && inserted < total; i++, inserted++) {
          const community = communities[inserted % COMMUNITIES] as string;
          const mine = community === home;
          const household = mine ? pick(households) : null;
          const position = mine ? pick(positions) : null;
          const created = new Date(start + random() * 365 * 86_400_000);
          const state = pick(STATES);
          batch.push({
            id: timeOrderedId(created),
            community_id: community,
            household_id: household?.id ?? null,
            building_id: mine && !household ? (pick(buildings).id ?? null) : null,
            entrance_id: null,
            category: pick(CATEGORIES),
            urgency: random() < 0.05 ? 'emergency' : 'general',
            description: `${pick(WORDS)} ${inserted}`,
            state,
            source: 'staff',
            recorded_by_user_id: null,
            recorded_by_position_id: null,
            on_behalf_of_resident_id: null,
            on_behalf_of_name: null,
            reporter_phone: null,
            responsible_position_id: position?.id ?? null,
            responsible_tier: position?.tier ?? 'committee',
            created_at: created.toISOString(),
            feedback_due_at: new Date(created.getTime() + 168 * 3_600_000).toISOString(),
            acknowledged_at: state === 'new' ? null : created.toISOString(),
            closed_at: ['new', 'acknowledged', 'in_progress'].includes(state) ? null : created.toISOString(),
            referred_to: null,
            resident_guidance: null,
            merged_into: null,
            committee_latency_ms: null,
            feedback_token: randomUUID(),
          });
        }
        await database.db.insertInto('report').values(batch).execute();
      }
    };

    const app = await buildApp({
      database,
      clock,
      config: configFromEnv({ LINLI_SIGNIN_ADDRESS_FREE_FAILURES: '1000' }, { dataDir }),
      logger: false,
      webDir: null,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'worker', password: DEMO_PASSWORD },
    });
    const cookie = login.cookies.find((c) => c.name === 'linli_session');
    const headers = { cookie: `linli_session=${cookie?.value}` };
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url, headers });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res;
    };

    const figures: Record<string, unknown>[] = [];
    for (const size of SIZES) {
      const { ms: insertMs } = await timed(() => insertUpTo(size));
      if (dialect === 'postgres') await sql`analyze`.execute(database.db);
      const anyReport = (await get('/api/v1/reports?state=all&limit=1')).json().items[0].id as string;
      const measure = async (urls: readonly string[]) => {
        for (let i = 0; i < WARM_UP; i++) await get(urls[i % urls.length] as string);
        const times: number[] = [];
        const byUrl: number[][] = urls.map(() => []);
        for (let i = 0; i < QUERIES; i++) {
          const { ms } = await timed(() => get(urls[i % urls.length] as string));
          times.push(ms);
          byUrl[i % urls.length]?.push(ms);
        }
        return {
          p50: round(percentile(times, 50)),
          p95: round(percentile(times, 95)),
          max: round(Math.max(...times)),
          perQuery: byUrl.map((t) => ({ p50: round(percentile(t, 50)), p95: round(percentile(t, 95)) })),
        };
      };
      const table = await measure(TABLE_QUERIES.map((q) => `/api/v1/reports?${q}`));
      const baseline = await measure([`/api/v1/reports/${anyReport}`]);
      const totals = await Promise.all(
        TABLE_QUERIES.map(async (q) => (await get(`/api/v1/reports?${q}`)).json().total),
      );
      const row = {
        reports: size,
        reportsInWorkerCommunity: Math.ceil(size / COMMUNITIES),
        insertSeconds: round(insertMs / 1000, 1),
        tablePageMs: table,
        baselineOneReportMs: baseline,
        totals,
      };
      figures.push(row);
      line(
        `${dialect} ${size} reports`,
        `table p95 ${table.p95} ms (p50 ${table.p50}); one report p95 ${baseline.p95} ms`,
      );
    }
    await app.close();
    const largest = figures.at(-1) as { tablePageMs: { p95: number } };
    return { target: { p95Ms: 100, met: largest.tablePageMs.p95 < 100 }, figures };
  } finally {
    await target.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const machine = machineInfo();
  const pgUrl = process.env.LINLI_BENCH_PG_URL;
  const sqlite = await dialectFigures('sqlite', undefined);
  const postgres = pgUrl ? await dialectFigures('postgres', pgUrl) : null;
  return {
    benchmark: 'report-list',
    machine,
    queries: TABLE_QUERIES,
    queriesPerSize: QUERIES,
    sqlite,
    postgres,
  };
}
