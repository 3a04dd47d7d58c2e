import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TPushSettings, TPushSubscriptionInput } from '../../shared/contracts/push';
import type { Actor } from '../auth/actor';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import { AppError } from '../http/errors';
import {
  countSubscriptions,
  deleteSubscription,
  preferencesOf,
  savePreferences,
  saveSubscription,
} from './push.repository';
import { allowedEndpoint } from './push.sender';

/** A person's own phones and choices: nobody acts on another's, so there is no id to scope. */
interface PushContext {
  db: Kysely<DB>;
  clock: Clock;
  actor: Actor;
  pushHosts: readonly string[];
}

export async function pushSettings(ctx: PushContext): Promise<TPushSettings> {
  const userId = ctx.actor.user.id;
  return { kinds: await preferencesOf(ctx.db, userId), devices: await countSubscriptions(ctx.db, userId) };
}

export async function changePushSettings(
  ctx: PushContext,
  kinds: Partial<TPushSettings['kinds']>,
): Promise<TPushSettings> {
  const userId = ctx.actor.user.id;
  const current = await preferencesOf(ctx.db, userId);
  await savePreferences(ctx.db, userId, { ...current, ...kinds }, ctx.clock().toISOString());
  return pushSettings(ctx);
}

/** Sending the same subscription again changes nothing: a retried request takes effect once. */
export async function subscribe(ctx: PushContext, input: TPushSubscriptionInput): Promise<TPushSettings> {
  if (!allowedEndpoint(input.endpoint, ctx.pushHosts)) {
    throw new AppError('push.endpoint_not_allowed', {}, 'endpoint');
  }
  await saveSubscription(ctx.db, {
    id: randomUUID(),
    userId: ctx.actor.user.id,
    endpoint: input.endpoint,
    p256dh: input.keys.p256dh,
    auth: input.keys.auth,
    at: ctx.clock().toISOString(),
  });
  return pushSettings(ctx);
}

export async function unsubscribe(ctx: PushContext, endpoint: string): Promise<TPushSettings> {
  await deleteSubscription(ctx.db, ctx.actor.user.id, endpoint);
  return pushSettings(ctx);
}
