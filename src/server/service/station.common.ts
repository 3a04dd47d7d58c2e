import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { type AccessContext, denyNotFound } from '../auth/permissions';
import type { DB } from '../db/schema';
import { AppError } from '../http/errors';
import { findStoredAnswer, storeAnswer } from '../reports/idempotency.repository';
import { requestHash } from '../reports/reports.usecases';

/**
 * What the station's use cases share: which communities the caller works in, and the Idempotency-Key
 * handling of reports applied to bookings, orders and readings.
 */

/**
 * The communities whose station the caller takes part in. Volunteers see no resident records, so
 * their scope names no community; their station is the community of their account.
 */
export function stationCommunities(actor: Actor): readonly string[] {
  if (actor.user.role === 'volunteer') return actor.user.communityId ? [actor.user.communityId] : [];
  return actor.scope.communityIds;
}

/**
 * The one community an action is for: the one asked for if the caller has it (another is answered as
 * not found, like any record out of scope), or their only one.
 */
export async function oneCommunity(ctx: AccessContext, requested: string | undefined): Promise<string> {
  const mine = stationCommunities(ctx.actor);
  if (requested) {
    if (!mine.includes(requested))
      return denyNotFound(ctx, new AppError('service.community_not_found'), {
        type: 'community',
        id: requested,
      });
    return requested;
  }
  const [only] = mine;
  if (mine.length !== 1 || !only) throw new AppError('service.community_required', {}, 'communityId');
  return only;
}

/** Workers and the committee run the station of their community. */
export function runsStation(actor: Actor): boolean {
  return actor.user.role === 'worker' || actor.user.role === 'committee';
}

/**
 * Runs `work` in one transaction and, with an Idempotency-Key, stores its answer in the same
 * transaction: a replay gets the first answer; two copies racing hit the key's primary key and the
 * loser answers with the winner's answer (as reports do).
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
