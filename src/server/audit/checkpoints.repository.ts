import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Checkpoint, CheckpointContent } from './signingKey';

export async function insertCheckpoint(db: Kysely<DB>, checkpoint: Checkpoint): Promise<void> {
  await db
    .insertInto('audit_checkpoint')
    .values({
      id: randomUUID(),
      seq: checkpoint.seq,
      hash: checkpoint.hash,
      at: checkpoint.at,
      key_id: checkpoint.keyId,
      signature: checkpoint.signature,
    })
    .execute();
}

export async function listCheckpoints(db: Kysely<DB>): Promise<Checkpoint[]> {
  const rows = await db.selectFrom('audit_checkpoint').selectAll().orderBy('seq').orderBy('at').execute();
  return rows.map((row) => ({
    seq: Number(row.seq),
    hash: row.hash,
    at: row.at,
    keyId: row.key_id,
    signature: row.signature,
  }));
}

/**
 * The newest checkpoint of the audit chain: its hash is what a printed report quotes, so that a later
 * rewrite of the trail can be shown against paper.
 */
export async function latestAuditCheckpoint(
  db: Kysely<DB>,
  /** Only checkpoints taken at or before this instant (a closed month quotes the one current when it closed). */
  atOrBefore?: string,
): Promise<CheckpointContent | null> {
  let query = db.selectFrom('audit_checkpoint').select(['seq', 'hash', 'at']);
  if (atOrBefore !== undefined) query = query.where('at', '<=', atOrBefore);
  const row = await query.orderBy('seq', 'desc').orderBy('at', 'desc').limit(1).executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash, at: row.at } : null;
}

export async function readAuditHead(db: Kysely<DB>): Promise<{ seq: number; hash: string } | null> {
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return head ? { seq: Number(head.seq), hash: head.hash } : null;
}
