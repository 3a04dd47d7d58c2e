import { appendAudit } from '../../src/server/audit/audit.repository';
import { openSqlite } from '../../src/server/db/database';

/**
 * The load of the `backup` benchmark, in a process of its own: audit entries appended at a steady
 * rate through the app's own connection settings (WAL, synchronous=FULL), each transaction taking the
 * entries come due since the last (as the server writes a group of reports together). On IPC:
 * `count` answers how many entries are committed; `pause`, `resume` and `stop`.
 */
const [file, rateArg] = process.argv.slice(2);
if (!file || !process.send) throw new Error('usage: backupWriter.ts FILE RATE (as a child process)');
const rate = Number(rateArg);
const database = openSqlite(file);
let committed = 0;
let transactions = 0;
let running = true;
let paused = false;
/** Where the pace counts from: reset on resuming, so a pause is not made up for by a burst. */
let pace = { at: Date.now(), committed: 0 };
process.on('message', (message: string) => {
  if (message === 'count') process.send?.({ committed, transactions });
  if (message === 'pause') paused = true;
  if (message === 'resume') {
    paused = false;
    pace = { at: Date.now(), committed };
  }
  if (message === 'stop') running = false;
});
process.send({ ready: true });
while (running) {
  const due = paused
    ? 0
    : Math.min(Math.floor(((Date.now() - pace.at) / 1000) * rate) - (committed - pace.committed), 100);
  if (due <= 0) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    continue;
  }
  const entries = Array.from({ length: due }, () => ({
    action: 'bench.backup_write',
    outcome: 'success' as const,
  }));
  await database.db.transaction().execute((trx) => appendAudit(trx, new Date(), entries));
  committed += due;
  transactions++;
  // Kysely on better-sqlite3 resolves without leaving the microtask queue: let IPC in.
  await new Promise((resolve) => setImmediate(resolve));
}
await database.close();
process.exit(0);
