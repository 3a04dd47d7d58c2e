import type { Actor } from '../auth/actor';
import { type AccessContext, denyNotFound } from '../auth/permissions';
import { AppError } from '../http/errors';

/**
 * What the station's use cases share: which communities the caller works in.
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
