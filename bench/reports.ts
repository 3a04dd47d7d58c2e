import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DialectName } from '../src/server/db/database';
import { largestProfile, summarizeCpuProfile } from './lib/cpuProfile';
import {
  type FeedEvent,
  keepAliveAgent,
  openFeedListener,
  perWindow,
  request,
  type Session,
  signIn,
} from './lib/httpLoad';
import { fsyncProbe, line, machineInfo, mean, median, percentile, ratio, round } from './lib/measure';
import { type BenchServer, type SqlTime, startBenchServer } from './lib/serverProcess';
import { createTarget } from './lib/targets';

/**
 * Issue 4, "Speed": report intake under sustained load with live-feed listeners, and intake throughput
 * at saturation against a bare Fastify route doing one durable insert. See docs/BENCHMARKS.md, "Reports".
 *
 * The servers (Linli and the bare baseline) run in child processes; this process is the load generator
 * and the 50 live-feed screens. On 2 cores the two share the CPU: the generator's own CPU time is
 * reported beside the server's.
 */

const num = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : fallback;
};
const SECONDS = num(process.env.LINLI_BENCH_SECONDS, 60);
const RATE = num(process.env.LINLI_BENCH_RATE, 500);
const LISTENERS = Math.round(num(process.env.LINLI_BENCH_LISTENERS, 50));
/** Each closed-loop concurrency step lasts this long. */
const STEP_SECONDS = num(process.env.LINLI_BENCH_STEP_SECONDS, Math.min(6, Math.max(1, SECONDS / 10)));
/** Closed-loop client counts to step through (more are added while throughput still grows). */
const CONCURRENCY = (process.env.LINLI_BENCH_CONCURRENCY ?? '4,16,64').split(',').map(Number);
const PROFILE = process.env.LINLI_BENCH_CPU_PROF === '1';
const SQL_TIMING = process.env.LINLI_BENCH_SQL_TIMING === '1';
const PASSWORD = 'linli-demo';
/** The listeners, in turn: the committee first, then every tier of the chain above the building leader's flats. */
const LISTENER_USERS = ['committee', 'branch', 'groupleader', 'partymember', 'buildingleader'] as const;

/** Statement times per report: how many statements one report costs, and which take the time. */
function sqlPerReport(rows: SqlTime[], reports: number) {
  const sum = (f: (r: SqlTime) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    reports: Math.round(reports),
    statementsPerReport: ratio(
      sum((r) => r.count),
      reports,
    ),
    execMsPerReport: ratio(
      sum((r) => r.execMs),
      reports,
    ),
    prepareMsPerReport: ratio(
      sum((r) => r.prepareMs),
      reports,
    ),
    top: rows.slice(0, 30).map((r) => ({
      sql: r.sql,
      perReport: ratio(r.count, reports),
      execUsPerReport: round((1000 * r.execMs) / reports),
      prepareUsPerReport: round((1000 * r.prepareMs) / reports),
      execUsEach: round((1000 * r.execMs) / r.count),
    })),
  };
}

interface Poster {
  session: Session;
  householdIds: string[];
  categories: string[];
}

const description = (i: number) =>
  `基准测试 ${i}: 3号楼2单元楼道灯不亮，住户反映晚上上下楼不方便，请尽快安排维修。bench report ${i}`;

/** Closed loop: `clients` callers, each sending its next request as soon as the last one is answered. */
async function closedLoop(clients: number, seconds: number, send: (i: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const ok = await send(next++).catch(() => false);
        if (ok) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  const wall = (performance.now() - start) / 1000;
  return {
    clients,
    seconds: round(wall),
    perSecond: round(latencies.length / wall),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    errors,
  };
}

type Step = Awaited<ReturnType<typeof closedLoop>>;

/** Raises the concurrency until throughput stops growing (less than 10 % more); the best step is the saturation point. */
async function saturate(label: string, send: (i: number) => Promise<boolean>) {
  const steps: Step[] = [];
  const levels = [...CONCURRENCY];
  for (let k = 0; k < levels.length; k++) {
    const clients = levels[k] ?? 1;
    const step = await closedLoop(clients, STEP_SECONDS, send);
    steps.push(step);
    line(
      `${label} closed loop, ${clients} clients`,
      `${step.perSecond}/s  p50 ${step.p50Ms} ms  p99 ${step.p99Ms} ms  errors ${step.errors}`,
    );
    const previous = steps[steps.length - 2];
    if (k === levels.length - 1 && previous && step.perSecond > previous.perSecond * 1.1 && clients < 256) {
      levels.push(clients * 2);
    }
  }
  const best = steps.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  return { best, steps };
}

function reportSender(agent: http.Agent, base: string, poster: Poster) {
  return async (i: number) => {
    const res = await request(agent, `${base}/api/v1/reports`, {
      method: 'POST',
      headers: {
        cookie: poster.session.cookie,
        'x-csrf-token': poster.session.csrf,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({
        householdId: poster.householdIds[i % poster.householdIds.length],
        category: poster.categories[i % poster.categories.length],
        description: description(i),
      }),
    });
    return res.status === 200 ? res : null;
  };
}

function bareSender(agent: http.Agent, base: string, poster: Poster) {
  return async (i: number) => {
    const res = await request(agent, `${base}/bare/reports`, {
      method: 'POST',
      body: JSON.stringify({
        householdId: poster.householdIds[i % poster.householdIds.length],
        category: poster.categories[i % poster.categories.length],
        description: description(i),
      }),
    });
    return res.status === 200;
  };
}

interface Sent {
  scheduled: number;
  sent: number;
  done: number;
  ok: boolean;
  status: number;
  id?: string;
  createdAt?: string;
}

/**
 * Open loop: request i is sent at start + i / rate whether or not earlier ones were answered, so a
 * server that falls behind shows it as latency (measured from the scheduled time: no coordinated omission).
 */
async function openLoop(
  rate: number,
  seconds: number,
  send: (i: number) => ReturnType<ReturnType<typeof reportSender>>,
) {
  const total = Math.round(rate * seconds);
  const results: Sent[] = new Array(total);
  const pending: Promise<void>[] = [];
  const interval = 1000 / rate;
  const start = performance.now() + 50;
  let i = 0;
  let maxLagMs = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && start + i * interval <= now) {
        const scheduled = start + i * interval;
        maxLagMs = Math.max(maxLagMs, now - scheduled);
        const k = i++;
        const sent = performance.now();
        pending.push(
          send(k).then(
            (res) => {
              const body = res ? (JSON.parse(res.body) as { id: string; createdAt: string }) : undefined;
              results[k] = {
                scheduled,
                sent,
                done: performance.now(),
                ok: res !== null,
                status: res?.status ?? 0,
                ...(body ? { id: body.id, createdAt: body.createdAt } : {}),
              };
            },
            () => {
              results[k] = { scheduled, sent, done: performance.now(), ok: false, status: -1 };
            },
          ),
        );
      }
      if (i >= total) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 1);
  });
  const sendingEnded = performance.now();
  await Promise.all(pending);
  return { start, results, sendingSeconds: (sendingEnded - start) / 1000, maxSchedulerLagMs: maxLagMs };
}

const stats = (values: readonly number[]) => ({
  n: values.length,
  p50Ms: round(percentile(values, 50)),
  p90Ms: round(percentile(values, 90)),
  p99Ms: round(percentile(values, 99)),
  maxMs: round(percentile(values, 100)),
});

async function runDialect(dialect: DialectName, pgUrl?: string) {
  console.log(`\n== ${dialect} ==`);
  const target = await createTarget(dialect, 'reports', pgUrl);
  const dataDir = path.dirname(target.database.sqlitePath ?? path.join(os.tmpdir(), 'x', 'y'));
  const pgArgs = dialect === 'postgres' && pgUrl ? [pgUrl, target.database.pgSchema ?? ''] : [];
  const profileDir = PROFILE ? fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-prof-')) : undefined;
  const servers: BenchServer[] = [];
  const scratch: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    scratch.push(dir);
    return dir;
  };
  const listeners: { close(): void }[] = [];
  try {
    const bareDir = tempDir('linli-bench-bare-');
    const bare = await startBenchServer(
      dialect === 'sqlite' ? ['bare-sqlite', bareDir] : ['bare-pg', ...pgArgs],
    );
    servers.push(bare);
    const app = await startBenchServer(
      ['linli', dialect === 'sqlite' ? dataDir : tempDir('linli-bench-pgdata-'), ...pgArgs],
      profileDir ? { cpuProfDir: profileDir } : {},
    );
    servers.push(app);
    const agent = keepAliveAgent(512);

    // The poster: the demo building leader, recording reports for the households in their care.
    const session = await signIn(agent, app.url, 'buildingleader', PASSWORD);
    const households = await request(agent, `${app.url}/api/v1/households?limit=50`, {
      headers: { cookie: session.cookie },
    });
    const householdIds = (JSON.parse(households.body) as { items: { id: string }[] }).items.map((h) => h.id);
    const catalogue = JSON.parse(
      (await request(agent, `${app.url}/api/v1/reports/catalogue`, { headers: { cookie: session.cookie } }))
        .body,
    ) as { categories: { code: string; defaultUrgency: string; active: boolean }[] };
    // Emergencies escalate within minutes; keep the escalation worker's share out of the intake figure.
    const categories = catalogue.categories
      .filter((c) => c.active && c.defaultUrgency !== 'emergency')
      .map((c) => c.code);
    const poster: Poster = { session, householdIds, categories };
    line('poster', `buildingleader, ${householdIds.length} households, categories ${categories.join(', ')}`);

    const linliSend = reportSender(agent, app.url, poster);
    const sendOk = async (i: number) => (await linliSend(i)) !== null;
    const bareSend = bareSender(agent, bare.url, poster);

    const diskBefore = fsyncProbe(bareDir);
    line('disk: 4 KiB write + fdatasync p50 / p99', `${diskBefore.p50Ms} / ${diskBefore.p99Ms} ms`);

    // 1. Saturation without listeners, bracketed by the baseline before and after (the machine is shared).
    await closedLoop(8, 1, bareSend);
    await closedLoop(8, 1, sendOk);
    const bareBefore = await saturate('bare insert (before)', bareSend);
    await app.usage();
    if (SQL_TIMING) await app.sql();
    const linliQuiet = await saturate('linli, no listeners', sendOk);
    const quietUsage = await app.usage();
    const quietSql = SQL_TIMING ? await app.sql() : undefined;
    const bareAfter = await saturate('bare insert (after)', bareSend);
    const bareBest = mean([bareBefore.best.perSecond, bareAfter.best.perSecond]);
    const quietReports = linliQuiet.steps.reduce((s, st) => s + st.perSecond * st.seconds, 0);
    const sqlNoListeners = quietSql ? sqlPerReport(quietSql, quietReports) : undefined;

    // 2. The listeners: committee sessions first, then the chain.
    const feedEvents: { user: string; events: FeedEvent[] }[] = [];
    const sessions = new Map<string, Session>();
    for (let k = 0; k < LISTENERS; k++) {
      const user = LISTENER_USERS[k % LISTENER_USERS.length] ?? 'committee';
      // A session per screen, as 50 phones and desks would have.
      const s = await signIn(agent, app.url, user, PASSWORD);
      sessions.set(`${user}:${k}`, s);
      const events: FeedEvent[] = [];
      feedEvents.push({ user, events });
      listeners.push(await openFeedListener(app.url, s.cookie, (e) => events.push(e)));
    }
    line('live-feed listeners', `${LISTENERS} (${LISTENER_USERS.join(', ')} in turn)`);
    // Warm-up at the target rate, then forget its events.
    await openLoop(RATE, Math.min(2, SECONDS / 5), linliSend);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const f of feedEvents) f.events.length = 0;

    // 3. The sustained open-loop run.
    const cpuBefore = process.cpuUsage();
    await app.usage();
    if (SQL_TIMING) await app.sql();
    const loadBefore = os.loadavg()[0] ?? 0;
    const phaseStart = performance.now();
    const run = await openLoop(RATE, SECONDS, linliSend);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the last events' way to the screens
    const sustainedUsage = await app.usage();
    const sustainedSql = SQL_TIMING ? await app.sql() : undefined;
    const diskAfter = fsyncProbe(bareDir);
    const generatorCpu = process.cpuUsage(cpuBefore);
    // The phase's real length: a server that falls behind stretches it past SECONDS.
    const wallMs = performance.now() - phaseStart;
    const ok = run.results.filter((r) => r.ok);
    const errors = run.results.length - ok.length;
    const errorStatuses: Record<string, number> = {};
    for (const r of run.results) if (!r.ok) errorStatuses[r.status] = (errorStatuses[r.status] ?? 0) + 1;
    const intake = ok.map((r) => r.done - r.scheduled);
    const service = ok.map((r) => r.done - r.sent);
    const sentAt = new Map(ok.map((r) => [r.id ?? '', r.sent]));

    const saveToScreen: Record<string, number[]> = {};
    const sendToScreen: number[] = [];
    let delivered = 0;
    let missing = 0;
    for (const { user, events } of feedEvents) {
      const bucket = saveToScreen[user] ?? [];
      saveToScreen[user] = bucket;
      const seen = new Set<string>();
      for (const e of events) {
        if (e.kind !== 'created') continue;
        const sent = sentAt.get(e.reportId);
        if (sent === undefined) continue;
        seen.add(e.reportId);
        bucket.push(e.receivedAtMs - Date.parse(e.createdAt));
        if (user === 'committee') sendToScreen.push(e.receivedPerf - sent);
      }
      delivered += seen.size;
      missing += ok.length - seen.size;
    }
    const committee = saveToScreen.committee ?? [];
    // How cost grows as the report table fills: the run cut into six windows.
    const windowMs = (SECONDS * 1000) / 6;
    const committeeByReport = new Map<string, number>();
    for (const { user, events } of feedEvents) {
      if (user !== 'committee') continue;
      for (const e of events)
        if (e.kind === 'created')
          committeeByReport.set(
            e.reportId,
            Math.max(committeeByReport.get(e.reportId) ?? 0, e.receivedAtMs - Date.parse(e.createdAt)),
          );
    }
    const windows = perWindow(ok, (r) => r.scheduled, run.start, windowMs).map((w, k) => {
      const screen = w.map((r) => committeeByReport.get(r.id ?? '') ?? Number.NaN).filter(Number.isFinite);
      return {
        window: k + 1,
        fromS: round((k * windowMs) / 1000),
        reportsInDbAtStart: Math.round(quietReports + k * (windowMs / 1000) * RATE),
        intakeP50Ms: round(median(w.map((r) => r.done - r.scheduled))),
        intakeP99Ms: round(
          percentile(
            w.map((r) => r.done - r.scheduled),
            99,
          ),
        ),
        committeeScreenP99Ms: round(percentile(screen, 99)),
      };
    });

    const intakeStats = stats(intake);
    const screenStats = stats(committee);
    const sustained = {
      targetRatePerSecond: RATE,
      seconds: SECONDS,
      sent: run.results.length,
      phaseSeconds: round(wallMs / 1000),
      achievedSendRatePerSecond: round(run.results.length / run.sendingSeconds),
      acknowledgedPerSecond: round(ok.length / ((Math.max(...ok.map((r) => r.done)) - run.start) / 1000)),
      maxSchedulerLagMs: round(run.maxSchedulerLagMs),
      errors,
      errorStatuses,
      listeners: LISTENERS,
      intakeLatency: { fromSchedule: intakeStats, fromSend: stats(service) },
      saveToCommitteeScreen: screenStats,
      sendToCommitteeScreen: stats(sendToScreen),
      saveToScreenByRole: Object.fromEntries(Object.entries(saveToScreen).map(([u, v]) => [u, stats(v)])),
      feed: {
        expectedDeliveries: ok.length * LISTENERS,
        delivered,
        missing,
        eventsPerSecond: round(delivered / (wallMs / 1000)),
      },
      cpu: {
        serverMs: round(sustainedUsage.cpuMs),
        serverShareOfOneCore: ratio(sustainedUsage.cpuMs, wallMs),
        serverMsPerReport: ratio(sustainedUsage.cpuMs, ok.length),
        generatorMs: round((generatorCpu.user + generatorCpu.system) / 1000),
        generatorShareOfOneCore: ratio((generatorCpu.user + generatorCpu.system) / 1000, wallMs),
        serverRssMB: round(sustainedUsage.rssMB),
        serverLoopDelayMs: {
          p50: round(sustainedUsage.loopDelayMs.p50),
          p99: round(sustainedUsage.loopDelayMs.p99),
          max: round(sustainedUsage.loopDelayMs.max),
        },
        loadAverageBefore: round(loadBefore),
        loadAverageAfter: round(os.loadavg()[0] ?? 0),
      },
      windows,
      goals: {
        committeeScreenP99Below250Ms: screenStats.p99Ms < 250,
        zeroErrors: errors === 0 && missing === 0,
      },
    };
    line(
      'sustained: sent / acknowledged',
      `${run.results.length} / ${ok.length}, errors ${errors}, feed misses ${missing}`,
    );
    line('intake latency p50 / p99 (from schedule)', `${intakeStats.p50Ms} / ${intakeStats.p99Ms} ms`);
    line('save → committee screen p50 / p99', `${screenStats.p50Ms} / ${screenStats.p99Ms} ms`);
    line(
      'send → committee screen p50 / p99',
      `${sustained.sendToCommitteeScreen.p50Ms} / ${sustained.sendToCommitteeScreen.p99Ms} ms`,
    );
    line(
      'server CPU per report',
      `${sustained.cpu.serverMsPerReport} ms (${sustained.cpu.serverShareOfOneCore} of a core)`,
    );
    line('generator CPU', `${sustained.cpu.generatorShareOfOneCore} of a core`);

    // 4. Saturation with the listeners still connected: what the fan-out costs the intake.
    await app.usage();
    const linliListening = await saturate('linli, 50 listeners', sendOk);
    const listeningUsage = await app.usage();
    for (const l of listeners.splice(0)) l.close();

    const saturation = {
      concurrencySteps: CONCURRENCY,
      stepSeconds: STEP_SECONDS,
      bareInsert: { before: bareBefore, after: bareAfter, bestPerSecond: round(bareBest) },
      linliNoListeners: {
        ...linliQuiet,
        serverCpuMsPerReport: ratio(quietUsage.cpuMs, quietReports),
        serverLoopDelayMs: quietUsage.loopDelayMs,
      },
      linliWithListeners: {
        ...linliListening,
        serverCpuMsPerReport: ratio(
          listeningUsage.cpuMs,
          linliListening.steps.reduce((s, st) => s + st.perSecond * st.seconds, 0),
        ),
        serverLoopDelayMs: listeningUsage.loopDelayMs,
      },
      ratioNoListenersToBare: ratio(linliQuiet.best.perSecond, bareBest),
      ratioWithListenersToBare: ratio(linliListening.best.perSecond, bareBest),
      bareSpreadBeforeAfter: ratio(bareAfter.best.perSecond, bareBefore.best.perSecond),
      goalRatioAtLeastHalf: linliQuiet.best.perSecond / bareBest >= 0.5,
    };
    line(
      'server loop delay p99 / max (sustained)',
      `${sustainedUsage.loopDelayMs.p99} / ${sustainedUsage.loopDelayMs.max} ms`,
    );
    line('saturation ratio linli / bare (no listeners)', `${saturation.ratioNoListenersToBare} (goal ≥ 0.5)`);
    line('saturation ratio linli / bare (50 listeners)', `${saturation.ratioWithListenersToBare}`);

    await app.close();
    const profile = profileDir ? largestProfile(profileDir) : undefined;
    return {
      dialect,
      disk: { fsyncBefore: diskBefore, fsyncAfterSustained: diskAfter },
      sustained,
      saturation,
      ...(profile ? { serverCpuProfile: summarizeCpuProfile(profile) } : {}),
      ...(sqlNoListeners && sustainedSql
        ? {
            sqlTiming: {
              saturationNoListeners: sqlNoListeners,
              sustainedWithListeners: sqlPerReport(sustainedSql, run.results.filter((r) => r.ok).length),
            },
          }
        : {}),
    };
  } finally {
    for (const l of listeners) l.close();
    for (const s of servers) await s.close();
    await target.drop();
    for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const machine = machineInfo();
  console.log(
    `reports: ${RATE}/s for ${SECONDS} s, ${LISTENERS} listeners, closed-loop steps of ${STEP_SECONDS} s` +
      (PROFILE ? ' (server under --cpu-prof)' : ''),
  );
  const sqlite = await runDialect('sqlite');
  const pgUrl = process.env.LINLI_BENCH_PG_URL;
  const postgres = pgUrl ? await runDialect('postgres', pgUrl) : undefined;
  if (postgres) {
    // The goal names a durable SQLite insert; the PostgreSQL run also has its own bare INSERT.
    const ratioToSqliteBare = ratio(
      postgres.saturation.linliNoListeners.best.perSecond,
      sqlite.saturation.bareInsert.bestPerSecond,
    );
    Object.assign(postgres.saturation, { ratioNoListenersToSqliteBare: ratioToSqliteBare });
    line('postgres saturation / bare SQLite insert', `${ratioToSqliteBare}`);
  }
  return {
    benchmark: 'reports',
    machine,
    settings: {
      seconds: SECONDS,
      ratePerSecond: RATE,
      listeners: LISTENERS,
      stepSeconds: STEP_SECONDS,
      concurrency: CONCURRENCY,
      cpuProfile: PROFILE,
      sqlTiming: SQL_TIMING,
      generator: 'this process (node:http keep-alive); servers in child processes',
    },
    sqlite,
    ...(postgres ? { postgres } : {}),
  };
}
