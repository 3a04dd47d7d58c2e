import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { backupDataFolder, copySqliteDatabase } from '../src/server/backup';
import { buildDistrict, COMMUNITY_5000 } from './lib/district';
import { line, machineInfo, mb, median, ratio, round, timed } from './lib/measure';
import { createTarget } from './lib/targets';

/**
 * Issue 21, finding 2: `linli backup` of a database of about 300 MB, idle and under 500 writes/s from
 * another process; goal: under writes within twice the idle time, and consistent.
 *
 * Settings: LINLI_BENCH_BACKUP_COMMUNITIES (district size, default 26 communities of about 5,000
 * households: about 300 MB; 3 for a quick run), LINLI_BENCH_BACKUP_RATE (writes/s, default 500),
 * LINLI_BENCH_BACKUP_RUNS (timed backups per case, default 3), LINLI_BENCH_BACKUP_OLD_SECONDS (how long
 * the former hundred-pages-a-step backup is given under writes, default 20).
 */
const COMMUNITIES = Number(process.env.LINLI_BENCH_BACKUP_COMMUNITIES ?? '26');
const RATE = Number(process.env.LINLI_BENCH_BACKUP_RATE ?? '500');
const RUNS = Number(process.env.LINLI_BENCH_BACKUP_RUNS ?? '3');
const OLD_SECONDS = Number(process.env.LINLI_BENCH_BACKUP_OLD_SECONDS ?? '20');
const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'backupWriter.ts');

interface WriterCount {
  committed: number;
  transactions: number;
}

/** The load: `backupWriter.ts` in its own process, appending audit entries at RATE per second. */
async function startWriter(file: string) {
  const child: ChildProcess = fork(WRITER, [file, String(RATE)], { execArgv: ['--import', 'tsx'] });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the writer exited with ${code}`)));
    child.on('message', (message: { ready?: boolean }) => {
      if (message.ready) resolve();
    });
  });
  child.removeAllListeners('exit');
  const count = () =>
    new Promise<WriterCount>((resolve) => {
      const onMessage = (message: Partial<WriterCount>) => {
        if (message.committed === undefined) return;
        child.off('message', onMessage);
        resolve(message as WriterCount);
      };
      child.on('message', onMessage);
      child.send('count');
    });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));
  return {
    count,
    /** Paused or resumed, then a second for the writes in flight to land or the pace to set in. */
    pause: async () => {
      child.send('pause');
      await settle();
    },
    resume: async () => {
      child.send('resume');
      await settle();
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

type Writer = Awaited<ReturnType<typeof startWriter>>;

interface Run {
  ms: number;
  cpuMs: number;
  writesPerSecond: number | null;
  committedBefore: number | null;
}

async function timeRun(work: () => Promise<void>, writer: Writer | null): Promise<Run> {
  const before = writer ? await writer.count() : null;
  const cpu = process.cpuUsage();
  const { ms } = await timed(work);
  const used = process.cpuUsage(cpu);
  const after = writer ? await writer.count() : null;
  return {
    ms: round(ms),
    cpuMs: round((used.user + used.system) / 1000),
    writesPerSecond: before && after ? round((after.committed - before.committed) / (ms / 1000)) : null,
    committedBefore: before?.committed ?? null,
  };
}

/**
 * RUNS pairs of one idle run and one under writes, back to back, so both halves of a pair meet the
 * same load from the rest of a shared machine; the pair's ratio is then the figure to read.
 */
async function timePairs(
  label: string,
  tmp: string,
  work: (target: string) => Promise<void>,
  writer: Writer,
) {
  const pairs: { idle: Run; underWrites: Run; ratio: number; target: string }[] = [];
  for (let i = 0; i < RUNS; i++) {
    await writer.pause();
    const idle = await timeRun(() => work(path.join(tmp, `${label}-idle-${i}`)), null);
    await writer.resume();
    const target = path.join(tmp, `${label}-writes-${i}`);
    const underWrites = await timeRun(() => work(target), writer);
    pairs.push({ idle, underWrites, ratio: ratio(underWrites.ms, idle.ms), target });
    line(
      `${label}, pair ${i + 1}`,
      `idle ${idle.ms} ms, under ${underWrites.writesPerSecond} writes/s ${underWrites.ms} ms: ${ratio(underWrites.ms, idle.ms)}`,
    );
  }
  const medianOf = (pick: (p: (typeof pairs)[number]) => number) => round(median(pairs.map(pick)));
  return {
    summary: {
      ratioMedian: medianOf((p) => p.ratio),
      idleMedianMs: medianOf((p) => p.idle.ms),
      underWritesMedianMs: medianOf((p) => p.underWrites.ms),
      idleCpuMedianMs: medianOf((p) => p.idle.cpuMs),
      underWritesCpuMedianMs: medianOf((p) => p.underWrites.cpuMs),
      pairs: pairs.map(({ idle, underWrites, ratio }) => ({ idle, underWrites, ratio })),
    },
    last: pairs.at(-1),
  };
}

/** A copy is consistent when SQLite finds it sound and it holds every entry committed before it began. */
function checkCopy(file: string, committedBefore: number) {
  const copy = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    const { n } = copy
      .prepare("SELECT count(*) AS n FROM audit_event WHERE action = 'bench.backup_write'")
      .get() as {
      n: number;
    };
    return { integrity, benchWrites: n, committedBefore, heldAll: n >= committedBefore };
  } finally {
    copy.close();
  }
}

/** The former backup (better-sqlite3's default, 100 pages a step) under the same writes, given OLD_SECONDS. */
async function formerBackup(source: string, target: string) {
  const db = new SQLite(source, { readonly: true });
  let restarts = 0;
  let lastRemaining = Number.POSITIVE_INFINITY;
  let bestRemaining = Number.POSITIVE_INFINITY;
  let totalPages = 0;
  const deadline = Date.now() + OLD_SECONDS * 1000;
  const started = Date.now();
  try {
    await db.backup(target, {
      progress: ({ totalPages: total, remainingPages }) => {
        totalPages = total;
        if (remainingPages > lastRemaining) restarts++;
        lastRemaining = remainingPages;
        bestRemaining = Math.min(bestRemaining, remainingPages);
        if (Date.now() > deadline) throw new Error('gave up');
        return 100;
      },
    });
    return { finished: true, ms: Date.now() - started, restarts, totalPages };
  } catch {
    return {
      finished: false,
      ms: Date.now() - started,
      restarts,
      totalPages,
      closestRemainingPages: bestRemaining,
    };
  } finally {
    db.close();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const started = Date.now();
  const machine = machineInfo();
  console.log(
    `backup benchmark — ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`,
  );
  const target = await createTarget('sqlite', 'backup');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-backup-out-'));
  try {
    const file = target.database.sqlitePath ?? '';
    const dataDir = path.dirname(file);
    const sink = await target.bulk();
    const built = await timed(() =>
      buildDistrict(
        sink,
        { subdistricts: 1, communitiesPerSubdistrict: COMMUNITIES, ...COMMUNITY_5000 },
        { seed: 21, today: new Date().toISOString().slice(0, 10) },
      ),
    );
    await sink.close();
    await target.database.close();
    // The WAL folded in, so the file is the database's whole size.
    const fold = new SQLite(file);
    fold.pragma('wal_checkpoint(TRUNCATE)');
    fold.close();
    const databaseMB = mb(fs.statSync(file).size);
    line(
      'database',
      `${databaseMB} MB, ${built.result.residents} residents, built in ${round(built.ms / 1000)} s`,
    );

    const vacuumInto = async (to: string) => {
      const db = new SQLite(file, { readonly: true });
      try {
        db.prepare('VACUUM INTO ?').run(`${to}.db`);
      } finally {
        db.close();
      }
    };
    const clean = () => {
      for (const entry of fs.readdirSync(tmp))
        fs.rmSync(path.join(tmp, entry), { recursive: true, force: true });
    };

    const writer = await startWriter(file);
    let figures: Record<string, Awaited<ReturnType<typeof timePairs>>['summary']>;
    let consistency: ReturnType<typeof checkCopy>;
    let former: Awaited<ReturnType<typeof formerBackup>>;
    try {
      const command = await timePairs(
        'linli backup',
        tmp,
        (to) => backupDataFolder(dataDir, to).then(() => {}),
        writer,
      );
      const last = command.last;
      consistency = checkCopy(
        path.join(last?.target ?? '', 'linli.db'),
        last?.underWrites.committedBefore ?? 0,
      );
      line(
        'last backup under writes',
        `${consistency.integrity}, ${consistency.benchWrites} writes held (≥ ${consistency.committedBefore} committed before it began)`,
      );
      clean();
      const oneStep = await timePairs(
        'one-step online backup',
        tmp,
        (to) => copySqliteDatabase(file, `${to}.db`),
        writer,
      );
      clean();
      const vacuum = await timePairs('VACUUM INTO', tmp, vacuumInto, writer);
      clean();
      figures = { command: command.summary, oneStep: oneStep.summary, vacuumInto: vacuum.summary };
      former = await formerBackup(file, path.join(tmp, 'former.db'));
      line(
        'former backup (100 pages a step), under writes',
        former.finished
          ? `finished in ${former.ms} ms`
          : `gave up after ${former.ms} ms, ${former.restarts} restarts`,
      );
    } finally {
      await writer.stop();
    }
    line('linli backup: under writes / idle (goal ≤ 2)', `${figures.command?.ratioMedian}`);
    return {
      benchmark: 'backup',
      machine,
      loadAverageAtEnd: os.loadavg().map((l) => round(l)),
      totalSeconds: round((Date.now() - started) / 1000),
      settings: {
        communities: COMMUNITIES,
        writesPerSecond: RATE,
        runs: RUNS,
        formerBackupSeconds: OLD_SECONDS,
      },
      note:
        'SQLite only (PostgreSQL is backed up with pg_dump). The district is written straight into the tables and ' +
        'the WAL folded in. The writes: another process appends audit entries through the app’s connection settings ' +
        '(WAL, synchronous=FULL) at the rate set, each transaction taking the entries come due since the last. ' +
        '`command` is backupDataFolder (what `linli backup` runs: one-step copy, SHA-256 of the copy, manifest; the ' +
        'bench database has no photos); `oneStep` and `vacuumInto` are the two ways of copying the database alone. ' +
        'Each case runs in pairs, idle then under writes back to back (the writer paused and resumed, a second ' +
        'to settle each way), so a pair meets the same load from the rest of a shared machine; the ratio is the ' +
        'median of the pairs’ ratios, with the absolute wall and CPU times (of this process) beside it.',
      database: {
        sizeMB: databaseMB,
        residents: built.result.residents,
        buildSeconds: round(built.ms / 1000),
      },
      figures,
      consistency,
      formerBackup: former,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    await target.drop().catch(() => undefined);
  }
}
