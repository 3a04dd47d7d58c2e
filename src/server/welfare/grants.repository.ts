import type { Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import type { DB, WelfareEmergencyGrantTable, WelfareGrantPapersTable } from '../db/schema';

export type GrantRow = WelfareEmergencyGrantTable & { papers_completed_on: string | null };

/** Grants of households in the caller's scope, each with the day its papers were completed, if they were. */
function grantQuery(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('welfare_emergency_grant')
    .innerJoin('household', 'household.id', 'welfare_emergency_grant.household_id')
    .leftJoin('welfare_grant_papers', 'welfare_grant_papers.grant_id', 'welfare_emergency_grant.id')
    .selectAll('welfare_emergency_grant')
    .select('welfare_grant_papers.completed_on as papers_completed_on')
    .where(householdInScope(scope));
}

export async function insertGrant(trx: Kysely<DB>, row: WelfareEmergencyGrantTable): Promise<void> {
  await trx.insertInto('welfare_emergency_grant').values(row).execute();
}

export async function findGrantInScope(
  db: Kysely<DB>,
  scope: Scope,
  id: string,
): Promise<GrantRow | undefined> {
  return grantQuery(db, scope).where('welfare_emergency_grant.id', '=', id).executeTakeFirst();
}

export async function grantsInScope(db: Kysely<DB>, scope: Scope): Promise<GrantRow[]> {
  return grantQuery(db, scope)
    .orderBy('welfare_emergency_grant.paid_on', 'desc')
    .orderBy('welfare_emergency_grant.created_at', 'desc')
    .limit(5000)
    .execute();
}

/** The papers of a grant are recorded once: false when they already were (the grant id is the key). */
export async function insertPapers(trx: Kysely<DB>, row: WelfareGrantPapersTable): Promise<boolean> {
  const result = await trx
    .insertInto('welfare_grant_papers')
    .values(row)
    .onConflict((oc) => oc.column('grant_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}
