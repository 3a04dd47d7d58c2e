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

export const ZReportListQuery = z.object({
  state: z.enum(['open', 'closed', 'all']).default('open'),
  householdId: z.uuid().optional(),
  buildingId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ZReportList = z.object({ items: z.array(ZReportSummary) });
export type TReportList = z.infer<typeof ZReportList>;

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
