import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isPostgres } from '../db/dialect';
import type { AuditEventTable, DB } from '../db/schema';
import { type ChainVerdict, ChainVerifier, chainHash, GENESIS_HASH } from './chain';
import { readAuditHead } from './checkpoints.repository';
import { type Checkpoint, type CheckpointContent, checkpointSignatureValid } from './signingKey';

export interface AuditEntry {
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  actorUserId?: string | null;
  actorRole?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  communityId?: string | null;
  residentId?: string | null;
  fieldClass?: string | null;
  purpose?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown> | null;
}

/** An entry about something a signed-in person did: who, in which role, from where. */
export function byActor(
  actor: { user: { id: string; role: string }; ip: string },
  entry: Omit<AuditEntry, 'outcome' | 'actorUserId' | 'actorRole' | 'ip'> & {
    outcome?: AuditEntry['outcome'];
  },
): AuditEntry {
  return {
    outcome: 'success',
    ...entry,
    actorUserId: actor.user.id,
    actorRole: actor.user.role,
    ip: actor.ip,
  };
}

/** A record named in a request and refused as not found: outside the caller's scope, or no such record. */
export function deniedTarget(
  actor: { user: { id: string; role: string }; ip: string },
  targetType: string,
  targetId: string,
): AuditEntry {
  return byActor(actor, { action: 'access.denied', outcome: 'denied', targetType, targetId });
}

/**
 * Appends entries to the hash chain. Call it inside the transaction of the work it records, so the
 * record and the work commit together. On PostgreSQL the locked head row orders appends from several
 * servers; on SQLite the single writer already does. In a shared transaction (db/sharedTransaction)
 * the entries wait and are chained together just before its COMMIT.
 */
export async function appendAudit(trx: Kysely<DB>, at: Date, entries: readonly AuditEntry[]): Promise<void> {
  const waiting = deferred.get(trx);
  if (waiting) {
    for (const entry of entries) waiting.push({ at, entry });
    return;
  }
  await chain(
    trx,
    entries.map((entry) => ({ at, entry })),
  );
}

type Dated = { at: Date; entry: AuditEntry };

/**
 * Entries of shared transactions, not yet chained. Chaining them all at the end takes the chain's lock
 * once per transaction, for one INSERT and one UPDATE, instead of holding it from each piece of work's
 * first entry through all the work that follows until the COMMIT.
 */
const deferred = new WeakMap<Kysely<DB>, Dated[]>();

/** From now on, entries appended in `trx` wait for `appendDeferredAudit`. */
export function deferAudit(trx: Kysely<DB>): void {
  deferred.set(trx, []);
}

/** How many entries wait: a mark to return to with `dropDeferredAuditAfter` when work is rolled back. */
export function deferredAuditMark(trx: Kysely<DB>): number {
  return deferred.get(trx)?.length ?? 0;
}

export function dropDeferredAuditAfter(trx: Kysely<DB>, mark: number): void {
  deferred.get(trx)?.splice(mark);
}

/** Chains the waiting entries; call it last, just before COMMIT. */
export async function appendDeferredAudit(trx: Kysely<DB>): Promise<void> {
  const waiting = deferred.get(trx) ?? [];
  deferred.delete(trx);
  await chain(trx, waiting);
}

async function chain(trx: Kysely<DB>, entries: readonly Dated[]): Promise<void> {
  if (entries.length === 0) return;
  const postgres = isPostgres(trx);
  // The head row is the chain's lock: on PostgreSQL, FOR UPDATE makes appends from several servers
  // queue here until the appender commits (callers append last, so that is soon); on SQLite the
  // single writer already orders them.
  const head = trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
  const last = await (postgres ? head.forUpdate() : head).executeTakeFirst();
  let seq = last ? Number(last.seq) : 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows: AuditEventTable[] = [];
  for (const { at, entry } of entries) {
    seq++;
    const content = {
      seq,
      at: at.toISOString(),
      actor_user_id: entry.actorUserId ?? null,
      actor_role: entry.actorRole ?? null,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      community_id: entry.communityId ?? null,
      resident_id: entry.residentId ?? null,
      field_class: entry.fieldClass ?? null,
      purpose: entry.purpose ?? null,
      outcome: entry.outcome,
      ip: entry.ip ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    };
    const hash = chainHash(prevHash, content);
    rows.push({ ...content, prev_hash: prevHash, hash });
    prevHash = hash;
  }
  const moveHead = { seq, hash: prevHash };
  if (postgres) {
    // One round trip while the head is locked: every one waits for the others' event loop turns.
    await trx
      .with('appended', (db) => db.insertInto('audit_event').values(rows))
      .updateTable('audit_head')
      .set(moveHead)
      .where('id', '=', 1)
      .execute();
  } else {
    await trx.insertInto('audit_event').values(rows).execute();
    await trx.updateTable('audit_head').set(moveHead).where('id', '=', 1).execute();
  }
}

const PAGE = 2000;

async function* auditRows(db: Kysely<DB>): AsyncGenerator<AuditEventTable> {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of page) yield row;
    const lastRow = page.at(-1);
    if (page.length < PAGE || !lastRow) return;
    after = Number(lastRow.seq);
  }
}

export interface SignedCheckpoints {
  list: readonly Checkpoint[];
  /** The public half of the signing key; a checkpoint it does not verify is a forgery. */
  publicKey: KeyObject;
}

export type TrailVerdict =
  | (Extract<ChainVerdict, { ok: true }> & {
      /** Checkpoints the chain was held against. */
      checkpoints: number;
      lastCheckpoint: CheckpointContent | null;
      /** Events no signature covers yet: written since the last checkpoint (or forged there). */
      afterLastCheckpoint: number;
    })
  | Extract<ChainVerdict, { ok: false }>
  | {
      ok: false;
      seq: number;
      reason: 'checkpoint_signature' | 'checkpoint_hash' | 'checkpoint_beyond_trail';
      checkpoint: Checkpoint;
      /** The first event the contradiction may lie at: the one after the last checkpoint that matched. */
      fromSeq: number;
    };

/**
 * Walks the chain from its start. Each row must follow from the one before; with checkpoints, the
 * chain must also reach each signed (sequence, hash): a history rewritten and re-hashed after the
 * checkpoint was signed cannot, nor can one cut back below it.
 */
export async function verifyAuditTrail(db: Kysely<DB>, signed?: SignedCheckpoints): Promise<TrailVerdict> {
  // The same checkpoint from the database and from the file counts once (Ed25519 signs deterministically).
  const bySignature = new Map((signed?.list ?? []).map((checkpoint) => [checkpoint.signature, checkpoint]));
  const checkpoints = [...bySignature.values()].sort((a, b) => a.seq - b.seq);
  for (const checkpoint of checkpoints) {
    if (!signed || !checkpointSignatureValid(signed.publicKey, checkpoint)) {
      return { ok: false, seq: checkpoint.seq, reason: 'checkpoint_signature', checkpoint, fromSeq: 1 };
    }
  }
  const verifier = new ChainVerifier();
  let next = 0;
  let matchedSeq = 0;
  for await (const row of auditRows(db)) {
    const broken = verifier.push(row);
    if (broken) return broken;
    for (
      let checkpoint = checkpoints[next];
      checkpoint?.seq === Number(row.seq);
      checkpoint = checkpoints[++next]
    ) {
      if (checkpoint.hash !== row.hash) {
        return {
          ok: false,
          seq: checkpoint.seq,
          reason: 'checkpoint_hash',
          checkpoint,
          fromSeq: matchedSeq + 1,
        };
      }
      matchedSeq = checkpoint.seq;
    }
  }
  const verdict = verifier.result();
  if (!verdict.ok) return verdict;
  const head = await readAuditHead(db);
  if (head && (head.seq !== verdict.lastSeq || head.hash !== verdict.lastHash)) {
    return { ok: false, seq: verdict.lastSeq + 1, reason: 'truncated' };
  }
  const beyond = checkpoints[next];
  if (beyond) {
    return {
      ok: false,
      seq: verdict.lastSeq + 1,
      reason: 'checkpoint_beyond_trail',
      checkpoint: beyond,
      fromSeq: matchedSeq + 1,
    };
  }
  const last = checkpoints.at(-1);
  return {
    ...verdict,
    checkpoints: checkpoints.length,
    lastCheckpoint: last ? { seq: last.seq, hash: last.hash, at: last.at } : null,
    afterLastCheckpoint: verdict.lastSeq - (last?.seq ?? 0),
  };
}

export async function countAuditEvents(db: Kysely<DB>, where: { action?: string; residentId?: string } = {}) {
  let query = db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where.action) query = query.where('action', '=', where.action);
  if (where.residentId) query = query.where('resident_id', '=', where.residentId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
