import type { Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import type { DB, WelfareApplicationTable } from '../db/schema';

type Status = WelfareApplicationTable['status'];

/** Applications whose household is in the caller's scope. */
function applicationQuery(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('welfare_application')
    .innerJoin('household', 'household.id', 'welfare_application.household_id')
    .selectAll('welfare_application')
    .where(householdInScope(scope));
}

export async function findApplicationInScope(
  db: Kysely<DB>,
  scope: Scope,
  id: string,
): Promise<WelfareApplicationTable | undefined> {
  return applicationQuery(db, scope).where('welfare_application.id', '=', id).executeTakeFirst();
}

export async function applicationsInScope(
  db: Kysely<DB>,
  scope: Scope,
  filter: {
    ids?: readonly string[];
    status?: Status | undefined;
    policyId?: string | undefined;
    noticeId?: string | undefined;
  },
): Promise<WelfareApplicationTable[]> {
  if (filter.ids?.length === 0) return [];
  let query = applicationQuery(db, scope);
  if (filter.ids) query = query.where('welfare_application.id', 'in', [...filter.ids]);
  if (filter.status) query = query.where('welfare_application.status', '=', filter.status);
  if (filter.policyId) query = query.where('welfare_application.policy_id', '=', filter.policyId);
  if (filter.noticeId) query = query.where('welfare_application.notice_id', '=', filter.noticeId);
  return query.orderBy('welfare_application.filed_at', 'desc').limit(500).execute();
}

export async function applicationsOnNotice(
  db: Kysely<DB>,
  noticeId: string,
): Promise<WelfareApplicationTable[]> {
  return db.selectFrom('welfare_application').selectAll().where('notice_id', '=', noticeId).execute();
}

export async function insertApplication(trx: Kysely<DB>, row: WelfareApplicationTable): Promise<void> {
  await trx.insertInto('welfare_application').values(row).execute();
}

/**
 * Moves an application on only from the status it is expected in, so two people acting at once cannot
 * both win: false when it was no longer in `from`.
 */
export async function moveApplication(
  trx: Kysely<DB>,
  id: string,
  from: readonly Status[],
  set: Partial<Omit<WelfareApplicationTable, 'id' | 'community_id' | 'household_id'>> & {
    status: Status;
    updated_at: string;
  },
): Promise<boolean> {
  const result = await trx
    .updateTable('welfare_application')
    .set(set)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The applicant must be living in the household today. */
export async function presentMember(
  db: Kysely<DB>,
  householdId: string,
  residentId: string,
): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('resident')
    .select(['id', 'name'])
    .where('id', '=', residentId)
    .where('household_id', '=', householdId)
    .where('moved_out_at', 'is', null)
    .executeTakeFirst();
}

export async function residentNames(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('resident')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function userNames(
  db: Kysely<DB>,
  ids: readonly (string | null)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('user_account')
    .select(['id', 'display_name'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
