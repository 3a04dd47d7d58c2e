import type { Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import type { CareKeyTable, CareKeyUseTable, DB } from '../db/schema';
import { carerVisible } from './keysMoney.common';

/** Keys the caller may see: their community's for workers and the committee, otherwise only those they hold. */
function keyQuery(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('care_key')
    .selectAll()
    .where(carerVisible('care_key', 'holder_position_id', scope));
}

export async function findKeyVisible(
  db: Kysely<DB>,
  scope: Scope,
  id: string,
): Promise<CareKeyTable | undefined> {
  return keyQuery(db, scope).where('id', '=', id).executeTakeFirst();
}

export async function listKeysVisible(
  db: Kysely<DB>,
  scope: Scope,
  filter: {
    residentId?: string | undefined;
    householdId?: string | undefined;
    holderPositionId?: string | undefined;
    includeReturned: boolean;
  },
  limit = 500,
): Promise<CareKeyTable[]> {
  let query = keyQuery(db, scope);
  if (filter.residentId) query = query.where('resident_id', '=', filter.residentId);
  if (filter.householdId) query = query.where('household_id', '=', filter.householdId);
  if (filter.holderPositionId) query = query.where('holder_position_id', '=', filter.holderPositionId);
  if (!filter.includeReturned) query = query.where('returned_on', 'is', null);
  return query.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

export async function insertKey(trx: Kysely<DB>, row: CareKeyTable): Promise<void> {
  await trx.insertInto('care_key').values(row).execute();
}

export async function insertKeyUse(trx: Kysely<DB>, row: CareKeyUseTable): Promise<void> {
  await trx.insertInto('care_key_use').values(row).execute();
}

/** Marks the key returned, once: false when it already was. */
export async function markReturned(
  trx: Kysely<DB>,
  id: string,
  set: Pick<CareKeyTable, 'returned_on' | 'returned_to' | 'return_note' | 'returned_by_user_id'>,
): Promise<boolean> {
  const result = await trx
    .updateTable('care_key')
    .set(set)
    .where('id', '=', id)
    .where('returned_on', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function usesOf(db: Kysely<DB>, keyIds: readonly string[]): Promise<CareKeyUseTable[]> {
  if (keyIds.length === 0) return [];
  return db
    .selectFrom('care_key_use')
    .selectAll()
    .where('key_id', 'in', [...keyIds])
    .orderBy('used_at', 'desc')
    .execute();
}
