import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export async function findStoredAnswer(db: Kysely<DB>, key: string) {
  return db.selectFrom('idempotency_record').selectAll().where('key', '=', key).executeTakeFirst();
}

/** The row that keeps a keyed request's answer. */
export function answerRow(key: string, hash: string, status: number, body: unknown, at: string) {
  return { key, request_hash: hash, status, body: JSON.stringify(body), created_at: at };
}

/** Stored inside the transaction that did the work, so the answer exists exactly when the work does. */
export async function storeAnswer(
  trx: Kysely<DB>,
  key: string,
  hash: string,
  status: number,
  body: unknown,
  at: string,
) {
  await trx
    .insertInto('idempotency_record')
    .values(answerRow(key, hash, status, body, at))
    .execute();
}
