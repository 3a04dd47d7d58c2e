import pino from 'pino';
import { buildApp } from './app';
import { startCheckpointWorker } from './audit/checkpoints';
import { loadOrCreateSigningKey } from './audit/signingKey';
import { startCheckinWorker } from './care/ladder';
import { type Clock, systemClock } from './clock';
import { type Config, configFromEnv } from './config';
import { lockDataFolder } from './dataFolderLock';
import { openDatabase, usesSqlite } from './db/database';
import { migrateToLatest } from './db/migrate';
import { ensureWebBuild } from './http/webBuild';
import { startEscalationWorker } from './reports/escalation';
import { openFeedBus } from './reports/feed';
import { startRoundWorker } from './round/round.sweep';
import { DEMO_HISTORY_MONTHS, seedDemoIfEmpty } from './seed/demo';
import { DEMO_PASSWORD } from './seed/demoCommunity';
import { SERIES_SWEEP_INTERVAL_MS, startSeriesWorker } from './service/series.sweep';

export interface StartOptions {
  dataDir?: string;
  databaseUrl?: string;
  port?: number;
  host?: string;
  /** Seed the demo community when the database has none (default true). */
  seedDemo?: boolean;
  /** Months of lived history the demo is seeded with (default 3, 0: the register alone). */
  historyMonths?: number;
  /** Build (when stale) and serve the web app (default true). */
  web?: boolean;
  /** Request logs and the welcome text (default true). */
  log?: boolean;
  /** The time everything runs on (default the system's); browser tests move it to pass a notice period. */
  clock?: Clock;
}

export const DEMO_SIGN_INS = [
  ['admin', '系统管理员 / administrator'],
  ['subdistrict', '街道 / subdistrict'],
  ['worker', '社区工作者 / community worker'],
  ['committee', '社区党委（王书记）/ committee'],
  ['branch', '党支部 / branch'],
  ['groupleader', '党小组长 / group leader'],
  ['partymember', '党员 / party member'],
  ['buildingleader', '楼门长 / building leader'],
  ['volunteer', '志愿者 / volunteer'],
] as const;

/** Migrates, seeds on first run, builds the web app if stale, and serves everything on one port. */
export async function startServer(options: StartOptions = {}) {
  const config = configFromEnv(process.env, {
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  });
  // On SQLite the data folder is the database: one server at a time, and no restore under it.
  const release = usesSqlite(config.databaseUrl) ? lockDataFolder(config.dataDir, 'serve') : () => {};
  try {
    return await serve(options, config, release);
  } catch (error) {
    release();
    throw error;
  }
}

async function serve(options: StartOptions, config: Config, release: () => void) {
  const log = options.log ?? true;
  const clock = options.clock ?? systemClock;
  const say = (message: string) => {
    if (log) console.log(message);
  };
  // Before the database: a key that cannot be read or made stops the start, as a supervisor should see.
  const signingKey = loadOrCreateSigningKey(config.auditKeyFile);
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database);
  const seedingStarted = performance.now();
  const seeded =
    (options.seedDemo ?? true) &&
    (await seedDemoIfEmpty(database.db, clock, {
      historyMonths: options.historyMonths ?? DEMO_HISTORY_MONTHS,
    }));
  if (seeded) {
    const seconds = ((performance.now() - seedingStarted) / 1000).toFixed(1);
    say(`Seeded the demo community 幸福里社区 in ${seconds} s / 已生成示范社区（${seconds} 秒）`);
  }
  const webDir = (options.web ?? true) ? await ensureWebBuild(say) : null;
  const logger = log ? pino({ level: process.env.LOG_LEVEL ?? 'info' }) : false;
  const feed = await openFeedBus(database);
  const app = await buildApp({ database, clock, config, logger, webDir, feed });
  // Deadlines live in the database; every few seconds the reports past theirs move up one tier.
  const stopEscalation = startEscalationWorker(
    { db: database.db, clock, feed },
    config.escalationIntervalSeconds * 1000,
    (error) => app.log.error({ err: error }, 'escalation run failed'),
  );
  // Missed check-ins climb their ladder from the database too, on the same interval.
  const stopCheckins = startCheckinWorker(
    { db: database.db, clock, feed },
    config.escalationIntervalSeconds * 1000,
    (error) => app.log.error({ err: error }, 'check-in ladder run failed'),
  );
  // The round's papers of the day, piling-up signals and their next step, also from the database.
  const stopRound = startRoundWorker(
    { db: database.db, clock, feed },
    config.escalationIntervalSeconds * 1000,
    (error) => app.log.error({ err: error }, 'round sweep failed'),
  );
  // Recurring services: each series' sessions generated weeks ahead, at start and then every hour.
  const stopSeries = startSeriesWorker({ db: database.db, clock }, SERIES_SWEEP_INTERVAL_MS, (error) =>
    app.log.error({ err: error }, 'series generation failed'),
  );
  const stopCheckpoints = startCheckpointWorker(
    { db: database.db, clock, key: signingKey, file: config.auditCheckpointFile },
    config.auditCheckpointMinutes * 60_000,
    (error) => app.log.error({ err: error }, 'audit checkpoint failed'),
  );
  const close = async () => {
    stopEscalation();
    stopCheckins();
    stopRound();
    stopSeries();
    await app.close();
    // After the last request is answered, so the shutdown checkpoint covers everything it wrote.
    await stopCheckpoints();
    await feed.close();
    await database.close();
    release();
  };
  // A port that is taken or refused ends the start with everything closed again, so the process can
  // exit with the error and a supervisor sees it.
  const address = await app.listen({ port: config.port, host: config.host }).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  const url = address.replace(/0\.0\.0\.0|127\.0\.0\.1|\[::1?\]/, 'localhost');
  say(
    `\nLinli 邻里 is running on ${url} (${database.dialect === 'sqlite' ? database.sqlitePath : 'PostgreSQL'})`,
  );
  say(`Demo sign-ins (password 密码: ${DEMO_PASSWORD}):`);
  for (const [username, role] of DEMO_SIGN_INS) say(`  ${username.padEnd(16)} ${role}`);
  return { url, app, database, close };
}
