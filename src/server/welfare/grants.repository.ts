import type { Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import type {
  CommitteeDeskNoteTable,
  DB,
  WelfareEmergencyGrantTable,
  WelfareGrantPapersTable,
  WelfareGrantRequestTable,
} from '../db/schema';

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

export async function insertRequest(trx: Kysely<DB>, row: WelfareGrantRequestTable): Promise<void> {
  await trx.insertInto('welfare_grant_request').values(row).execute();
}

/** Requests of households in the caller's scope, with the grant that answered each, if one has. */
function requestQuery(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('welfare_grant_request')
    .innerJoin('household', 'household.id', 'welfare_grant_request.household_id')
    .leftJoin('welfare_emergency_grant', 'welfare_emergency_grant.request_id', 'welfare_grant_request.id')
    .selectAll('welfare_grant_request')
    .select('welfare_emergency_grant.id as grant_id')
    .where(householdInScope(scope));
}

export type RequestRow = WelfareGrantRequestTable & { grant_id: string | null };

export async function findRequestInScope(
  db: Kysely<DB>,
  scope: Scope,
  id: string,
): Promise<RequestRow | undefined> {
  return requestQuery(db, scope).where('welfare_grant_request.id', '=', id).executeTakeFirst();
}

export async function waitingRequestsInScope(db: Kysely<DB>, scope: Scope): Promise<RequestRow[]> {
  return requestQuery(db, scope)
    .where('welfare_emergency_grant.id', 'is', null)
    .orderBy('welfare_grant_request.requested_at')
    .limit(5000)
    .execute();
}

export async function insertDeskNote(trx: Kysely<DB>, row: CommitteeDeskNoteTable): Promise<void> {
  await trx.insertInto('committee_desk_note').values(row).execute();
}

export async function deskNotes(db: Kysely<DB>, communityIds: readonly string[]) {
  if (communityIds.length === 0) return [];
  return db
    .selectFrom('committee_desk_note')
    .innerJoin('user_account', 'user_account.id', 'committee_desk_note.by_user_id')
    .selectAll('committee_desk_note')
    .select('user_account.display_name as by_name')
    .where('committee_desk_note.community_id', 'in', [...communityIds])
    .orderBy('committee_desk_note.created_at', 'desc')
    .limit(500)
    .execute();
}
