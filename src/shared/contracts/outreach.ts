import { z } from 'zod';
import { CARE_TAGS } from '../careTags';
import { ZAddress } from './registry';

/**
 * Outreach lists, 走访名单 (issue 23): a round of door visits planned at a desk. A worker picks households in
 * the register's table and adds them to a named list; then whoever goes to the doors records, for each
 * household, what happened. (Not the welfare area's outreach list, which is computed from a policy.)
 *
 *   GET  /api/v1/outreach/lists                     ?state=open|closed|all → ZOutreachListList (with counts)
 *   POST /api/v1/outreach/lists                     ZOutreachListInput → ZOutreachList
 *   GET  /api/v1/outreach/lists/:id                 → ZOutreachList
 *   GET  /api/v1/outreach/lists/:id/entries         ?outcome&buildingId&q&sort&limit&offset → ZOutreachEntryPage
 *   GET  /api/v1/outreach/lists/:id/export          ?…the same filters…&columns → .xlsx (audited)
 *   POST /api/v1/outreach/lists/:id/households      { householdIds } → ZOutreachBulkResult
 *   POST /api/v1/outreach/lists/:id/close           → ZOutreachList
 *   POST /api/v1/outreach/entries/:id/outcome       ZOutreachOutcomeInput → ZOutreachEntry
 *
 * Counts, entries and lists are within the caller's scope: a building leader or party member sees only the
 * entries of their own households, and a list with none of them is not found.
 */

/** 还没去 / 见到了 / 没人在家 / 不需要. */
export const OUTREACH_OUTCOMES = ['pending', 'reached', 'not_home', 'declined'] as const;
export type OutreachOutcome = (typeof OUTREACH_OUTCOMES)[number];
/** The outcomes a visit records (going back to 还没去 is allowed too, to undo a slip of the finger). */
export const ZOutreachOutcome = z.enum(OUTREACH_OUTCOMES);

const ZDay = z.iso.date();

export const ZOutreachListInput = z.object({
  title: z.string().trim().min(1).max(80),
  /** What the round is for, in a sentence: "给独居老人讲冬季取暖补贴". */
  purpose: z.string().trim().max(300).optional(),
  /** The day the round should be done by. */
  dueOn: ZDay.optional(),
});
export type TOutreachListInput = z.infer<typeof ZOutreachListInput>;

export const ZOutreachCounts = z.object({
  households: z.number().int(),
  reached: z.number().int(),
  notHome: z.number().int(),
  declined: z.number().int(),
  /** Not yet visited (还没去). */
  pending: z.number().int(),
});
export type TOutreachCounts = z.infer<typeof ZOutreachCounts>;

export const ZOutreachList = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  title: z.string(),
  purpose: z.string().nullable(),
  dueOn: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  /** Of the entries the caller may see. */
  counts: ZOutreachCounts,
  /** The caller may add households and close it (the community's office, while it is open). */
  mayManage: z.boolean(),
});
export type TOutreachList = z.infer<typeof ZOutreachList>;

export const ZOutreachListQuery = z.object({
  state: z.enum(['open', 'closed', 'all']).default('open'),
});
export const ZOutreachListList = z.object({ items: z.array(ZOutreachList) });
export type TOutreachListList = z.infer<typeof ZOutreachListList>;

export const OUTREACH_SORTS = [
  'address',
  '-address',
  'outcome',
  '-outcome',
  'recorded',
  '-recorded',
  'added',
  '-added',
] as const;
export type OutreachSort = (typeof OUTREACH_SORTS)[number];

export const ZOutreachEntryFilters = z.object({
  outcome: ZOutreachOutcome.optional(),
  buildingId: z.uuid().optional(),
  /** An address `3-2-401` / `3-2` or the start of it. */
  q: z.string().trim().max(40).optional(),
  sort: z.enum(OUTREACH_SORTS).default('address'),
});
export const ZOutreachEntryQuery = ZOutreachEntryFilters.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type TOutreachEntryQuery = z.output<typeof ZOutreachEntryQuery>;

export const ZOutreachEntry = z.object({
  id: z.uuid(),
  listId: z.uuid(),
  householdId: z.uuid(),
  address: ZAddress,
  /** The names of the people living there now, eldest first. */
  residents: z.array(z.string()),
  careTags: z.array(z.enum(CARE_TAGS)),
  outcome: ZOutreachOutcome,
  note: z.string().nullable(),
  addedBy: z.string(),
  addedAt: z.string(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string().nullable(),
  /** The caller may record what happened at this door. */
  mayRecord: z.boolean(),
});
export type TOutreachEntry = z.infer<typeof ZOutreachEntry>;
export const ZOutreachEntryPage = z.object({ total: z.number().int(), items: z.array(ZOutreachEntry) });
export type TOutreachEntryPage = z.infer<typeof ZOutreachEntryPage>;

export const OUTREACH_EXPORT_COLUMNS = [
  'address',
  'residents',
  'careTags',
  'outcome',
  'note',
  'recordedBy',
  'recordedAt',
  'addedBy',
  'addedAt',
] as const;
export type OutreachExportColumn = (typeof OUTREACH_EXPORT_COLUMNS)[number];

export const ZOutreachExportQuery = ZOutreachEntryFilters.extend({
  columns: z
    .string()
    .max(400)
    .optional()
    .transform((value, ctx) => {
      if (!value) return [...OUTREACH_EXPORT_COLUMNS];
      const picked = value.split(',').filter(Boolean);
      const unknown = picked.filter((c) => !(OUTREACH_EXPORT_COLUMNS as readonly string[]).includes(c));
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown columns: ${unknown.join(', ')}` });
        return z.NEVER;
      }
      return picked as OutreachExportColumn[];
    }),
});
export type TOutreachExportQuery = z.output<typeof ZOutreachExportQuery>;

/** Households picked in the register's table, added at once; each is decided on its own. */
export const ZOutreachAddHouseholds = z.object({
  householdIds: z.array(z.uuid()).min(1).max(500),
});
export type TOutreachAddHouseholds = z.infer<typeof ZOutreachAddHouseholds>;
export const ZOutreachBulkResult = z.object({
  done: z.array(z.object({ id: z.uuid() })),
  refused: z.array(z.object({ id: z.uuid(), code: z.string(), message: z.string() })),
});
export type TOutreachBulkResult = z.infer<typeof ZOutreachBulkResult>;

export const ZOutreachOutcomeInput = z.object({
  outcome: ZOutreachOutcome,
  note: z.string().trim().max(300).optional(),
});
export type TOutreachOutcomeInput = z.infer<typeof ZOutreachOutcomeInput>;
