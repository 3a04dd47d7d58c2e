import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrate';
import { startServer } from '../src/server/main';
import { seedDemo } from '../src/server/seed/demo';
import { DEMO_PASSWORD } from '../src/server/seed/demoCommunity';
import { keepAliveAgent, request, type Session, signIn } from './lib/httpLoad';
import { line, machineInfo, percentile, ratio, round } from './lib/measure';

/**
 * Issue 16, "Speed": 今日一览 for a community with a year of history (goal p95 < 100 ms); the
 * subdistrict's monthly figures (GET /api/v1/subdistrict/overview) for its communities (goal with 50
 * communities and three years: p95 < 500 ms); one community's monthly PDF (< 2 s) and the subdistrict's
 * workbook (< 5 s); how each grows with the number of communities; a baseline request (the signed-in
 * person, GET /api/v1/auth/me) timed in the same run, so the figures read against this machine.
 *
 * The data is the demo's own lived history (src/server/seed/history: reports, care, welfare, the
 * station), written through the areas' use cases, so every figure is counted on records the app made.
 *
 * Settings: LINLI_BENCH_DESK_SIZES (communities per run, default "5,50"),
 * LINLI_BENCH_DESK_MONTHS (history of the subdistrict runs, default 36),
 * LINLI_BENCH_DESK_TODAY_MONTHS (history of the 今日一览 run, default 12),
 * LINLI_BENCH_DESK_RUNS (timed requests per figure, default 40).
 */
const SIZES = (process.env.LINLI_BENCH_DESK_SIZES ?? '5,50').split(',').map(Number);
const MONTHS = Number(process.env.LINLI_BENCH_DESK_MONTHS ?? '36');
const TODAY_MONTHS = Number(process.env.LINLI_BENCH_DESK_TODAY_MONTHS ?? '12');
const RUNS = Number(process.env.LINLI_BENCH_DESK_RUNS ?? '40');
/** A month well inside the history, the last full one. */
const NOW = new Date('2026-12-07T02:00:00Z');
const MONTH = '2026-11';

const GOALS = { todayP95Ms: 100, overviewP95Ms: 500, pdfMs: 2000, xlsxMs: 5000 };

interface Timing {
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

async function timeRequests(
  agent: ReturnType<typeof keepAliveAgent>,
  url: string,
  session: Session,
  runs: number,
): Promise<Timing & { bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  // Two unmeasured first: the first request of a kind warms statement caches.
  for (let i = 0; i < runs + 2; i++) {
    const started = performance.now();
    const res = await request(agent, url, { headers: { cookie: session.cookie }, timeoutMs: 120_000 });
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${res.body.slice(0, 300)}`);
    bytes = Buffer.byteLength(res.body);
    if (i >= 2) times.push(ms);
  }
  return {
    runs,
    p50Ms: round(percentile(times, 50), 1),
    p95Ms: round(percentile(times, 95), 1),
    maxMs: round(Math.max(...times), 1),
    bytes,
  };
}

/** A fresh SQLite database with `communities` demo communities and `months` of history each; then the server on it. */
async function world(communities: number, months: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-desk-'));
  const database = openDatabase({ dataDir });
  await migrateToLatest(database);
  const started = performance.now();
  await seedDemo(database.db, () => NOW, {
    extraCommunities: communities - 1,
    historyMonths: months,
    onProgress: (step) => {
      if (step === 'history') process.stdout.write('.');
    },
  });
  const seedMs = performance.now() - started;
  const counts = Object.fromEntries(
    await Promise.all(
      (
        ['report', 'checkin', 'care_visit', 'welfare_decision', 'service_session', 'audit_event'] as const
      ).map(async (table) => {
        const row = await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        return [table, Number(row.n)] as const;
      }),
    ),
  );
  await database.close();
  process.stdout.write('\n');
  const server = await startServer({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    seedDemo: false,
    web: false,
    log: false,
    clock: () => NOW,
  });
  return {
    url: server.url,
    seedS: round(seedMs / 1000, 1),
    rows: counts,
    close: async () => {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const agent = keepAliveAgent(4);
  line('machine', JSON.stringify(machineInfo()));

  // 1. 今日一览 for one community with a year of history.
  line('today', `1 community, ${TODAY_MONTHS} months of history: seeding`);
  const one = await world(1, TODAY_MONTHS);
  const committee = await signIn(agent, one.url, 'committee', DEMO_PASSWORD);
  const baselineOne = await timeRequests(agent, `${one.url}/api/v1/auth/me`, committee, RUNS);
  const today = await timeRequests(agent, `${one.url}/api/v1/dashboard/today`, committee, RUNS);
  const todayItems = (
    JSON.parse(
      (await request(agent, `${one.url}/api/v1/dashboard/today`, { headers: { cookie: committee.cookie } }))
        .body,
    ) as { items: unknown[] }
  ).items.length;
  await one.close();
  line('today', `p95 ${today.p95Ms} ms (goal < ${GOALS.todayP95Ms}), baseline p95 ${baselineOne.p95Ms} ms`);

  // 2. The subdistrict's figures, PDF and workbook, by number of communities.
  const sizes: Record<string, unknown>[] = [];
  for (const communities of SIZES) {
    line('subdistrict', `${communities} communities, ${MONTHS} months of history: seeding`);
    let w: Awaited<ReturnType<typeof world>>;
    try {
      w = await world(communities, MONTHS);
    } catch (error) {
      // Recorded, not thrown: the sizes measured before it still stand.
      line('subdistrict', `${communities}: the demo seeder failed: ${String(error)}`);
      sizes.push({ communities, months: MONTHS, error: String(error) });
      continue;
    }
    const sub = await signIn(agent, w.url, 'subdistrict', DEMO_PASSWORD);
    const boss = await signIn(agent, w.url, 'committee', DEMO_PASSWORD);
    const baseline = await timeRequests(agent, `${w.url}/api/v1/auth/me`, sub, RUNS);
    const overview = await timeRequests(
      agent,
      `${w.url}/api/v1/subdistrict/overview?month=${MONTH}`,
      sub,
      RUNS,
    );
    const pdf = await timeRequests(agent, `${w.url}/api/v1/monthly-report.pdf?month=${MONTH}`, boss, 5);
    const xlsx = await timeRequests(agent, `${w.url}/api/v1/monthly-report.xlsx?month=${MONTH}`, sub, 3);
    const todayHere = await timeRequests(agent, `${w.url}/api/v1/dashboard/today`, boss, RUNS);
    await w.close();
    line(
      'subdistrict',
      `${communities}: overview p95 ${overview.p95Ms} ms, PDF p95 ${pdf.p95Ms} ms, xlsx p95 ${xlsx.p95Ms} ms, today p95 ${todayHere.p95Ms} ms (seeded in ${w.seedS} s)`,
    );
    sizes.push({
      communities,
      months: MONTHS,
      seedS: w.seedS,
      rows: w.rows,
      baseline,
      overview,
      communityPdf: pdf,
      subdistrictXlsx: xlsx,
      today: todayHere,
    });
  }
  const measured = sizes.filter((s) => !('error' in s));
  const first = measured[0] as {
    communities: number;
    overview: Timing;
    subdistrictXlsx: Timing;
    communityPdf: Timing;
  };
  const last = measured.at(-1) as typeof first;
  return {
    issue: 16,
    at: new Date().toISOString(),
    machine: machineInfo(),
    goals: GOALS,
    settings: { sizes: SIZES, months: MONTHS, todayMonths: TODAY_MONTHS, runs: RUNS, month: MONTH },
    today: {
      communities: 1,
      months: TODAY_MONTHS,
      seedS: one.seedS,
      rows: one.rows,
      items: todayItems,
      baseline: baselineOne,
      today,
      p95OverBaseline: ratio(today.p95Ms, baselineOne.p95Ms),
      meetsGoal: today.p95Ms < GOALS.todayP95Ms,
    },
    subdistrict: sizes,
    growth: {
      from: first.communities,
      to: last.communities,
      communitiesRatio: ratio(last.communities, first.communities),
      overviewP95Ratio: ratio(last.overview.p95Ms, first.overview.p95Ms),
      xlsxRatio: ratio(last.subdistrictXlsx.p95Ms, first.subdistrictXlsx.p95Ms),
      communityPdfRatio: ratio(last.communityPdf.p95Ms, first.communityPdf.p95Ms),
    },
  };
}
