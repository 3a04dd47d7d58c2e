import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

/** A full garbage collection, so a memory baseline is not inflated by an earlier phase's garbage. */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

/** The p-th percentile (0–100) of a sample, by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

/** Rounds for the report: figures to 3 significant digits are plenty on a shared machine. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const scale = 10 ** Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(value))));
  return Math.round(value * scale) / scale;
}

export const ratio = (a: number, b: number) => round(a / b);

/** Milliseconds a piece of work took, with its result. */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

export const mb = (bytes: number) => round(bytes / 1024 / 1024);

/**
 * Samples the resident set size every `everyMs` while work runs. The event loop must turn for a sample
 * to be taken, so the high-water mark of the process (`maxRSS`) is reported beside it.
 */
export function rssSampler(everyMs = 50) {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let samples = 0;
  const timer = setInterval(() => {
    const rss = process.memoryUsage().rss;
    samples++;
    if (rss > peak) peak = rss;
  }, everyMs);
  return {
    baseline,
    stop() {
      clearInterval(timer);
      const rss = process.memoryUsage().rss;
      if (rss > peak) peak = rss;
      return {
        baselineMB: mb(baseline),
        peakMB: mb(peak),
        growthMB: mb(peak - baseline),
        samples,
        processMaxRssMB: mb(process.resourceUsage().maxRSS * 1024),
      };
    },
  };
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemoryMB: mb(os.totalmem()),
    loadAverageAtStart: os.loadavg().map((l) => round(l)),
  };
}

/** A console line: `label ........ value`. */
export function line(label: string, value: string): void {
  console.log(`  ${label.padEnd(46, ' ')} ${value}`);
}

/**
 * The disk's durable-write latency where the benchmark's databases live: `count` 4 KiB appends to a file
 * under `dir`, each followed by fdatasync — the floor under any durable commit (SQLite WAL with
 * synchronous=FULL syncs the WAL once per commit).
 */
export function fsyncProbe(dir: string, count = 200) {
  const file = path.join(dir, `fsync-probe-${process.pid}`);
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(4096, 1);
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      fs.writeSync(fd, block);
      fs.fdatasyncSync(fd);
      times.push(performance.now() - start);
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  return {
    count,
    p50Ms: round(percentile(times, 50)),
    p99Ms: round(percentile(times, 99)),
    maxMs: round(percentile(times, 100)),
    perSecondAtP50: round(1000 / percentile(times, 50)),
  };
}
