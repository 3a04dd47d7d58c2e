import { z } from 'zod';
import { ZApplicationStatus, ZDate, ZFen, ZHouseholdRef } from './welfare';

/**
 * The welfare office's tables at a desk (issue 23): applications, decisions, emergency grants and public
 * notices, each a page of rows with filters, a sort and the total, and an .xlsx of exactly what the table
 * shows. Scope as every welfare route: the caller's communities only; a household, building or notice
 * named in a filter that is outside it is a 404, the same as one that does not exist. Each application,
 * decision and grant listed or exported is a read of welfare data and written to the audit trail; the
 * applicant's ID number is only in the applications export, only for roles that may see ID numbers, and
 * each one exported is audited as an identity read.
 *
 *   GET /api/v1/welfare/tables/applications[/export]   ZApplicationTableQuery → ZApplicationTable
 *   GET /api/v1/welfare/tables/decisions[/export]      ZDecisionTableQuery → ZDecisionTable
 *   GET /api/v1/welfare/tables/grants[/export]         ZGrantTableQuery → ZGrantTable
 *   GET /api/v1/welfare/tables/notices[/export]        ZNoticeTableQuery → ZNoticeTable
 * An export takes the list's filters and sort without limit/offset, and `columns` (comma-separated; none
 * means all the table has).
 */

/** A comma-separated list of known values in a query string; empty means any. */
function zList<T extends string>(values: readonly [T, ...T[]]) {
  return z
    .string()
    .max(200)
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const picked = [...new Set(value.split(',').filter(Boolean))];
      const unknown = picked.filter((v) => !(values as readonly string[]).includes(v));
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown value: ${unknown.join(', ')}` });
        return z.NEVER;
      }
      return picked.length > 0 ? (picked as T[]) : undefined;
    });
}

/** The columns the table shows, comma-separated; unknown names are refused, none means all. */
function zColumns<T extends string>(names: readonly [T, ...T[]]) {
  return z
    .string()
    .max(300)
    .optional()
    .transform((value, ctx) => {
      if (!value) return [...names];
      const picked = value.split(',').filter(Boolean);
      const unknown = picked.filter((c) => !(names as readonly string[]).includes(c));
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown column: ${unknown.join(', ')}` });
        return z.NEVER;
      }
      return picked as T[];
    });
}

const paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};

/** What every welfare table filters on: a policy, a building, the search box and a range of China days. */
const ZWelfareFilters = z.object({
  policyId: z.string().max(40).optional(),
  buildingId: z.uuid().optional(),
  /** The one search box, as the register's: an address (`3-2-401`), a name, pinyin initials, a phone's last four. */
  q: z.string().trim().max(100).optional(),
  /** First and last day (China time), both included. */
  from: ZDate.optional(),
  to: ZDate.optional(),
});

const ZTableHousehold = ZHouseholdRef;

// ——— Applications ———
export const APPLICATION_STATUSES = [
  'filed',
  'reviewed',
  'on_notice',
  'approved',
  'rejected',
  'withdrawn',
] as const satisfies readonly z.infer<typeof ZApplicationStatus>[];
export const APPLICATION_TABLE_SORTS = [
  'filed',
  '-filed',
  'address',
  '-address',
  'status',
  '-status',
  'amount',
  '-amount',
] as const;
export const APPLICATION_EXPORT_COLUMNS = [
  'filedAt',
  'applicant',
  'address',
  'policy',
  'status',
  'outcome',
  'amount',
  'missingDocuments',
  'filedBy',
  'idNumber',
] as const;
export type ApplicationExportColumn = (typeof APPLICATION_EXPORT_COLUMNS)[number];

export const ZApplicationTableQuery = ZWelfareFilters.extend({
  status: zList(APPLICATION_STATUSES),
  /** The applications one notice carries. */
  noticeId: z.uuid().optional(),
  /** Only those still missing a document (`yes`) or with every document in (`no`). */
  missingDocuments: z.enum(['yes', 'no']).optional(),
  /** `-filed` (the latest first, the default), `address`, `status` (the order of the flow), `amount`. */
  sort: z.enum(APPLICATION_TABLE_SORTS).default('-filed'),
  ...paging,
});
export type TApplicationTableQuery = z.output<typeof ZApplicationTableQuery>;
export const ZApplicationExportQuery = ZApplicationTableQuery.omit({ limit: true, offset: true }).extend({
  columns: zColumns(APPLICATION_EXPORT_COLUMNS),
});
export type TApplicationExportQuery = z.output<typeof ZApplicationExportQuery>;

export const ZApplicationTableRow = z.object({
  id: z.uuid(),
  household: ZTableHousehold,
  applicantName: z.string(),
  policyId: z.string(),
  policyTitle: z.string(),
  status: ZApplicationStatus,
  /** The evaluation kept when it was filed: its outcome and monthly amount. */
  outcome: z.enum(['eligible', 'not_eligible', 'needs_evidence']),
  amountFen: ZFen.nullable(),
  missingDocuments: z.array(z.string()),
  filedAt: z.string(),
  filedBy: z.string(),
  noticeId: z.uuid().nullable(),
});
export type TApplicationTableRow = z.infer<typeof ZApplicationTableRow>;
export const ZApplicationTable = z.object({ total: z.number().int(), items: z.array(ZApplicationTableRow) });

// ——— Decisions ———
export const DECISION_TABLE_SORTS = ['made', '-made', 'address', '-address', 'amount', '-amount'] as const;
export const DECISION_OUTCOMES = ['eligible', 'not_eligible', 'needs_evidence'] as const;
export const DECISION_EXPORT_COLUMNS = [
  'createdAt',
  'address',
  'name',
  'policy',
  'date',
  'outcome',
  'amount',
  'hardship',
  'createdBy',
] as const;
export type DecisionExportColumn = (typeof DECISION_EXPORT_COLUMNS)[number];

export const ZDecisionTableQuery = ZWelfareFilters.extend({
  outcome: zList(DECISION_OUTCOMES),
  /** The decisions of one household. */
  householdId: z.uuid().optional(),
  /** `-made` (the latest first, the default), `address`, `amount`. */
  sort: z.enum(DECISION_TABLE_SORTS).default('-made'),
  ...paging,
});
export type TDecisionTableQuery = z.output<typeof ZDecisionTableQuery>;
export const ZDecisionExportQuery = ZDecisionTableQuery.omit({ limit: true, offset: true }).extend({
  columns: zColumns(DECISION_EXPORT_COLUMNS),
});
export type TDecisionExportQuery = z.output<typeof ZDecisionExportQuery>;

export const ZDecisionTableRow = z.object({
  id: z.uuid(),
  household: ZTableHousehold,
  policyId: z.string(),
  policyTitle: z.string(),
  /** The day the decision is for (its parameters). */
  date: ZDate,
  outcome: z.enum(DECISION_OUTCOMES),
  amountFen: ZFen.nullable(),
  hardship: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type TDecisionTableRow = z.infer<typeof ZDecisionTableRow>;
export const ZDecisionTable = z.object({ total: z.number().int(), items: z.array(ZDecisionTableRow) });

// ——— Emergency grants ———
export const GRANT_TABLE_SORTS = ['paid', '-paid', 'amount', '-amount', 'address', '-address'] as const;
export const GRANT_HARDSHIPS = ['illness', 'accident', 'disaster'] as const;
export const GRANT_PAPERS = ['due', 'overdue', 'done', 'none'] as const;
export const GRANT_EXPORT_COLUMNS = [
  'paidOn',
  'address',
  'name',
  'hardship',
  'amount',
  'reason',
  'papers',
  'grantedBy',
] as const;
export type GrantExportColumn = (typeof GRANT_EXPORT_COLUMNS)[number];

export const ZGrantTableQuery = ZWelfareFilters.omit({ policyId: true }).extend({
  hardship: zList(GRANT_HARDSHIPS),
  /**
   * Papers of a grant paid first: `due` (still to come, not late), `overdue`, `done` (completed),
   * `none` (none were needed: paid the usual way).
   */
  papers: z.enum(GRANT_PAPERS).optional(),
  /** `-paid` (the latest first, the default), `amount`, `address`. */
  sort: z.enum(GRANT_TABLE_SORTS).default('-paid'),
  ...paging,
});
export type TGrantTableQuery = z.output<typeof ZGrantTableQuery>;
export const ZGrantExportQuery = ZGrantTableQuery.omit({ limit: true, offset: true }).extend({
  columns: zColumns(GRANT_EXPORT_COLUMNS),
});
export type TGrantExportQuery = z.output<typeof ZGrantExportQuery>;

export const ZGrantTableRow = z.object({
  id: z.uuid(),
  household: ZTableHousehold,
  hardship: z.enum(GRANT_HARDSHIPS),
  amountFen: ZFen,
  reason: z.string(),
  fastPath: z.boolean(),
  paidOn: ZDate,
  papersDueOn: ZDate.nullable(),
  papersCompletedOn: ZDate.nullable(),
  papersOverdue: z.boolean(),
  grantedBy: z.string(),
});
export type TGrantTableRow = z.infer<typeof ZGrantTableRow>;
/** `totalFen`: the sum of every grant the filters match, not only this page's. */
export const ZGrantTable = z.object({
  total: z.number().int(),
  totalFen: ZFen,
  items: z.array(ZGrantTableRow),
});

// ——— Public notices ———
export const NOTICE_TABLE_SORTS = ['starts', '-starts', 'ends', '-ends'] as const;
export const NOTICE_EXPORT_COLUMNS = [
  'title',
  'startsOn',
  'endsOn',
  'daysLeft',
  'entries',
  'objections',
  'unanswered',
  'publishedBy',
] as const;
export type NoticeExportColumn = (typeof NOTICE_EXPORT_COLUMNS)[number];

export const ZNoticeTableQuery = ZWelfareFilters.omit({ buildingId: true, q: true }).extend({
  /** `running` (still up today) or `ended`. */
  running: z.enum(['running', 'ended']).optional(),
  /** Only notices with an objection still to answer. */
  unanswered: z.enum(['yes']).optional(),
  /** `-starts` (the latest first, the default), `ends`. */
  sort: z.enum(NOTICE_TABLE_SORTS).default('-starts'),
  ...paging,
});
export type TNoticeTableQuery = z.output<typeof ZNoticeTableQuery>;
export const ZNoticeExportQuery = ZNoticeTableQuery.omit({ limit: true, offset: true }).extend({
  columns: zColumns(NOTICE_EXPORT_COLUMNS),
});
export type TNoticeExportQuery = z.output<typeof ZNoticeExportQuery>;

export const ZNoticeTableRow = z.object({
  id: z.uuid(),
  policyId: z.string(),
  policyTitle: z.string(),
  title: z.string(),
  startsOn: ZDate,
  endsOn: ZDate,
  /** Working days left, today included; 0 once it has ended. */
  workingDaysLeft: z.number().int(),
  /** How many applications it carries. */
  entries: z.number().int(),
  objections: z.number().int(),
  unanswered: z.number().int(),
  publishedBy: z.string(),
});
export type TNoticeTableRow = z.infer<typeof ZNoticeTableRow>;
export const ZNoticeTable = z.object({ total: z.number().int(), items: z.array(ZNoticeTableRow) });
