import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startServer } from '../src/server/main';
import { buildWebInto, measureFirstLoads } from '../test/support/webBundle';

/**
 * Issue 17, "Fast": the web app's weight and Lighthouse 12 on a phone. The bundle sizes come from a
 * production build (the same figures the budget test holds); Lighthouse runs its mobile preset with its
 * default simulated throttling (slow 4G, 4× CPU slowdown) in Debian's Chromium against a local Linli with
 * the demo community: the sign-in page, a building's QR page, a follow link, a public notice and the
 * building leader's home signed in. Goals on every page: performance ≥ 90, accessibility 100, best
 * practices ≥ 95, largest contentful paint ≤ 2.5 s.
 *
 * Settings: CHROME_PATH (default /usr/bin/chromium), LINLI_BENCH_LIGHTHOUSE_RUNS (runs per page, the
 * median kept; default 1).
 */
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const RUNS = Number(process.env.LINLI_BENCH_LIGHTHOUSE_RUNS ?? '1');
const GOALS = { performance: 90, accessibility: 100, bestPractices: 95, lcpMs: 2500 };

interface PageScore {
  performance: number;
  accessibility: number;
  bestPractices: number;
  lcpMs: number;
  fcpMs: number;
  tbtMs: number;
  transferredKb: number;
}

async function signInCookie(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'linli-demo' }),
  });
  if (!response.ok) throw new Error(`sign-in as ${username} answered ${response.status}`);
  const cookie = response.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0] ?? '';
}

async function audit(port: number, url: string, cookie?: string): Promise<PageScore> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
    formFactor: 'mobile',
    ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { categories, audits } = result.lhr;
  const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
  const ms = (id: string) => Math.round(audits[id]?.numericValue ?? Number.NaN);
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    lcpMs: ms('largest-contentful-paint'),
    fcpMs: ms('first-contentful-paint'),
    tbtMs: ms('total-blocking-time'),
    transferredKb: Math.round((audits['total-byte-weight']?.numericValue ?? 0) / 1024),
  };
}

function median(scores: PageScore[]): PageScore {
  const sorted = [...scores].sort((a, b) => a.performance - b.performance);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error('no Lighthouse run');
  return middle;
}

export async function run(): Promise<Record<string, unknown>> {
  const buildDir = await buildWebInto('linli-bench-web-');
  const bundles = measureFirstLoads(buildDir).map((load) => ({
    page: load.name,
    gzipKb: Number((load.gzipBytes / 1024).toFixed(1)),
    rawKb: Number((load.rawBytes / 1024).toFixed(1)),
    budgetKb: load.budgetBytes / 1024,
    met: load.gzipBytes <= load.budgetBytes,
  }));
  fs.rmSync(buildDir, { recursive: true, force: true });
  console.table(bundles);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-web-'));
  const server = await startServer({ dataDir, port: 0, host: '127.0.0.1', log: false });
  const chrome = await chromeLauncher.launch({
    chromePath: CHROME,
    chromeFlags: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const db = server.database.db;
    const building = await db.selectFrom('building').select('id').orderBy('number').executeTakeFirstOrThrow();
    const report = await db.selectFrom('report').select('feedback_token').executeTakeFirstOrThrow();
    const notice = await db.selectFrom('welfare_notice').select('id').executeTakeFirst();
    const leader = await signInCookie(server.url, 'buildingleader');
    const pages: [string, string, string | undefined][] = [
      ['/login', `${server.url}/login`, undefined],
      ['/b/<id>', `${server.url}/b/${building.id}`, undefined],
      ['/r/<token>', `${server.url}/r/${report.feedback_token}`, undefined],
      ...(notice
        ? ([['/n/<id>', `${server.url}/n/${notice.id}`, undefined]] as [string, string, undefined][])
        : []),
      ["building leader's home", `${server.url}/`, leader],
    ];
    const lighthouseResults: Record<string, PageScore & { goalsMet: boolean }> = {};
    for (const [name, url, cookie] of pages) {
      const runs: PageScore[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await audit(chrome.port, url, cookie));
      const score = median(runs);
      lighthouseResults[name] = {
        ...score,
        goalsMet:
          score.performance >= GOALS.performance &&
          score.accessibility >= GOALS.accessibility &&
          score.bestPractices >= GOALS.bestPractices &&
          score.lcpMs <= GOALS.lcpMs,
      };
      console.log(name, lighthouseResults[name]);
    }
    return {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, load: os.loadavg() },
      goals: GOALS,
      bundles,
      lighthouse: lighthouseResults,
      settings: {
        runsPerPage: RUNS,
        preset: 'mobile, simulated throttling (Lighthouse default)',
        chrome: CHROME,
      },
    };
  } finally {
    await chrome.kill();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
