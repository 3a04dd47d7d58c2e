import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export async function recordLoginAttempt(
  db: Kysely<DB>,
  attempt: { username: string; ip: string; at: string; succeeded: boolean },
): Promise<void> {
  await db
    .insertInto('login_attempt')
    .values({ id: randomUUID(), ...attempt, succeeded: attempt.succeeded ? 1 : 0 })
    .execute();
}

export async function countFailuresSince(
  db: Kysely<DB>,
  by: { username: string } | { ip: string },
  since: string,
): Promise<number> {
  let query = db
    .selectFrom('login_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('succeeded', '=', 0)
    .where('at', '>=', since);
  query = 'username' in by ? query.where('username', '=', by.username) : query.where('ip', '=', by.ip);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
