import type { Kysely } from 'kysely';
import type { DB, WelfareDecisionTable } from '../db/schema';

export async function insertDecision(trx: Kysely<DB>, row: WelfareDecisionTable): Promise<void> {
  await trx.insertInto('welfare_decision').values(row).execute();
}

export async function findDecision(db: Kysely<DB>, id: string): Promise<WelfareDecisionTable | undefined> {
  return db.selectFrom('welfare_decision').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function decisionsOfHousehold(
  db: Kysely<DB>,
  householdId: string,
): Promise<WelfareDecisionTable[]> {
  return db
    .selectFrom('welfare_decision')
    .selectAll()
    .where('household_id', '=', householdId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}

/** The latest decision on a household for a policy, for comparing with a neighbour's. */
export async function latestDecision(
  db: Kysely<DB>,
  householdId: string,
  policyId: string,
): Promise<WelfareDecisionTable | undefined> {
  return db
    .selectFrom('welfare_decision')
    .selectAll()
    .where('household_id', '=', householdId)
    .where('policy_id', '=', policyId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
