import type { Kysely } from 'kysely';
import { PUSH_KINDS, type PushKind, type TPushSettings } from '../../shared/contracts/push';
import type { DB } from '../db/schema';

export interface StoredSubscription {
  id: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** A phone belongs to whoever signed in on it last: its subscription moves to them. */
export async function saveSubscription(
  db: Kysely<DB>,
  row: { id: string; userId: string; endpoint: string; p256dh: string; auth: string; at: string },
): Promise<void> {
  await db
    .insertInto('push_subscription')
    .values({
      id: row.id,
      user_id: row.userId,
      endpoint: row.endpoint,
      p256dh: row.p256dh,
      auth: row.auth,
      created_at: row.at,
    })
    .onConflict((oc) =>
      oc.column('endpoint').doUpdateSet({ user_id: row.userId, p256dh: row.p256dh, auth: row.auth }),
    )
    .execute();
}

export async function deleteSubscription(db: Kysely<DB>, userId: string, endpoint: string): Promise<void> {
  await db
    .deleteFrom('push_subscription')
    .where('user_id', '=', userId)
    .where('endpoint', '=', endpoint)
    .execute();
}

/** The push service said the subscription is gone (404/410): nobody receives on it any more. */
export async function forgetSubscription(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('push_subscription').where('id', '=', id).execute();
}

export async function countSubscriptions(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('push_subscription')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

const ALL_ON: TPushSettings['kinds'] = { emergency_report: true, report_assigned: true, ladder_step: true };

export async function preferencesOf(db: Kysely<DB>, userId: string): Promise<TPushSettings['kinds']> {
  const row = await db
    .selectFrom('push_preference')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return { ...ALL_ON };
  return {
    emergency_report: row.emergency_report === 1,
    report_assigned: row.report_assigned === 1,
    ladder_step: row.ladder_step === 1,
  };
}

export async function savePreferences(
  db: Kysely<DB>,
  userId: string,
  kinds: TPushSettings['kinds'],
  at: string,
): Promise<void> {
  const values = {
    emergency_report: kinds.emergency_report ? 1 : 0,
    report_assigned: kinds.report_assigned ? 1 : 0,
    ladder_step: kinds.ladder_step ? 1 : 0,
    updated_at: at,
  };
  await db
    .insertInto('push_preference')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}

/** The subscriptions of those users who want this kind of notice (nobody has turned it off). */
export async function subscriptionsFor(
  db: Kysely<DB>,
  userIds: readonly string[],
  kind: PushKind,
): Promise<StoredSubscription[]> {
  if (userIds.length === 0 || !PUSH_KINDS.includes(kind)) return [];
  const rows = await db
    .selectFrom('push_subscription')
    .leftJoin('push_preference', 'push_preference.user_id', 'push_subscription.user_id')
    .innerJoin('user_account', 'user_account.id', 'push_subscription.user_id')
    .select([
      'push_subscription.id',
      'push_subscription.user_id',
      'push_subscription.endpoint',
      'push_subscription.p256dh',
      'push_subscription.auth',
      `push_preference.${kind} as wanted`,
    ])
    .where('push_subscription.user_id', 'in', [...new Set(userIds)])
    .where('user_account.disabled', '=', 0)
    .execute();
  return rows
    .filter((row) => row.wanted === null || Number(row.wanted) === 1)
    .map((row) => ({
      id: row.id,
      userId: row.user_id,
      endpoint: row.endpoint,
      p256dh: row.p256dh,
      auth: row.auth,
    }));
}

/** The signed-in accounts of a community's committee. */
export async function committeeUsers(db: Kysely<DB>, communityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('user_account')
    .select('id')
    .where('role', '=', 'committee')
    .where('community_id', '=', communityId)
    .execute();
  return rows.map((row) => row.id);
}

/** The accounts holding these positions of the chain. */
export async function usersOfPositions(db: Kysely<DB>, positionIds: readonly string[]): Promise<string[]> {
  const ids = positionIds.filter((id): id is string => !!id);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('liaison_position')
    .select('user_id')
    .where('id', 'in', [...new Set(ids)])
    .where('user_id', 'is not', null)
    .execute();
  return rows.flatMap((row) => (row.user_id ? [row.user_id] : []));
}

/** Where a check-in's household is, and whom its ladder step named (the tasks it gave). */
export async function ladderStepOf(db: Kysely<DB>, checkinId: string, step: number) {
  const place = await db
    .selectFrom('checkin')
    .innerJoin('household', 'household.id', 'checkin.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .select(['building.number as building', 'entrance.number as entrance', 'household.room'])
    .where('checkin.id', '=', checkinId)
    .executeTakeFirst();
  const tasks = await db
    .selectFrom('care_task')
    .select('position_id')
    .where('checkin_id', '=', checkinId)
    .where('step', '=', step)
    .execute();
  return {
    place: place ? `${place.building}-${place.entrance}-${place.room}` : null,
    positionIds: tasks.flatMap((t) => (t.position_id ? [t.position_id] : [])),
  };
}

/** Who recorded a report and who is responsible for it now. */
export async function reportPeople(db: Kysely<DB>, reportId: string) {
  return db
    .selectFrom('report')
    .select(['community_id', 'recorded_by_user_id', 'responsible_position_id'])
    .where('id', '=', reportId)
    .executeTakeFirst();
}
