import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'benchServer.ts');

export interface ServerUsage {
  cpuMs: number;
  rssMB: number;
  /** The server's event-loop delay since the previous call (sampled every 5 ms). */
  loopDelayMs: { p50: number; p99: number; max: number };
}

export interface BenchServer {
  url: string;
  pid: number;
  /** CPU milliseconds the server process spent since the previous call (or its start), and its RSS. */
  usage(): Promise<ServerUsage>;
  /** Per-statement SQL times since the previous call (LINLI_BENCH_SQL_TIMING=1, SQLite only). */
  sql(): Promise<SqlTime[]>;
  close(): Promise<void>;
}

export interface SqlTime {
  sql: string;
  count: number;
  execMs: number;
  prepareMs: number;
}

/**
 * Starts `benchServer.ts` in a child process (node with tsx loaded, no wrapper process in between).
 * With `cpuProfDir`, the child writes a V8 CPU profile there when it closes.
 */
export async function startBenchServer(args: string[], options: { cpuProfDir?: string } = {}) {
  const execArgv = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...execArgv, '--import', 'tsx', ENTRY, ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, LOG_LEVEL: 'error' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start within 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    child.on('message', (message: { url?: string }) => {
      if (message.url) {
        clearTimeout(timer);
        resolve(message.url);
      }
    });
  });
  child.removeAllListeners('exit');
  const server: BenchServer = {
    url,
    pid: child.pid ?? 0,
    usage: () =>
      new Promise((resolve) => {
        const onMessage = (message: { usage?: ServerUsage }) => {
          if (!message.usage) return;
          child.off('message', onMessage);
          resolve(message.usage);
        };
        child.on('message', onMessage);
        child.send('usage');
      }),
    sql: () =>
      new Promise((resolve) => {
        const onMessage = (message: { sql?: SqlTime[] }) => {
          if (!message.sql) return;
          child.off('message', onMessage);
          resolve(message.sql);
        };
        child.on('message', onMessage);
        child.send('sql');
      }),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return server;
}
