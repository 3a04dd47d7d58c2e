import type { Kysely } from 'kysely';
import type {
  DB,
  ServiceSeriesEnrolmentTable,
  ServiceSeriesSignupTable,
  ServiceSeriesTable,
  ServiceSessionTable,
} from '../db/schema';

export async function insertSeries(trx: Kysely<DB>, row: ServiceSeriesTable): Promise<void> {
  await trx.insertInto('service_series').values(row).execute();
}

/** A generated session, once per series and day: false when another run (or server) already made it. */
export async function insertSeriesSession(trx: Kysely<DB>, row: ServiceSessionTable): Promise<boolean> {
  const result = await trx
    .insertInto('service_session')
    .values(row)
    .onConflict((oc) => oc.columns(['series_id', 'series_day']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Every series not ended before `today`, for the generating worker. */
export async function runningSeries(db: Kysely<DB>, today: string): Promise<ServiceSeriesTable[]> {
  return db
    .selectFrom('service_series')
    .selectAll()
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)]))
    .orderBy('id')
    .execute();
}

/** The series of these communities, newest first. */
export async function seriesOf(
  db: Kysely<DB>,
  communityIds: readonly string[],
): Promise<ServiceSeriesTable[]> {
  if (communityIds.length === 0) return [];
  return db
    .selectFrom('service_series')
    .selectAll()
    .where('community_id', 'in', [...communityIds])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function findSeries(db: Kysely<DB>, id: string): Promise<ServiceSeriesTable | undefined> {
  return db.selectFrom('service_series').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function sessionsOfSeries(db: Kysely<DB>, seriesId: string): Promise<ServiceSessionTable[]> {
  return db
    .selectFrom('service_session')
    .selectAll()
    .where('series_id', '=', seriesId)
    .orderBy('series_day')
    .execute();
}

export async function enrolmentsOf(db: Kysely<DB>, seriesId: string): Promise<ServiceSeriesEnrolmentTable[]> {
  return db.selectFrom('service_series_enrolment').selectAll().where('series_id', '=', seriesId).execute();
}

export async function insertEnrolment(trx: Kysely<DB>, row: ServiceSeriesEnrolmentTable): Promise<boolean> {
  const result = await trx
    .insertInto('service_series_enrolment')
    .values(row)
    .onConflict((oc) => oc.columns(['series_id', 'resident_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function seriesSignupsOf(db: Kysely<DB>, seriesId: string): Promise<ServiceSeriesSignupTable[]> {
  return db.selectFrom('service_series_signup').selectAll().where('series_id', '=', seriesId).execute();
}

export async function insertSeriesSignup(trx: Kysely<DB>, row: ServiceSeriesSignupTable): Promise<boolean> {
  const result = await trx
    .insertInto('service_series_signup')
    .values(row)
    .onConflict((oc) => oc.columns(['series_id', 'volunteer_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Moves or cancels a session once: false when it was already cancelled. */
export async function changeSession(
  trx: Kysely<DB>,
  id: string,
  change: Partial<Pick<ServiceSessionTable, 'starts_at' | 'ends_at' | 'moved_from' | 'cancelled_at'>> & {
    change_reason: string;
  },
): Promise<boolean> {
  const result = await trx
    .updateTable('service_session')
    .set(change)
    .where('id', '=', id)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function phonesOf(
  db: Kysely<DB>,
  residentIds: readonly string[],
): Promise<Map<string, string | null>> {
  if (residentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('resident')
    .select(['id', 'phone'])
    .where('id', 'in', [...residentIds])
    .execute();
  return new Map(rows.map((r) => [r.id, r.phone]));
}
