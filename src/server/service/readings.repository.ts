import type { Kysely } from 'kysely';
import type { DB, ServiceConsentTable, ServiceReadingTable } from '../db/schema';

export async function consentInForce(
  db: Kysely<DB>,
  residentId: string,
): Promise<ServiceConsentTable | undefined> {
  return db
    .selectFrom('service_consent')
    .selectAll()
    .where('resident_id', '=', residentId)
    .where('withdrawn_on', 'is', null)
    .executeTakeFirst();
}

/** The consent in force if there is one, else the most recently withdrawn. */
export async function latestConsent(
  db: Kysely<DB>,
  residentId: string,
): Promise<ServiceConsentTable | undefined> {
  return (
    (await consentInForce(db, residentId)) ??
    db
      .selectFrom('service_consent')
      .selectAll()
      .where('resident_id', '=', residentId)
      .orderBy('recorded_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst()
  );
}

export async function insertConsent(db: Kysely<DB>, row: ServiceConsentTable): Promise<void> {
  await db.insertInto('service_consent').values(row).execute();
}

/** Withdraws once; returns whether this call did it. */
export async function withdrawConsent(
  trx: Kysely<DB>,
  id: string,
  on: string,
  userId: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('service_consent')
    .set({ withdrawn_on: on, withdrawn_by_user_id: userId })
    .where('id', '=', id)
    .where('withdrawn_on', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findConsent(db: Kysely<DB>, id: string): Promise<ServiceConsentTable | undefined> {
  return db.selectFrom('service_consent').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertReading(trx: Kysely<DB>, row: ServiceReadingTable): Promise<void> {
  await trx.insertInto('service_reading').values(row).execute();
}

export async function readingsOfResident(db: Kysely<DB>, residentId: string): Promise<ServiceReadingTable[]> {
  return db
    .selectFrom('service_reading')
    .selectAll()
    .where('resident_id', '=', residentId)
    .orderBy('taken_at', 'desc')
    .execute();
}

/** The resident's care plan in force, if she has one. */
export async function openCarePlan(db: Kysely<DB>, residentId: string) {
  return db
    .selectFrom('care_plan')
    .select(['id', 'community_id', 'household_id', 'resident_id'])
    .where('resident_id', '=', residentId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}
