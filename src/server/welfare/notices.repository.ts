import type { Kysely } from 'kysely';
import { maskName } from '../../domain/welfare/notice';
import type { Scope } from '../auth/scope';
import type { DB, WelfareNoticeTable, WelfareObjectionTable } from '../db/schema';

/**
 * Public notices (公示) and the objections to them. A notice belongs to a community; staff see the
 * notices of the communities in their scope, the public page any notice by its id.
 */

export async function insertNotice(trx: Kysely<DB>, row: WelfareNoticeTable): Promise<void> {
  await trx.insertInto('welfare_notice').values(row).execute();
}

export async function findNotice(db: Kysely<DB>, id: string): Promise<WelfareNoticeTable | undefined> {
  return db.selectFrom('welfare_notice').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findNoticeInScope(
  db: Kysely<DB>,
  scope: Scope,
  id: string,
): Promise<WelfareNoticeTable | undefined> {
  if (scope.communityIds.length === 0) return undefined;
  return db
    .selectFrom('welfare_notice')
    .selectAll()
    .where('id', '=', id)
    .where('community_id', 'in', scope.communityIds)
    .executeTakeFirst();
}

export async function noticesInScope(db: Kysely<DB>, scope: Scope): Promise<WelfareNoticeTable[]> {
  if (scope.communityIds.length === 0) return [];
  return db
    .selectFrom('welfare_notice')
    .selectAll()
    .where('community_id', 'in', scope.communityIds)
    .orderBy('ends_on', 'desc')
    .limit(500)
    .execute();
}

export interface NoticeEntryRow {
  noticeId: string;
  applicationId: string;
  applicantName: string;
  buildingNumber: string;
  amountFen: number | null;
}

/** What a notice lists for each application on it: the applicant, the building, the amount decided at filing. */
export async function entriesOf(db: Kysely<DB>, noticeIds: readonly string[]): Promise<NoticeEntryRow[]> {
  if (noticeIds.length === 0) return [];
  const rows = await db
    .selectFrom('welfare_application')
    .innerJoin('resident', 'resident.id', 'welfare_application.applicant_resident_id')
    .innerJoin('household', 'household.id', 'welfare_application.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('welfare_decision', 'welfare_decision.id', 'welfare_application.decision_id')
    .select([
      'welfare_application.notice_id as noticeId',
      'welfare_application.id as applicationId',
      'resident.name as applicantName',
      'building.number as buildingNumber',
      'welfare_decision.amount_fen as amountFen',
    ])
    .where('welfare_application.notice_id', 'in', [...noticeIds])
    .orderBy('building.number')
    .orderBy('welfare_application.filed_at')
    .execute();
  return rows.map((r) => ({ ...r, noticeId: r.noticeId ?? '' }));
}

/** What the latest notice made public about a household for a policy, if it was ever on one. */
export async function publicEntryOf(
  db: Kysely<DB>,
  householdId: string,
  policyId: string,
): Promise<{ maskedName: string; building: string; amountFen: number | null } | null> {
  const row = await db
    .selectFrom('welfare_application')
    .innerJoin('welfare_notice', 'welfare_notice.id', 'welfare_application.notice_id')
    .innerJoin('resident', 'resident.id', 'welfare_application.applicant_resident_id')
    .innerJoin('household', 'household.id', 'welfare_application.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('welfare_decision', 'welfare_decision.id', 'welfare_application.decision_id')
    .select([
      'resident.name as name',
      'building.number as building',
      'welfare_decision.amount_fen as amountFen',
    ])
    .where('welfare_application.household_id', '=', householdId)
    .where('welfare_application.policy_id', '=', policyId)
    .orderBy('welfare_notice.starts_on', 'desc')
    .orderBy('welfare_notice.published_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return { maskedName: maskName(row.name), building: row.building, amountFen: row.amountFen };
}

export async function insertObjection(trx: Kysely<DB>, row: WelfareObjectionTable): Promise<void> {
  await trx.insertInto('welfare_objection').values(row).execute();
}

export async function objectionsOf(
  db: Kysely<DB>,
  noticeIds: readonly string[],
): Promise<WelfareObjectionTable[]> {
  if (noticeIds.length === 0) return [];
  return db
    .selectFrom('welfare_objection')
    .selectAll()
    .where('notice_id', 'in', [...noticeIds])
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

export async function findObjectionInScope(
  db: Kysely<DB>,
  scope: Scope,
  id: string,
): Promise<WelfareObjectionTable | undefined> {
  if (scope.communityIds.length === 0) return undefined;
  return db
    .selectFrom('welfare_objection')
    .selectAll()
    .where('id', '=', id)
    .where('community_id', 'in', scope.communityIds)
    .executeTakeFirst();
}

/** Records the answer once: false when the objection was already answered. */
export async function markAnswered(
  trx: Kysely<DB>,
  id: string,
  set: Pick<WelfareObjectionTable, 'answer' | 'upheld' | 'answered_by_user_id' | 'answered_at'>,
): Promise<boolean> {
  const result = await trx
    .updateTable('welfare_objection')
    .set(set)
    .where('id', '=', id)
    .where('answered_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Objections about an application, or about its whole notice, still waiting for an answer. */
export async function unansweredObjections(
  db: Kysely<DB>,
  noticeId: string,
  applicationId: string,
): Promise<number> {
  const row = await db
    .selectFrom('welfare_objection')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('notice_id', '=', noticeId)
    .where('answered_at', 'is', null)
    .where((eb) => eb.or([eb('application_id', 'is', null), eb('application_id', '=', applicationId)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
