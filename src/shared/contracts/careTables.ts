import { z } from 'zod';
import { CHECKIN_OUTCOMES, CHECKIN_STATES, CHECKIN_WAYS, ZCarePlanFilters, ZPositionRef } from './care';
import { ZErrandFilters, ZKeyFilters } from './careKeysMoney';
import { ZAddress } from './registry';

/**
 * The care area's office tables (issue 23): care plans, check-ins, errands and keys, each a page with a
 * total, sorted and filtered on the server, and "导出 Excel" of exactly what the table shows.
 *
 *   GET /api/v1/care/plans            (care.ts, now with q, risk, visitStatus, checkin, sort, offset, total)
 *   GET /api/v1/care/plans/export     ?…the plan filters…&sort&columns → .xlsx
 *   GET /api/v1/care/checkins         ?from&to&state&buildingId&positionId&q&sort&limit&offset → ZCheckinTable
 *   GET /api/v1/care/checkins/export  ?…the same…&columns → .xlsx
 *   GET /api/v1/care/errands          (careKeysMoney.ts, now with status, kind, buildingId, q, sort, offset, total)
 *   GET /api/v1/care/errands/export   ?…the errand filters…&columns → .xlsx; every errand exported is audited
 *   GET /api/v1/care/keys             (careKeysMoney.ts, now with buildingId, holderPositionId, q, sort, offset, total)
 *   GET /api/v1/care/keys/export      ?…the key filters…&columns → .xlsx; every key exported is audited
 *
 *   POST /api/v1/care/errands/done    ZErrandsDoneBulk → ZErrandsDoneBulkResult (several errands marked done)
 *
 * Exports are for the subdistrict, workers and the committee (keys and errands: workers and the committee,
 * who alone see them community-wide), within the caller's scope.
 */

const ZDate = z.iso.date();

/** `open`: a missed check-in still climbing the ladder, waiting for someone to record how the resident is. */
export const CHECKIN_STATE_FILTERS = [...CHECKIN_STATES, 'open'] as const;
export const CHECKIN_SORTS = [
  'date',
  '-date',
  'address',
  '-address',
  'name',
  '-name',
  'step',
  '-step',
] as const;
export type CheckinSort = (typeof CHECKIN_SORTS)[number];

export const ZCheckinFilters = z.object({
  /** Days (China Standard Time) from and to, both included. */
  from: ZDate.optional(),
  to: ZDate.optional(),
  state: z.enum(CHECKIN_STATE_FILTERS).optional(),
  buildingId: z.uuid().optional(),
  /** Check-ins of plans whose responsible person or stand-in is this position. */
  positionId: z.uuid().optional(),
  /** The resident's name (or its pinyin initials), or an address `3-2-401` / `3-2`. */
  q: z.string().trim().max(40).optional(),
  /** Newest day first by default. */
  sort: z.enum(CHECKIN_SORTS).default('-date'),
});
export const ZCheckinTableQuery = ZCheckinFilters.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TCheckinTableQuery = z.output<typeof ZCheckinTableQuery>;

/** One row of the check-ins table: a day's check-in that was recorded, or missed and followed up. */
export const ZCheckinRow = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  residentId: z.uuid(),
  residentName: z.string(),
  householdId: z.uuid(),
  address: ZAddress,
  responsible: ZPositionRef.nullable(),
  date: z.string(),
  dueAt: z.string(),
  state: z.enum(CHECKIN_STATES),
  way: z.enum(CHECKIN_WAYS).nullable(),
  recordedAt: z.string().nullable(),
  recordedBy: z.string().nullable(),
  outcome: z.enum(CHECKIN_OUTCOMES).nullable(),
  outcomeNote: z.string().nullable(),
  ladderStep: z.number().int(),
});
export type TCheckinRow = z.infer<typeof ZCheckinRow>;
export const ZCheckinTable = z.object({ total: z.number().int(), items: z.array(ZCheckinRow) });
export type TCheckinTable = z.infer<typeof ZCheckinTable>;

export const CARE_PLAN_EXPORT_COLUMNS = [
  'residentName',
  'address',
  'risk',
  'visitEveryDays',
  'responsible',
  'standIn',
  'lastVisitAt',
  'nextVisitDueAt',
  'visitStatus',
  'checkin',
  'createdAt',
] as const;
export const CHECKIN_EXPORT_COLUMNS = [
  'date',
  'residentName',
  'address',
  'responsible',
  'state',
  'way',
  'recordedAt',
  'recordedBy',
  'ladderStep',
  'outcome',
  'outcomeNote',
] as const;
export const ERRAND_EXPORT_COLUMNS = [
  'residentName',
  'address',
  'kind',
  'title',
  'schedule',
  'doer',
  'nextDueOn',
  'overdueCount',
  'status',
  'expected',
  'counterparty',
  'lastDone',
] as const;
export const KEY_EXPORT_COLUMNS = [
  'residentName',
  'address',
  'label',
  'holder',
  'holderPhone',
  'heldSince',
  'consent',
  'useCount',
  'returned',
] as const;

/** The columns the table shows, comma-separated; unknown names are refused, none means all. */
function zColumns<T extends string>(names: readonly [T, ...T[]]) {
  return z
    .string()
    .max(400)
    .optional()
    .transform((value, ctx) => {
      if (!value) return [...names];
      const picked = value.split(',').filter(Boolean);
      const unknown = picked.filter((c) => !(names as readonly string[]).includes(c));
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown columns: ${unknown.join(', ')}` });
        return z.NEVER;
      }
      return picked as T[];
    });
}

export const ZCarePlanExportQuery = ZCarePlanFilters.extend({ columns: zColumns(CARE_PLAN_EXPORT_COLUMNS) });
export type TCarePlanExportQuery = z.output<typeof ZCarePlanExportQuery>;
export const ZCheckinExportQuery = ZCheckinFilters.extend({ columns: zColumns(CHECKIN_EXPORT_COLUMNS) });
export type TCheckinExportQuery = z.output<typeof ZCheckinExportQuery>;
export const ZErrandExportQuery = ZErrandFilters.extend({ columns: zColumns(ERRAND_EXPORT_COLUMNS) });
export type TErrandExportQuery = z.output<typeof ZErrandExportQuery>;
export const ZKeyExportQuery = ZKeyFilters.extend({ columns: zColumns(KEY_EXPORT_COLUMNS) });
export type TKeyExportQuery = z.output<typeof ZKeyExportQuery>;

/**
 * Several errands marked done at once, each naming the occurrence (the day it fell due) the table showed:
 * sent twice, the second time refuses each as already done, so every occurrence is recorded once.
 */
export const ZErrandsDoneBulk = z.object({
  items: z
    .array(z.object({ id: z.uuid(), dueOn: ZDate }))
    .min(1)
    .max(100),
});
export type TErrandsDoneBulk = z.infer<typeof ZErrandsDoneBulk>;
export const ZErrandsDoneBulkResult = z.object({
  done: z.array(z.object({ id: z.uuid(), dueOn: z.string() })),
  refused: z.array(z.object({ id: z.uuid(), dueOn: z.string(), code: z.string(), message: z.string() })),
});
export type TErrandsDoneBulkResult = z.infer<typeof ZErrandsDoneBulkResult>;
