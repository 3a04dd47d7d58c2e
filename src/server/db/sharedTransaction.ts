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

/**
 * Runs `work` in a transaction that it may share with others that arrived in the same turn of the
 * event loop. On SQLite each commit waits for an fsync on the event loop; on PostgreSQL every report's
 * audit entry queues for the one lock of the audit chain. Sharing one transaction among the reports that
 * arrive together pays for each once per group: one COMMIT, and one append to the audit chain, made
 * last (the entries of the group wait for it). Each piece of work runs in a savepoint of its own, so
 * one that fails undoes only itself and its audit entries, and every caller is answered only after the
 * shared COMMIT: nothing is acknowledged before it is durable.
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
  const outcomes: Outcome[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      deferAudit(trx);
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
    });
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
