import { type Kysely, sql } from 'kysely';
import {
  appendDeferredAudit,
  deferAudit,
  deferredAuditMark,
  dropDeferredAuditAfter,
} from '../audit/audit.repository';
import { perDatabase } from './perDatabase';
import type { DB } from './schema';

type Work = (trx: Kysely<DB>) => Promise<unknown>;

interface Waiting {
  work: Work;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Enough to amortise the fsync, few enough that the first in a group does not wait long. */
const MAX_GROUP = 64;
/**
 * Groups under way at once. More would each hold a pooled connection while queueing for the audit
 * chain, starving the reads every other request needs; work that arrives meanwhile forms the next group.
 */
const MAX_IN_FLIGHT = 4;

const queues = perDatabase(() => ({ waiting: [] as Waiting[], scheduled: false, inFlight: 0 }));

type Write<T> = (trx: Kysely<DB>, items: T[]) => Promise<void>;

/** Rows waiting in a group run whole, per writer, in the order they were given. */
const batches = new WeakMap<Kysely<DB>, Map<Write<never>, unknown[]>>();

/**
 * Writes `item` with `write`. In a group run whole, the item waits and the group's items go to `write`
 * together, once, after all the group's work and before its audit entries are chained: one multi-row
 * statement instead of one per piece of work. Anywhere else — a group run apart, or no group — it is
 * written now. Only for rows no later work in the same group reads.
 */
export async function writeWithGroup<T>(trx: Kysely<DB>, write: Write<T>, item: T): Promise<void> {
  const waiting = batches.get(trx);
  if (!waiting) return write(trx, [item]);
  const items = waiting.get(write as Write<never>) ?? [];
  waiting.set(write as Write<never>, items);
  items.push(item);
}

async function writeBatches(trx: Kysely<DB>): Promise<void> {
  const waiting = batches.get(trx);
  batches.delete(trx);
  for (const [write, items] of waiting ?? []) await (write as Write<unknown>)(trx, items);
}

/**
 * Runs `work` in a transaction that it may share with others that arrived in the same turn of the
 * event loop. On SQLite each commit waits for an fsync on the event loop; on PostgreSQL every report's
 * audit entry queues for the one lock of the audit chain. Sharing one transaction among the reports that
 * arrive together pays for each once per group: one COMMIT, and one append to the audit chain, made
 * last (the entries of the group wait for it). A group runs whole first; when one piece of work fails,
 * that attempt is undone and the group runs again with each piece in a savepoint of its own, so the
 * failure undoes only itself and its audit entries. `work` may therefore run twice: it should only
 * write what was decided before it. Every caller is answered only after the shared COMMIT: nothing is
 * acknowledged before it is durable.
 */
export function inSharedTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  const queue = queues(db);
  return new Promise<T>((resolve, reject) => {
    queue.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
    schedule(db, queue);
  });
}

function schedule(db: Kysely<DB>, queue: ReturnType<typeof queues>): void {
  if (queue.scheduled || queue.inFlight >= MAX_IN_FLIGHT || queue.waiting.length === 0) return;
  queue.scheduled = true;
  // setImmediate runs after this turn's I/O callbacks, so requests read together are grouped together.
  setImmediate(() => {
    queue.scheduled = false;
    const group = queue.waiting.splice(0, MAX_GROUP);
    queue.inFlight++;
    void commitGroup(db, group).finally(() => {
      queue.inFlight--;
      schedule(db, queue);
    });
    schedule(db, queue);
  });
}

async function commitGroup(db: Kysely<DB>, group: Waiting[]): Promise<void> {
  let outcomes: Outcome[];
  try {
    // Failures are rare (a key sent twice at once): savepoints, two statements a piece, only then.
    const together = await runTogether(db, group);
    outcomes =
      'failed' in together
        ? group.length === 1
          ? [{ ok: false, error: together.failed }]
          : await runApart(db, group)
        : together.outcomes;
  } catch (error) {
    for (const waiting of group) waiting.reject(error);
    return;
  }
  group.forEach((waiting, i) => {
    const outcome = outcomes[i] as Outcome;
    if (outcome.ok) waiting.resolve(outcome.value);
    else waiting.reject(outcome.error);
  });
}

/** The whole group in one transaction, undone if any piece fails; throws only if the transaction does. */
async function runTogether(
  db: Kysely<DB>,
  group: Waiting[],
): Promise<{ outcomes: Outcome[] } | { failed: unknown }> {
  let failure: { failed: unknown } | undefined;
  try {
    return await db.transaction().execute(async (trx) => {
      deferAudit(trx);
      batches.set(trx, new Map());
      const outcomes: Outcome[] = [];
      for (const { work } of group) {
        try {
          outcomes.push({ ok: true, value: await work(trx) });
        } catch (error) {
          failure = { failed: error };
          throw error;
        }
      }
      try {
        await writeBatches(trx);
      } catch (error) {
        // A batched row that fails (a key sent twice at once) fails the group: run apart, it fails alone.
        failure = { failed: error };
        throw error;
      }
      await appendDeferredAudit(trx);
      return { outcomes };
    });
  } catch (error) {
    if (failure) return failure;
    throw error;
  }
}

/** The group again, each piece in a savepoint: one that fails undoes only itself. */
async function runApart(db: Kysely<DB>, group: Waiting[]): Promise<Outcome[]> {
  return db.transaction().execute(async (trx) => {
    deferAudit(trx);
    const outcomes: Outcome[] = [];
    for (const { work } of group) {
      const auditMark = deferredAuditMark(trx);
      await sql`SAVEPOINT grouped`.execute(trx);
      try {
        outcomes.push({ ok: true, value: await work(trx) });
        await sql`RELEASE grouped`.execute(trx);
      } catch (error) {
        await sql`ROLLBACK TO grouped`.execute(trx);
        await sql`RELEASE grouped`.execute(trx);
        dropDeferredAuditAfter(trx, auditMark);
        outcomes.push({ ok: false, error });
      }
    }
    await appendDeferredAudit(trx);
    return outcomes;
  });
}
