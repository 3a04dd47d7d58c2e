import type { Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import type { DB } from '../db/schema';

/** The picked households within the caller's scope, moved out or not: a moved-out one is refused by name. */
export async function householdsForNotice(db: Kysely<DB>, scope: Scope, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('household')
    .select(['household.id', 'household.community_id', 'household.moved_out_at'])
    .where('household.id', 'in', [...ids])
    .where(householdInScope(scope))
    .execute();
}

export async function insertDoorNotice(
  db: Kysely<DB>,
  notice: {
    id: string;
    message: string;
    date: string;
    phone: string;
    at: string;
    userId: string;
    doors: readonly { householdId: string; communityId: string }[];
  },
): Promise<void> {
  await db
    .insertInto('door_notice')
    .values({
      id: notice.id,
      message: notice.message,
      notice_date: notice.date,
      phone: notice.phone,
      created_at: notice.at,
      created_by_user_id: notice.userId,
    })
    .execute();
  await db
    .insertInto('door_notice_household')
    .values(
      notice.doors.map((d) => ({
        notice_id: notice.id,
        household_id: d.householdId,
        community_id: d.communityId,
      })),
    )
    .execute();
}

/** A notice with the doors it went on that the caller may see, each with its address and community. */
export async function doorNoticeInScope(db: Kysely<DB>, scope: Scope, id: string) {
  const notice = await db.selectFrom('door_notice').selectAll().where('id', '=', id).executeTakeFirst();
  if (!notice) return undefined;
  const doors = await db
    .selectFrom('door_notice_household')
    .innerJoin('household', 'household.id', 'door_notice_household.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .innerJoin('community', 'community.id', 'door_notice_household.community_id')
    .select([
      'household.id as householdId',
      'building.number as buildingNumber',
      'entrance.number as entranceNumber',
      'household.floor as floor',
      'household.room as room',
      'community.name as communityName',
    ])
    .where('door_notice_household.notice_id', '=', id)
    .where(householdInScope(scope))
    .execute();
  return doors.length === 0 ? undefined : { notice, doors };
}

/** The notices put on one household's door, newest first, for its history. */
export async function doorNoticesOfHousehold(db: Kysely<DB>, householdId: string) {
  return db
    .selectFrom('door_notice_household')
    .innerJoin('door_notice', 'door_notice.id', 'door_notice_household.notice_id')
    .leftJoin('user_account', 'user_account.id', 'door_notice.created_by_user_id')
    .select([
      'door_notice.id',
      'door_notice.created_at as at',
      'door_notice.message',
      'user_account.display_name as actor_name',
    ])
    .where('door_notice_household.household_id', '=', householdId)
    .orderBy('door_notice.created_at', 'desc')
    .limit(200)
    .execute();
}

/** The phone printed on the latest notice put on a door of these communities. */
export async function lastNoticePhone(db: Kysely<DB>, communityIds: readonly string[]) {
  if (communityIds.length === 0) return null;
  const row = await db
    .selectFrom('door_notice')
    .innerJoin('door_notice_household', 'door_notice_household.notice_id', 'door_notice.id')
    .select('door_notice.phone')
    .where('door_notice_household.community_id', 'in', [...communityIds])
    .orderBy('door_notice.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.phone ?? null;
}
