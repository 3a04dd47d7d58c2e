import { z } from 'zod';
import { TIERS } from '../roles';

export const REPORT_STATES = [
  'new',
  'acknowledged',
  'in_progress',
  'resolved',
  'referred',
  'outside_remit',
  'merged',
] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/** What the handler does next; each allowed only from some states (domain/reports/states.ts). */
export const REPORT_ACTIONS = [
  'acknowledge',
  'start',
  'resolve',
  'refer',
  'outside_remit',
  'reopen',
  'note',
] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

const ZCode = z.string().regex(/^[a-z_]{2,40}$/);

export const ZReportInput = z
  .object({
    category: ZCode,
    /** Defaults to the category's urgency. */
    urgency: ZCode.optional(),
    householdId: z.uuid().optional(),
    buildingId: z.uuid().optional(),
    entranceId: z.uuid().optional(),
    description: z.string().trim().min(1).max(4000),
    onBehalfOfResidentId: z.uuid().optional(),
    onBehalfOfName: z.string().trim().min(1).max(40).optional(),
  })
  .refine((r) => r.householdId !== undefined || r.buildingId !== undefined, {
    message: 'household_or_building',
    path: ['householdId'],
  });
export type TReportInput = z.input<typeof ZReportInput>;

/** A resident reporting through their building's public page: no account, a phone number. */
export const ZPublicReportInput = z.object({
  category: ZCode,
  entranceNumber: z.string().trim().max(10).optional(),
  room: z.string().trim().max(10).optional(),
  description: z.string().trim().min(1).max(4000),
  phone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/),
  name: z.string().trim().max(40).optional(),
});
export type TPublicReportInput = z.infer<typeof ZPublicReportInput>;

export const ZPerson = z.object({
  name: z.string(),
  tier: z.enum(TIERS).nullable(),
  phone: z.string().nullable(),
});

export const ZReportSummary = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  category: z.string(),
  categoryName: z.string(),
  urgency: z.string(),
  urgencyName: z.string(),
  emergency: z.boolean(),
  state: z.enum(REPORT_STATES),
  /** `3-2-401`, or `3号楼 2单元` for a place. */
  place: z.string(),
  householdId: z.uuid().nullable(),
  buildingId: z.uuid().nullable(),
  description: z.string(),
  recordedBy: z.string().nullable(),
  onBehalfOf: z.string().nullable(),
  responsibleTier: z.enum(TIERS),
  responsible: ZPerson.nullable(),
  createdAt: z.string(),
  feedbackDueAt: z.string(),
  ackDueAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type TReportSummary = z.infer<typeof ZReportSummary>;

export const ZReportEvent = z.object({
  id: z.uuid(),
  at: z.string(),
  actor: z.string().nullable(),
  kind: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

export const ZReport = ZReportSummary.extend({
  referredTo: z.string().nullable(),
  residentGuidance: z.string().nullable(),
  mergedInto: z.uuid().nullable(),
  committeeLatencyMs: z.number().int().nullable(),
  photos: z.array(z.object({ id: z.uuid(), mime: z.string(), bytes: z.number().int() })),
  timeline: z.array(ZReportEvent),
  feedback: z.array(
    z.object({ solved: z.boolean(), satisfied: z.boolean(), at: z.string(), byResident: z.boolean() }),
  ),
  /** Present for roles who hand the resident the link to answer the two closing questions. */
  feedbackLink: z.string().nullable(),
});
export type TReport = z.infer<typeof ZReport>;

/** How the reports table sorts: by when recorded, the feedback deadline, urgency, state or category. */
export const REPORT_SORTS = ['created', 'deadline', 'urgency', 'state', 'category'] as const;
export type ReportSort = (typeof REPORT_SORTS)[number];

/** `a,b,c`: a list of values, each checked by `item`. */
const listOf = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .max(400)
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== ''),
    )
    .pipe(z.array(item).max(20))
    .optional();
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ZFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * The filters of the reports table (and of its Excel export). `state` is the phone's tab (open, closed,
 * all); `states` picks exact states and wins over it. Dates are the community's calendar days (China time),
 * `to` included.
 */
export const ZReportFilters = z.object({
  state: z.enum(['open', 'closed', 'all']).default('open'),
  states: listOf(z.enum(REPORT_STATES)),
  category: listOf(ZCode),
  urgency: listOf(ZCode),
  responsibleTier: listOf(z.enum(TIERS)),
  responsiblePositionId: z.uuid().optional(),
  householdId: z.uuid().optional(),
  buildingId: z.uuid().optional(),
  /** Open and past its feedback deadline, or not acknowledged and past a step of the ladder (even if escalated since). */
  overdue: ZFlag.optional(),
  recordedByUserId: z.uuid().optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
  /** Words in the description, the place or the person it was recorded for. */
  q: z.string().trim().max(100).optional(),
  /** `created` ascending, `-created` descending (as the desk tables send it); `order` may say it instead. */
  sort: z
    .enum([...REPORT_SORTS, ...REPORT_SORTS.map((s) => `-${s}` as `-${ReportSort}`)])
    .default('-created'),
  order: z.enum(['asc', 'desc']).optional(),
});
export type TReportFilters = z.input<typeof ZReportFilters>;

export const ZReportListQuery = ZReportFilters.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const ZReportList = z.object({ items: z.array(ZReportSummary) });
export type TReportList = z.infer<typeof ZReportList>;
/** A page of the table: its reports and how many match in all. */
export const ZReportPage = ZReportList.extend({ total: z.number().int() });
export type TReportPage = z.infer<typeof ZReportPage>;

/** The columns of the reports table, in its order; the export takes those the table shows. */
export const REPORT_EXPORT_COLUMNS = [
  'createdAt',
  'category',
  'urgency',
  'state',
  'place',
  'description',
  'onBehalfOf',
  'recordedBy',
  'responsibleTier',
  'responsible',
  'feedbackDueAt',
  'overdue',
  'reporterPhone',
] as const;
export type ReportExportColumn = (typeof REPORT_EXPORT_COLUMNS)[number];
/** The table's filters and sort, and the columns it shows (`reporterPhone` only for the office). */
export const ZReportExportQuery = ZReportFilters.extend({ columns: listOf(z.enum(REPORT_EXPORT_COLUMNS)) });

/** Many reports at once: acknowledge each, or hand each to one person of the chain. */
export const ZReportBulk = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge'), ids: z.array(z.uuid()).min(1).max(200) }),
  z.object({ action: z.literal('assign'), ids: z.array(z.uuid()).min(1).max(200), positionId: z.uuid() }),
]);
export type TReportBulk = z.infer<typeof ZReportBulk>;
export const ZReportBulkResult = z.object({
  done: z.array(z.object({ id: z.uuid() })),
  refused: z.array(z.object({ id: z.uuid(), code: z.string(), message: z.string() })),
});
export type TReportBulkResult = z.infer<typeof ZReportBulkResult>;

export const ZReportTransition = z.object({
  action: z.enum(REPORT_ACTIONS),
  note: z.string().trim().max(2000).optional(),
  referredTo: z.string().trim().min(1).max(200).optional(),
  /** What the resident was told, in plain words, about where to go next. */
  residentGuidance: z.string().trim().min(1).max(2000).optional(),
});
export type TReportTransition = z.infer<typeof ZReportTransition>;

export const ZFeedbackInput = z.object({ solved: z.boolean(), satisfied: z.boolean() });
export const ZMergeInput = z.object({ into: z.uuid() });

export const ZCatalogue = z.object({
  categories: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      defaultUrgency: z.string(),
      handlerTier: z.enum(TIERS),
      active: z.boolean(),
    }),
  ),
  urgencies: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      feedbackHours: z.number().int(),
      ackWindow: z.string(),
      emergency: z.boolean(),
    }),
  ),
});
export type TCatalogue = z.infer<typeof ZCatalogue>;

/** One message of the live feed (server-sent events, event name `report`). */
export const ZFeedEvent = z.object({
  kind: z.enum(['created', 'escalated', 'updated']),
  at: z.string(),
  report: ZReportSummary,
});
export type TFeedEvent = z.infer<typeof ZFeedEvent>;

export const ZSeenInput = z.object({ reportId: z.uuid() });
