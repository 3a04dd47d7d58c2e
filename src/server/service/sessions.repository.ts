import type { Kysely } from 'kysely';
import type { DB, ServiceBookingTable, ServiceSessionTable } from '../db/schema';

export async function insertSession(db: Kysely<DB>, row: ServiceSessionTable): Promise<void> {
  await db.insertInto('service_session').values(row).execute();
}

export async function findSession(db: Kysely<DB>, id: string): Promise<ServiceSessionTable | undefined> {
  return db.selectFrom('service_session').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Sessions of these communities starting within [fromIso, toIso). */
export async function sessionsBetween(
  db: Kysely<DB>,
  communityIds: readonly string[],
  fromIso: string,
  toIso: string,
): Promise<ServiceSessionTable[]> {
  if (communityIds.length === 0) return [];
  return db
    .selectFrom('service_session')
    .selectAll()
    .where('community_id', 'in', [...communityIds])
    .where('starts_at', '>=', fromIso)
    .where('starts_at', '<', toIso)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}

/**
 * Takes one place if one is left: a single conditional UPDATE, so concurrent bookings cannot overbook
 * (PostgreSQL re-checks the condition on the locked row; SQLite has one writer).
 */
export async function takePlace(trx: Kysely<DB>, sessionId: string): Promise<boolean> {
  const result = await trx
    .updateTable('service_session')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('id', '=', sessionId)
    .whereRef('booked', '<', 'capacity')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function givePlaceBack(trx: Kysely<DB>, sessionId: string): Promise<void> {
  await trx
    .updateTable('service_session')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('id', '=', sessionId)
    .execute();
}

export async function buildingOfHousehold(db: Kysely<DB>, householdId: string): Promise<string> {
  const row = await db
    .selectFrom('household')
    .select('building_id')
    .where('id', '=', householdId)
    .executeTakeFirstOrThrow();
  return row.building_id;
}

export async function insertBooking(trx: Kysely<DB>, row: ServiceBookingTable): Promise<void> {
  await trx.insertInto('service_booking').values(row).execute();
}

export async function activeBooking(db: Kysely<DB>, sessionId: string, residentId: string) {
  return db
    .selectFrom('service_booking')
    .select('id')
    .where('session_id', '=', sessionId)
    .where('resident_id', '=', residentId)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
}

export async function findBooking(db: Kysely<DB>, id: string): Promise<ServiceBookingTable | undefined> {
  return db.selectFrom('service_booking').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Cancels once: the second of two cancels changes nothing. */
export async function cancelBooking(
  trx: Kysely<DB>,
  id: string,
  userId: string,
  at: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('service_booking')
    .set({ cancelled_at: at, cancelled_by_user_id: userId })
    .where('id', '=', id)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordServed(
  trx: Kysely<DB>,
  id: string,
  served: boolean,
  userId: string,
): Promise<void> {
  await trx
    .updateTable('service_booking')
    .set({ served: served ? 1 : 0, served_recorded_by_user_id: userId })
    .where('id', '=', id)
    .execute();
}

export async function bookingsOf(
  db: Kysely<DB>,
  sessionIds: readonly string[],
): Promise<ServiceBookingTable[]> {
  if (sessionIds.length === 0) return [];
  return db
    .selectFrom('service_booking')
    .selectAll()
    .where('session_id', 'in', [...sessionIds])
    .where('cancelled_at', 'is', null)
    .orderBy('booked_at')
    .execute();
}

export async function signupsOf(db: Kysely<DB>, sessionIds: readonly string[]) {
  if (sessionIds.length === 0) return [];
  return db
    .selectFrom('service_signup')
    .innerJoin('service_volunteer', 'service_volunteer.id', 'service_signup.volunteer_id')
    .selectAll('service_signup')
    .select(['service_volunteer.name', 'service_volunteer.phone', 'service_volunteer.user_id'])
    .where('service_signup.session_id', 'in', [...sessionIds])
    .orderBy('service_signup.signed_up_at')
    .execute();
}
