import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench -- NAME`: runs one benchmark and writes `bench/results/NAME.json`.
 * A benchmark is a module exporting `run(): Promise<object>`; add it to this list.
 */
const BENCHMARKS: Record<string, () => Promise<{ run: () => Promise<Record<string, unknown>> }>> = {
  register: () => import('./register'),
  lists: () => import('./lists'),
  reports: () => import('./reports'),
  'report-list': () => import('./reportList'),
  care: () => import('./care'),
  service: () => import('./service'),
  welfare: () => import('./welfare'),
  round: () => import('./round'),
  backup: () => import('./backup'),
  desk: () => import('./desk'),
  web: () => import('./web'),
};

async function main(): Promise<void> {
  const name = process.argv[2];
  const load = name ? BENCHMARKS[name] : undefined;
  if (!name || !load) {
    console.error(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}>`);
    process.exitCode = 2;
    return;
  }
  const { run } = await load();
  const result = await run();
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

main().then(
  // Pools and timers must not keep a finished benchmark alive.
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
