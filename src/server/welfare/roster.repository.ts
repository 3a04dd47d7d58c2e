import type { Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import type { DB, WelfareRosterTable } from '../db/schema';

/** Roster rows of households in the caller's scope. */
function rosterQuery(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('welfare_roster')
    .innerJoin('household', 'household.id', 'welfare_roster.household_id')
    .selectAll('welfare_roster')
    .where(householdInScope(scope));
}

export async function insertRosterEntry(trx: Kysely<DB>, row: WelfareRosterTable): Promise<void> {
  await trx.insertInto('welfare_roster').values(row).execute();
}

export async function findRosterEntryInScope(
  db: Kysely<DB>,
  scope: Scope,
  id: string,
): Promise<WelfareRosterTable | undefined> {
  return rosterQuery(db, scope).where('welfare_roster.id', '=', id).executeTakeFirst();
}

/** Who receives what today: rows not yet ended, the yearly review due soonest first. */
export async function currentRoster(
  db: Kysely<DB>,
  scope: Scope,
  filter: { policyId?: string | undefined },
): Promise<WelfareRosterTable[]> {
  let query = rosterQuery(db, scope).where('welfare_roster.ended_on', 'is', null);
  if (filter.policyId) query = query.where('welfare_roster.policy_id', '=', filter.policyId);
  return query.orderBy('welfare_roster.review_due_on').orderBy('welfare_roster.id').limit(5000).execute();
}

/** Changes a row still in force; false when it had already ended. */
export async function updateOpenRosterEntry(
  trx: Kysely<DB>,
  id: string,
  set: Partial<Pick<WelfareRosterTable, 'amount_fen' | 'review_due_on' | 'ended_on' | 'end_reason'>>,
): Promise<boolean> {
  const result = await trx
    .updateTable('welfare_roster')
    .set(set)
    .where('id', '=', id)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
