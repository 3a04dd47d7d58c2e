import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/server/app';
import { systemClock } from '../../src/server/clock';
import { configFromEnv } from '../../src/server/config';
import { openDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { startServer } from '../../src/server/main';
import { startEscalationWorker } from '../../src/server/reports/escalation';
import { openFeedBus } from '../../src/server/reports/feed';
import { seedDemoIfEmpty } from '../../src/server/seed/demo';

/**
 * The server side of a load benchmark, run in a child process of its own (see `serverProcess.ts`), so the
 * load generator and the server each have an event loop — and, on 2 cores, roughly a core — to themselves.
 *
 * Modes (argv[2]):
 * - `linli DATA_DIR [PG_URL PG_SCHEMA]`: the real server. On SQLite it is `startServer` itself; on
 *   PostgreSQL the same steps as `startServer`, but with a schema of the benchmark's own (`startServer`
 *   has no schema option and would write into `public`).
 * - `bare-sqlite DATA_DIR`: the reference — a bare Fastify route doing one durable SQLite insert per
 *   request (better-sqlite3, WAL, synchronous=FULL, the app's settings).
 * - `bare-pg PG_URL PG_SCHEMA`: the same route with one INSERT through a pg pool of 10 (the app's size).
 *
 * Tells the parent `{url}` over IPC when listening; answers `'usage'` with its CPU time and memory, and
 * closes and exits on `'close'` (a normal exit, so `--cpu-prof` writes its profile).
 */
type Closer = () => Promise<void>;

/**
 * With LINLI_BENCH_SQL_TIMING=1: times every better-sqlite3 prepare and statement execution, by SQL
 * text (lists of `?` folded), by patching the driver's prototypes in this process only. Kysely's SQLite
 * driver prepares each statement anew and then runs `all` or `run`; `begin`/`commit` are statements too,
 * so a commit's fsync shows under `commit`.
 */
const sqlTimes = new Map<string, { count: number; execMs: number; prepareMs: number }>();
function timeSql() {
  const probe = new SQLite(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
  probe.close();
  const key = (sqlText: string) =>
    sqlText
      .replace(/\?(\s*,\s*\?)+/g, '?…')
      .replace(/\s+/g, ' ')
      .slice(0, 160);
  const entry = (sqlText: string) => {
    const k = key(sqlText);
    let e = sqlTimes.get(k);
    if (!e) {
      e = { count: 0, execMs: 0, prepareMs: 0 };
      sqlTimes.set(k, e);
    }
    return e;
  };
  for (const method of ['all', 'run', 'get', 'iterate'] as const) {
    const original = statementProto[method] as (this: { source: string }, ...args: unknown[]) => unknown;
    statementProto[method] = function (this: { source: string }, ...args: unknown[]) {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const e = entry(this.source);
        e.count++;
        e.execMs += performance.now() - start;
      }
    };
  }
  const dbProto = SQLite.prototype as unknown as Record<string, unknown>;
  const prepare = dbProto.prepare as (this: unknown, sqlText: string) => unknown;
  dbProto.prepare = function (this: unknown, sqlText: string) {
    const start = performance.now();
    try {
      return prepare.call(this, sqlText);
    } finally {
      entry(sqlText).prepareMs += performance.now() - start;
    }
  };
}

function sqlReport() {
  const rows = [...sqlTimes.entries()].map(([sqlText, e]) => ({ sql: sqlText, ...e }));
  sqlTimes.clear();
  return rows.sort((a, b) => b.execMs + b.prepareMs - (a.execMs + a.prepareMs));
}

async function startLinli(dataDir: string, pgUrl?: string, pgSchema?: string) {
  if (!pgUrl) {
    const server = await startServer({
      dataDir,
      port: 0,
      host: '127.0.0.1',
      seedDemo: true,
      web: false,
      log: false,
    });
    return { url: server.url.replace('localhost', '127.0.0.1'), close: server.close };
  }
  const config = configFromEnv(process.env, { dataDir, databaseUrl: pgUrl, port: 0, host: '127.0.0.1' });
  const database = openDatabase({ dataDir, databaseUrl: pgUrl, pgSchema });
  await migrateToLatest(database);
  await seedDemoIfEmpty(database.db, systemClock);
  const feed = await openFeedBus(database);
  const app = await buildApp({ database, clock: systemClock, config, logger: false, webDir: null, feed });
  const stopEscalation = startEscalationWorker(
    { db: database.db, clock: systemClock, feed },
    config.escalationIntervalSeconds * 1000,
    (error) => console.error('escalation run failed', error),
  );
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    close: async () => {
      stopEscalation();
      await app.close();
      await feed.close();
      await database.close();
    },
  };
}

const BARE_TABLE = `CREATE TABLE IF NOT EXISTS bare_report (
  id TEXT PRIMARY KEY, household_id TEXT NOT NULL, category TEXT NOT NULL,
  description TEXT NOT NULL, created_at TEXT NOT NULL)`;

interface BareBody {
  householdId: string;
  category: string;
  description: string;
}

async function startBare(kind: 'sqlite' | 'pg', arg1: string, arg2?: string) {
  const app = Fastify({ logger: false });
  let closeDb: Closer;
  let insert: (row: [string, string, string, string, string]) => Promise<void>;
  if (kind === 'sqlite') {
    const sqlite = new SQLite(path.join(arg1, 'bare.db'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.exec(BARE_TABLE);
    const statement = sqlite.prepare('INSERT INTO bare_report VALUES (?, ?, ?, ?, ?)');
    insert = async (row) => {
      statement.run(row);
    };
    closeDb = async () => {
      sqlite.close();
    };
  } else {
    const pool = new pg.Pool({ connectionString: arg1, max: 10, options: `-c search_path=${arg2}` });
    await pool.query(BARE_TABLE);
    insert = async (row) => {
      await pool.query('INSERT INTO bare_report VALUES ($1, $2, $3, $4, $5)', row);
    };
    closeDb = () => pool.end();
  }
  app.post('/bare/reports', async (req) => {
    const body = req.body as BareBody;
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    await insert([id, body.householdId, body.category, body.description, createdAt]);
    return { id, createdAt };
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    close: async () => {
      await app.close();
      await closeDb();
    },
  };
}

async function main() {
  const [mode, a, b, c] = process.argv.slice(2);
  if (!a) throw new Error('usage: benchServer <linli|bare-sqlite|bare-pg> …');
  fs.mkdirSync(mode === 'bare-pg' ? '.' : a, { recursive: true });
  if (process.env.LINLI_BENCH_SQL_TIMING === '1' && mode === 'linli') timeSql();
  const server =
    mode === 'linli'
      ? await startLinli(a, b, c)
      : mode === 'bare-sqlite'
        ? await startBare('sqlite', a)
        : await startBare('pg', a, b);
  let cpuMark = process.cpuUsage();
  // How long the event loop was held: better-sqlite3 runs each statement, fsync included, on it.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  process.on('message', (message: unknown) => {
    if (message === 'usage') {
      const cpu = process.cpuUsage(cpuMark);
      cpuMark = process.cpuUsage();
      process.send?.({
        usage: {
          cpuMs: (cpu.user + cpu.system) / 1000,
          rssMB: process.memoryUsage().rss / 1024 / 1024,
          loopDelayMs: {
            p50: loopDelay.percentile(50) / 1e6,
            p99: loopDelay.percentile(99) / 1e6,
            max: loopDelay.max / 1e6,
          },
        },
      });
      loopDelay.reset();
    } else if (message === 'sql') {
      process.send?.({ sql: sqlReport() });
    } else if (message === 'close') {
      void server.close().finally(() => process.exit(0));
    }
  });
  process.send?.({ url: server.url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
