import type { Kysely } from 'kysely';
import type { AccessContext } from '../auth/permissions';
import type { DB } from '../db/schema';
import { findStoredAnswer, storeAnswer } from '../reports/idempotency.repository';
import { requestHash } from '../reports/reports.usecases';
import { AppError } from './errors';

/**
 * Runs `work` in one transaction and, with an Idempotency-Key, stores its answer in the same
 * transaction: a replay gets the first answer; two copies racing hit the key's primary key and the
 * loser answers with the winner's answer (as reports do). Used by bookings, orders, readings, check-ins and visits.
 */
export async function onceForKey<T>(
  ctx: AccessContext,
  key: string | undefined,
  input: unknown,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  const idempotency = key ? { key: `${ctx.actor.user.id}:${key}`, hash: requestHash(input) } : null;
  const replay = (stored: { request_hash: string; body: string }): T => {
    if (stored.request_hash !== idempotency?.hash) throw new AppError('request.idempotency_mismatch');
    return JSON.parse(stored.body) as T;
  };
  if (idempotency) {
    const stored = await findStoredAnswer(ctx.db, idempotency.key);
    if (stored) return replay(stored);
  }
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const answer = await work(trx);
      if (idempotency)
        await storeAnswer(trx, idempotency.key, idempotency.hash, 200, answer, ctx.clock().toISOString());
      return answer;
    });
  } catch (error) {
    const stored = idempotency ? await findStoredAnswer(ctx.db, idempotency.key) : undefined;
    if (stored) return replay(stored);
    throw error;
  }
}
