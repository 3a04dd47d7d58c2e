import type { Kysely } from 'kysely';
import type { DB, ServiceHoursTable, ServiceSignupTable, ServiceVolunteerTable } from '../db/schema';

export async function insertVolunteer(db: Kysely<DB>, row: ServiceVolunteerTable): Promise<void> {
  await db.insertInto('service_volunteer').values(row).execute();
}

export async function findVolunteer(db: Kysely<DB>, id: string): Promise<ServiceVolunteerTable | undefined> {
  return db.selectFrom('service_volunteer').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function volunteerOfUser(
  db: Kysely<DB>,
  userId: string,
): Promise<ServiceVolunteerTable | undefined> {
  return db.selectFrom('service_volunteer').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function volunteersOf(
  db: Kysely<DB>,
  communityIds: readonly string[],
): Promise<ServiceVolunteerTable[]> {
  if (communityIds.length === 0) return [];
  return db
    .selectFrom('service_volunteer')
    .selectAll()
    .where('community_id', 'in', [...communityIds])
    .orderBy('name')
    .execute();
}

export async function insertSignup(db: Kysely<DB>, row: ServiceSignupTable): Promise<void> {
  await db.insertInto('service_signup').values(row).execute();
}

export async function findSignup(db: Kysely<DB>, sessionId: string, volunteerId: string) {
  return db
    .selectFrom('service_signup')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('volunteer_id', '=', volunteerId)
    .executeTakeFirst();
}

/** Which of these sessions the volunteer signed up for. */
export async function sessionsSignedUpFor(
  db: Kysely<DB>,
  volunteerId: string,
  sessionIds: readonly string[],
): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('service_signup')
    .select('session_id')
    .where('volunteer_id', '=', volunteerId)
    .where('session_id', 'in', [...sessionIds])
    .execute();
  return new Set(rows.map((r) => r.session_id));
}

/** Checks in once; a second scan changes nothing. */
export async function markCheckedIn(db: Kysely<DB>, id: string, at: string): Promise<void> {
  await db
    .updateTable('service_signup')
    .set({ checked_in_at: at, no_show_at: null })
    .where('id', '=', id)
    .where('checked_in_at', 'is', null)
    .execute();
}

/** Checks out once: only the winner of two phones writes the hours. */
export async function markCheckedOut(trx: Kysely<DB>, id: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('service_signup')
    .set({ checked_out_at: at })
    .where('id', '=', id)
    .where('checked_in_at', 'is not', null)
    .where('checked_out_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markNoShows(trx: Kysely<DB>, sessionId: string, at: string): Promise<number> {
  const result = await trx
    .updateTable('service_signup')
    .set({ no_show_at: at })
    .where('session_id', '=', sessionId)
    .where('checked_in_at', 'is', null)
    .where('no_show_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertHours(db: Kysely<DB>, row: ServiceHoursTable): Promise<void> {
  await db.insertInto('service_hours').values(row).execute();
}
