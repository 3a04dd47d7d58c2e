import type { Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import type { CareErrandDoneTable, CareErrandTable, DB } from '../db/schema';
import { carerVisible } from './keysMoney.common';

/** Errands the caller may see: their community's for workers and the committee, otherwise only those they do. */
function errandQuery(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('care_errand')
    .selectAll()
    .where(carerVisible('care_errand', 'doer_position_id', scope));
}

export async function findErrandVisible(db: Kysely<DB>, scope: Scope, id: string) {
  return errandQuery(db, scope).where('id', '=', id).executeTakeFirst();
}

export async function listErrandsVisible(
  db: Kysely<DB>,
  scope: Scope,
  filter: {
    residentId?: string | undefined;
    positionId?: string | undefined;
    kind?: string | undefined;
    includeEnded: boolean;
  },
  limit = 1000,
): Promise<CareErrandTable[]> {
  let query = errandQuery(db, scope);
  if (filter.residentId) query = query.where('resident_id', '=', filter.residentId);
  if (filter.positionId) query = query.where('doer_position_id', '=', filter.positionId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (!filter.includeEnded) query = query.where('ended_at', 'is', null);
  return query.orderBy('created_at').orderBy('id').limit(limit).execute();
}

export async function insertErrand(trx: Kysely<DB>, row: CareErrandTable): Promise<void> {
  await trx.insertInto('care_errand').values(row).execute();
}

export async function updateErrand(
  trx: Kysely<DB>,
  id: string,
  set: Partial<CareErrandTable>,
): Promise<void> {
  await trx.updateTable('care_errand').set(set).where('id', '=', id).execute();
}

export async function doneOf(db: Kysely<DB>, errandIds: readonly string[]): Promise<CareErrandDoneTable[]> {
  if (errandIds.length === 0) return [];
  return db
    .selectFrom('care_errand_done')
    .selectAll()
    .where('errand_id', 'in', [...errandIds])
    .orderBy('due_on', 'desc')
    .execute();
}

export async function insertDone(trx: Kysely<DB>, row: CareErrandDoneTable): Promise<void> {
  await trx.insertInto('care_errand_done').values(row).execute();
}
