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

export interface FailureRun {
  failures: number;
  /** When the latest of them was; null when there are none. */
  lastAt: string | null;
}

/**
 * Failed sign-ins since `since`: for a username only those after its latest success (the owner got
 * in, so the run of guesses ends); for an address all of them, as one person signing in there must not
 * clear the count of someone guessing at other accounts from it.
 */
export async function failuresSince(
  db: Kysely<DB>,
  by: { username: string } | { ip: string },
  since: string,
): Promise<FailureRun> {
  let from = since;
  if ('username' in by) {
    const success = await db
      .selectFrom('login_attempt')
      .select((eb) => eb.fn.max('at').as('at'))
      .where('username', '=', by.username)
      .where('succeeded', '=', 1)
      .where('at', '>=', since)
      .executeTakeFirst();
    if (success?.at) from = success.at;
  }
  let query = db
    .selectFrom('login_attempt')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('at').as('last')])
    .where('succeeded', '=', 0)
    .where('at', '>=', from);
  query = 'username' in by ? query.where('username', '=', by.username) : query.where('ip', '=', by.ip);
  const row = await query.executeTakeFirstOrThrow();
  return { failures: Number(row.n), lastAt: row.last ?? null };
}

/** A new password ends the run of guesses at the old one: the owner need not wait for them. */
export async function forgetFailures(db: Kysely<DB>, username: string): Promise<void> {
  await db.deleteFrom('login_attempt').where('username', '=', username).where('succeeded', '=', 0).execute();
}
