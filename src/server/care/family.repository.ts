import type { Kysely } from 'kysely';
import type { CareFamilyContactTable, DB } from '../db/schema';

/** Present contacts of a resident whose household the caller's scope was already checked for. */
export async function listContacts(db: Kysely<DB>, residentId: string): Promise<CareFamilyContactTable[]> {
  return db
    .selectFrom('care_family_contact')
    .selectAll()
    .where('resident_id', '=', residentId)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export async function findContact(db: Kysely<DB>, id: string): Promise<CareFamilyContactTable | undefined> {
  return db
    .selectFrom('care_family_contact')
    .selectAll()
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function insertContact(trx: Kysely<DB>, row: CareFamilyContactTable): Promise<void> {
  await trx.insertInto('care_family_contact').values(row).execute();
}

export async function updateContact(
  trx: Kysely<DB>,
  id: string,
  set: Partial<CareFamilyContactTable>,
): Promise<void> {
  await trx.updateTable('care_family_contact').set(set).where('id', '=', id).execute();
}
