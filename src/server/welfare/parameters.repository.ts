import type { Kysely } from 'kysely';
import type { DB, WelfareParameterChangeTable } from '../db/schema';

export async function insertChange(trx: Kysely<DB>, row: WelfareParameterChangeTable): Promise<void> {
  await trx.insertInto('welfare_parameter_change').values(row).execute();
}

export async function findChange(
  db: Kysely<DB>,
  id: string,
): Promise<WelfareParameterChangeTable | undefined> {
  return db.selectFrom('welfare_parameter_change').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function changesOfPolicy(
  db: Kysely<DB>,
  communityId: string,
  policyId: string,
): Promise<WelfareParameterChangeTable[]> {
  return db
    .selectFrom('welfare_parameter_change')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('policy_id', '=', policyId)
    .orderBy('proposed_at')
    .execute();
}

/** Decides a proposed change, once: false when it was already decided. */
export async function decideChange(
  trx: Kysely<DB>,
  id: string,
  set: Pick<WelfareParameterChangeTable, 'status' | 'decided_by_user_id' | 'decided_at' | 'decision_note'>,
): Promise<boolean> {
  const result = await trx
    .updateTable('welfare_parameter_change')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'proposed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
