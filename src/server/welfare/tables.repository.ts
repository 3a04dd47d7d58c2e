import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type {
  TApplicationTableQuery,
  TDecisionTableQuery,
  TGrantTableQuery,
  TNoticeTableQuery,
} from '../../shared/contracts/welfareTables';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import { pageWithTotal } from '../db/page';
import type { DB } from '../db/schema';
import { applyHouseholdFilters, type HouseholdTables } from '../registry/lists.repository';

/**
 * The welfare office's four tables (issue 23): every query filters by the caller's scope first (households
 * of its communities; notices of its communities), then by the table's filters, sorts with a unique last
 * key so pages never overlap, and counts the same filtered rows for the total. The exports read the same
 * queries without the page. Dates: `from`/`to` are China days; instants are compared from China midnight.
 */

/** Midnight of a China calendar day, as the instant stored timestamps are compared with. */
const chinaMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();
const dayAfter = (day: string) =>
  new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);

/** The register's building and search-box filters on a query that joins household, building and entrance. */
function householdFilters<Q>(
  query: Q,
  filters: { buildingId?: string | undefined; q?: string | undefined },
): Q {
  if (!filters.buildingId && !filters.q) return query;
  return applyHouseholdFilters(
    query as unknown as SelectQueryBuilder<DB, HouseholdTables, object>,
    { buildingId: filters.buildingId, q: filters.q },
    // The day only matters to the building-leader filter, which no welfare table offers.
    '1970-01-01',
    false,
  ) as unknown as Q;
}

const ADDRESS = ['building.number', 'entrance.number', 'household.floor', 'household.room'] as const;

/** Rows whose amount is unknown go last in either direction, the same on SQLite and PostgreSQL. */
const nullsLast = (column: string) => sql`case when ${sql.ref(column)} is null then 1 else 0 end`;

// ——— Applications ———

export interface ApplicationTableRecord {
  id: string;
  communityId: string;
  householdId: string;
  buildingNumber: string;
  entranceNumber: string;
  floor: number;
  room: string;
  applicantResidentId: string;
  applicantName: string;
  applicantIdNumber: string | null;
  policyId: string;
  status: 'filed' | 'reviewed' | 'on_notice' | 'approved' | 'rejected' | 'withdrawn';
  documents: string;
  outcome: 'eligible' | 'not_eligible' | 'needs_evidence';
  amountFen: number | null;
  filedAt: string;
  filedBy: string;
  noticeId: string | null;
}

/** The flow's order: what waits first, what is closed last. */
const STATUS_ORDER = sql`case welfare_application.status when 'filed' then 0 when 'reviewed' then 1 when 'on_notice' then 2 when 'approved' then 3 when 'rejected' then 4 else 5 end`;

/** Documents still missing: any item of the JSON checklist with `"received":false`. */
const MISSING = '%"received":false%';

function applicationQuery(
  db: Kysely<DB>,
  scope: Scope,
  query: Omit<TApplicationTableQuery, 'limit' | 'offset'>,
) {
  let q = db
    .selectFrom('welfare_application')
    .innerJoin('household', 'household.id', 'welfare_application.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .innerJoin('resident', 'resident.id', 'welfare_application.applicant_resident_id')
    .innerJoin('welfare_decision', 'welfare_decision.id', 'welfare_application.decision_id')
    .innerJoin('user_account', 'user_account.id', 'welfare_application.filed_by_user_id')
    .where(householdInScope(scope));
  if (query.policyId) q = q.where('welfare_application.policy_id', '=', query.policyId);
  if (query.status) q = q.where('welfare_application.status', 'in', query.status);
  if (query.noticeId) q = q.where('welfare_application.notice_id', '=', query.noticeId);
  if (query.missingDocuments === 'yes') q = q.where('welfare_application.documents', 'like', MISSING);
  if (query.missingDocuments === 'no') q = q.where('welfare_application.documents', 'not like', MISSING);
  if (query.from) q = q.where('welfare_application.filed_at', '>=', chinaMidnight(query.from));
  if (query.to) q = q.where('welfare_application.filed_at', '<', chinaMidnight(dayAfter(query.to)));
  return householdFilters(q, query);
}

export function applicationRows(
  db: Kysely<DB>,
  scope: Scope,
  query: Omit<TApplicationTableQuery, 'limit' | 'offset'>,
) {
  let q = applicationQuery(db, scope, query).select([
    'welfare_application.id as id',
    'welfare_application.community_id as communityId',
    'welfare_application.household_id as householdId',
    'building.number as buildingNumber',
    'entrance.number as entranceNumber',
    'household.floor as floor',
    'household.room as room',
    'welfare_application.applicant_resident_id as applicantResidentId',
    'resident.name as applicantName',
    'resident.id_number as applicantIdNumber',
    'welfare_application.policy_id as policyId',
    'welfare_application.status as status',
    'welfare_application.documents as documents',
    'welfare_decision.outcome as outcome',
    'welfare_decision.amount_fen as amountFen',
    'welfare_application.filed_at as filedAt',
    'user_account.display_name as filedBy',
    'welfare_application.notice_id as noticeId',
  ]);
  const direction = query.sort.startsWith('-') ? 'desc' : 'asc';
  switch (query.sort) {
    case 'address':
    case '-address':
      for (const column of ADDRESS) q = q.orderBy(column, direction);
      break;
    case 'status':
    case '-status':
      q = q.orderBy(STATUS_ORDER, direction);
      break;
    case 'amount':
    case '-amount':
      q = q
        .orderBy(nullsLast('welfare_decision.amount_fen'))
        .orderBy('welfare_decision.amount_fen', direction);
      break;
    default:
      q = q.orderBy('welfare_application.filed_at', direction);
  }
  return q.orderBy('welfare_application.filed_at', 'desc').orderBy('welfare_application.id');
}

export async function applicationPage(
  db: Kysely<DB>,
  scope: Scope,
  query: TApplicationTableQuery,
): Promise<{ total: number; items: ApplicationTableRecord[] }> {
  const { total, items } = await pageWithTotal(
    applicationQuery(db, scope, query),
    applicationRows(db, scope, query),
    query,
  );
  return { total, items: items.map((r) => ({ ...r, floor: Number(r.floor) })) };
}

// ——— Decisions ———

export interface DecisionTableRecord {
  id: string;
  communityId: string;
  householdId: string;
  buildingNumber: string;
  entranceNumber: string;
  floor: number;
  room: string;
  policyId: string;
  date: string;
  outcome: 'eligible' | 'not_eligible' | 'needs_evidence';
  amountFen: number | null;
  hardship: string | null;
  createdAt: string;
  createdBy: string;
}

function decisionQuery(db: Kysely<DB>, scope: Scope, query: Omit<TDecisionTableQuery, 'limit' | 'offset'>) {
  let q = db
    .selectFrom('welfare_decision')
    .innerJoin('household', 'household.id', 'welfare_decision.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .innerJoin('user_account', 'user_account.id', 'welfare_decision.created_by_user_id')
    .where(householdInScope(scope));
  if (query.policyId) q = q.where('welfare_decision.policy_id', '=', query.policyId);
  if (query.outcome) q = q.where('welfare_decision.outcome', 'in', query.outcome);
  if (query.householdId) q = q.where('welfare_decision.household_id', '=', query.householdId);
  if (query.from) q = q.where('welfare_decision.created_at', '>=', chinaMidnight(query.from));
  if (query.to) q = q.where('welfare_decision.created_at', '<', chinaMidnight(dayAfter(query.to)));
  return householdFilters(q, query);
}

export function decisionRows(
  db: Kysely<DB>,
  scope: Scope,
  query: Omit<TDecisionTableQuery, 'limit' | 'offset'>,
) {
  let q = decisionQuery(db, scope, query).select([
    'welfare_decision.id as id',
    'welfare_decision.community_id as communityId',
    'welfare_decision.household_id as householdId',
    'building.number as buildingNumber',
    'entrance.number as entranceNumber',
    'household.floor as floor',
    'household.room as room',
    'welfare_decision.policy_id as policyId',
    'welfare_decision.decided_for as date',
    'welfare_decision.outcome as outcome',
    'welfare_decision.amount_fen as amountFen',
    'welfare_decision.hardship as hardship',
    'welfare_decision.created_at as createdAt',
    'user_account.display_name as createdBy',
  ]);
  const direction = query.sort.startsWith('-') ? 'desc' : 'asc';
  switch (query.sort) {
    case 'address':
    case '-address':
      for (const column of ADDRESS) q = q.orderBy(column, direction);
      break;
    case 'amount':
    case '-amount':
      q = q
        .orderBy(nullsLast('welfare_decision.amount_fen'))
        .orderBy('welfare_decision.amount_fen', direction);
      break;
    default:
      q = q.orderBy('welfare_decision.created_at', direction);
  }
  return q.orderBy('welfare_decision.created_at', 'desc').orderBy('welfare_decision.id');
}

export async function decisionPage(
  db: Kysely<DB>,
  scope: Scope,
  query: TDecisionTableQuery,
): Promise<{ total: number; items: DecisionTableRecord[] }> {
  const { total, items } = await pageWithTotal(
    decisionQuery(db, scope, query),
    decisionRows(db, scope, query),
    query,
  );
  return { total, items: items.map((r) => ({ ...r, floor: Number(r.floor) })) };
}

// ——— Emergency grants ———

export interface GrantTableRecord {
  id: string;
  communityId: string;
  householdId: string;
  buildingNumber: string;
  entranceNumber: string;
  floor: number;
  room: string;
  hardship: 'illness' | 'accident' | 'disaster';
  amountFen: number;
  reason: string;
  fastPath: number;
  paidOn: string;
  papersDueOn: string | null;
  papersCompletedOn: string | null;
  grantedBy: string;
}

function grantQuery(
  db: Kysely<DB>,
  scope: Scope,
  query: Omit<TGrantTableQuery, 'limit' | 'offset'>,
  today: string,
) {
  let q = db
    .selectFrom('welfare_emergency_grant')
    .innerJoin('household', 'household.id', 'welfare_emergency_grant.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .innerJoin('user_account', 'user_account.id', 'welfare_emergency_grant.granted_by_user_id')
    .leftJoin('welfare_grant_papers', 'welfare_grant_papers.grant_id', 'welfare_emergency_grant.id')
    .where(householdInScope(scope));
  if (query.hardship) q = q.where('welfare_emergency_grant.hardship', 'in', query.hardship);
  if (query.from) q = q.where('welfare_emergency_grant.paid_on', '>=', query.from);
  if (query.to) q = q.where('welfare_emergency_grant.paid_on', '<=', query.to);
  switch (query.papers) {
    case 'none':
      q = q.where('welfare_emergency_grant.papers_due_on', 'is', null);
      break;
    case 'done':
      q = q.where('welfare_grant_papers.completed_on', 'is not', null);
      break;
    case 'due':
      q = q
        .where('welfare_grant_papers.completed_on', 'is', null)
        .where('welfare_emergency_grant.papers_due_on', '>=', today);
      break;
    case 'overdue':
      q = q
        .where('welfare_grant_papers.completed_on', 'is', null)
        .where('welfare_emergency_grant.papers_due_on', '<', today);
      break;
    default:
  }
  return householdFilters(q, query);
}

export function grantRows(
  db: Kysely<DB>,
  scope: Scope,
  query: Omit<TGrantTableQuery, 'limit' | 'offset'>,
  today: string,
) {
  let q = grantQuery(db, scope, query, today).select([
    'welfare_emergency_grant.id as id',
    'welfare_emergency_grant.community_id as communityId',
    'welfare_emergency_grant.household_id as householdId',
    'building.number as buildingNumber',
    'entrance.number as entranceNumber',
    'household.floor as floor',
    'household.room as room',
    'welfare_emergency_grant.hardship as hardship',
    'welfare_emergency_grant.amount_fen as amountFen',
    'welfare_emergency_grant.reason as reason',
    'welfare_emergency_grant.fast_path as fastPath',
    'welfare_emergency_grant.paid_on as paidOn',
    'welfare_emergency_grant.papers_due_on as papersDueOn',
    'welfare_grant_papers.completed_on as papersCompletedOn',
    'user_account.display_name as grantedBy',
  ]);
  const direction = query.sort.startsWith('-') ? 'desc' : 'asc';
  switch (query.sort) {
    case 'address':
    case '-address':
      for (const column of ADDRESS) q = q.orderBy(column, direction);
      break;
    case 'amount':
    case '-amount':
      q = q.orderBy('welfare_emergency_grant.amount_fen', direction);
      break;
    default:
      q = q.orderBy('welfare_emergency_grant.paid_on', direction);
  }
  return q.orderBy('welfare_emergency_grant.created_at', 'desc').orderBy('welfare_emergency_grant.id');
}

export async function grantPage(
  db: Kysely<DB>,
  scope: Scope,
  query: TGrantTableQuery,
  today: string,
): Promise<{ total: number; totalFen: number; items: GrantTableRecord[] }> {
  const [count, items] = await Promise.all([
    grantQuery(db, scope, query, today)
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('welfare_emergency_grant.amount_fen').as('fen'),
      ])
      .executeTakeFirstOrThrow(),
    grantRows(db, scope, query, today).limit(query.limit).offset(query.offset).execute(),
  ]);
  return {
    total: Number(count.n),
    totalFen: Number(count.fen ?? 0),
    items: items.map((r) => ({ ...r, floor: Number(r.floor), fastPath: Number(r.fastPath) })),
  };
}

// ——— Public notices ———

export interface NoticeTableRecord {
  id: string;
  communityId: string;
  policyId: string;
  startsOn: string;
  endsOn: string;
  publishedBy: string;
  entries: number;
  objections: number;
  unanswered: number;
}

function noticeQuery(
  db: Kysely<DB>,
  scope: Scope,
  query: Omit<TNoticeTableQuery, 'limit' | 'offset'>,
  today: string,
) {
  let q = db
    .selectFrom('welfare_notice')
    .innerJoin('user_account', 'user_account.id', 'welfare_notice.published_by_user_id')
    .where((eb) =>
      scope.communityIds.length > 0
        ? eb('welfare_notice.community_id', 'in', scope.communityIds)
        : sql<boolean>`1 = 0`,
    );
  if (query.policyId) q = q.where('welfare_notice.policy_id', '=', query.policyId);
  if (query.running === 'running') q = q.where('welfare_notice.ends_on', '>=', today);
  if (query.running === 'ended') q = q.where('welfare_notice.ends_on', '<', today);
  if (query.from) q = q.where('welfare_notice.starts_on', '>=', query.from);
  if (query.to) q = q.where('welfare_notice.starts_on', '<=', query.to);
  if (query.unanswered === 'yes')
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('welfare_objection')
          .select(sql<number>`1`.as('one'))
          .whereRef('welfare_objection.notice_id', '=', 'welfare_notice.id')
          .where('welfare_objection.answered_at', 'is', null),
      ),
    );
  return q;
}

export function noticeRows(
  db: Kysely<DB>,
  scope: Scope,
  query: Omit<TNoticeTableQuery, 'limit' | 'offset'>,
  today: string,
) {
  let q = noticeQuery(db, scope, query, today).select((eb) => [
    'welfare_notice.id as id',
    'welfare_notice.community_id as communityId',
    'welfare_notice.policy_id as policyId',
    'welfare_notice.starts_on as startsOn',
    'welfare_notice.ends_on as endsOn',
    'user_account.display_name as publishedBy',
    eb
      .selectFrom('welfare_application')
      .select((a) => a.fn.countAll<number>().as('n'))
      .whereRef('welfare_application.notice_id', '=', 'welfare_notice.id')
      .as('entries'),
    eb
      .selectFrom('welfare_objection')
      .select((o) => o.fn.countAll<number>().as('n'))
      .whereRef('welfare_objection.notice_id', '=', 'welfare_notice.id')
      .as('objections'),
    eb
      .selectFrom('welfare_objection')
      .select((o) => o.fn.countAll<number>().as('n'))
      .whereRef('welfare_objection.notice_id', '=', 'welfare_notice.id')
      .where('welfare_objection.answered_at', 'is', null)
      .as('unanswered'),
  ]);
  const direction = query.sort.startsWith('-') ? 'desc' : 'asc';
  q =
    query.sort === 'ends' || query.sort === '-ends'
      ? q.orderBy('welfare_notice.ends_on', direction)
      : q.orderBy('welfare_notice.starts_on', direction);
  return q.orderBy('welfare_notice.published_at', 'desc').orderBy('welfare_notice.id');
}

export async function noticePage(
  db: Kysely<DB>,
  scope: Scope,
  query: TNoticeTableQuery,
  today: string,
): Promise<{ total: number; items: NoticeTableRecord[] }> {
  const { total, items } = await pageWithTotal(
    noticeQuery(db, scope, query, today),
    noticeRows(db, scope, query, today),
    query,
  );
  return { total, items: items.map(numbers) };
}

export function numbers<T extends { entries: unknown; objections: unknown; unanswered: unknown }>(r: T) {
  return {
    ...r,
    entries: Number(r.entries ?? 0),
    objections: Number(r.objections ?? 0),
    unanswered: Number(r.unanswered ?? 0),
  };
}

/** Whether a building belongs to one of the caller's communities. */
export async function buildingInScope(db: Kysely<DB>, scope: Scope, buildingId: string): Promise<boolean> {
  if (scope.communityIds.length === 0) return false;
  const row = await db
    .selectFrom('building')
    .select('id')
    .where('id', '=', buildingId)
    .where('community_id', 'in', scope.communityIds)
    .executeTakeFirst();
  return row !== undefined;
}
