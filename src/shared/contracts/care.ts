import { z } from 'zod';
import { TIERS } from '../roles';
import { ZAddress } from './registry';

/**
 * Care for those who cannot come (issue 5): care plans, visits, events that make a visit due, and the
 * daily check-in with its missed check-in ladder. Everything here follows the household scope; health
 * detail (the `health` field class) is present only for roles that may see it — absent means "not
 * yours to see", never "nothing there".
 *
 * Endpoints (all under the session cookie; POST/PATCH need x-csrf-token):
 *   GET   /api/v1/care/plans?buildingId&householdId&positionId&includeEnded&q&risk&visitStatus&checkin
 *         &sort&limit&offset → ZCarePlanList (with total)
 *   GET   /api/v1/care/plans/export?…the same filters…&columns → .xlsx (careTables.ts)
 *   POST  /api/v1/care/plans                     ZCarePlanInput → ZCarePlan
 *   GET   /api/v1/care/plans/:id                 → ZCarePlan
 *   PATCH /api/v1/care/plans/:id                 ZCarePlanPatch → ZCarePlan
 *   GET   /api/v1/care/plans/:id/visits          → ZVisitList (newest first)
 *   POST  /api/v1/care/plans/:id/visits          ZVisitInput → ZVisit
 *   POST  /api/v1/care/followups/:id/report      ZFollowUpReportInput → ZFollowUpReport
 *   GET   /api/v1/care/visit-rate?month&buildingId → ZVisitRate
 *   GET   /api/v1/care/events                    → ZCareEventList
 *   POST  /api/v1/care/events                    ZCareEventInput → ZCareEvent
 *   POST  /api/v1/care/plans/:id/checkins        ZCheckinInput → ZCheckin (today's, or the open missed one)
 *   POST  /api/v1/care/plans/:id/checkin-outcome ZCheckinOutcomeInput → ZCheckin
 *   GET   /api/v1/care/checkins/today?positionId → ZCheckinsToday
 *   GET   /api/v1/care/checkins?from&to&state&…  → ZCheckinTable (careTables.ts)
 *   GET   /api/v1/care/checkins/:id              → ZCheckin
 *   GET   /api/v1/care/tasks                     → ZCareTaskList
 *   GET   /api/v1/buildings/:id/picture?lens=visits|checkins (lens keys below)
 *   GET   /api/v1/feed  also sends `event: checkin` (ZCheckinFeedEvent) for each ladder step.
 */

/** How often to visit by default (national policy on elderly people in difficulty). */
export const RISK_LEVELS = ['normal', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** Days between visits by default: at least monthly; weekly for high risk. */
export const DEFAULT_VISIT_EVERY_DAYS: Record<RiskLevel, number> = { normal: 30, high: 7 };
/** After a declared major event every plan there has a visit due within this many hours. */
export const EVENT_VISIT_HOURS = 24;

/** Ways a daily check-in may be done. */
export const CHECKIN_WAYS = [
  'in_person',
  'phone_call',
  'neighbour_word',
  'window_sign',
  'newspaper_taken',
] as const;
export type CheckinWay = (typeof CHECKIN_WAYS)[number];

/** Minutes after the check-in time before the ladder starts, by default. */
export const DEFAULT_CHECKIN_GRACE_MINUTES = 30;

/**
 * The ladder after a missed check-in: step 1 at the end of the grace period reminds the responsible
 * person (and the stand-in); step 2, 30 minutes later, the next tier up and the key holder; step 3,
 * 60 minutes after that, the committee with a task to go to the door.
 */
export const LADDER_STEPS = [1, 2, 3] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];
export const LADDER_DELAY_MINUTES: Record<LadderStep, number> = { 1: 0, 2: 30, 3: 60 };

/** The outcome of a check-in that was missed (or known in advance), with its reason. */
export const CHECKIN_OUTCOMES = [
  'safe_and_well',
  'no_answer_then_found_safe',
  'phone_line_down',
  'in_hospital',
  'away_with_family',
  'emergency_services_called',
] as const;
export type CheckinOutcome = (typeof CHECKIN_OUTCOMES)[number];

/**
 * Where today's check-in stands. `due`: not yet recorded, grace period not over; `done`: recorded;
 * `missed`: grace over, the responsible person reminded; `escalated`: the ladder went past step 1;
 * `resolved`: an outcome with its reason was recorded after all.
 */
export const CHECKIN_STATES = ['due', 'done', 'missed', 'escalated', 'resolved'] as const;
export type CheckinState = (typeof CHECKIN_STATES)[number];

export const VISIT_HOW = ['in_person', 'phone_call', 'video_call'] as const;
export const VISIT_ACTIVITIES = [
  'chat',
  'cleaning',
  'cooking',
  'shopping',
  'medicine',
  'hair',
  'bathing',
  'repairs',
  'paperwork',
  'policy_explained',
  'other',
] as const;
export type VisitActivity = (typeof VISIT_ACTIVITIES)[number];

/** How a policy was explained at the door. */
export const POLICY_FORMS = ['spoken_language', 'dialect', 'read_aloud', 'pictures', 'large_print'] as const;
/** Could the resident say it back in their own words (讲到听懂)? */
export const SAID_BACK = ['yes', 'partly', 'no'] as const;

export const EVENT_KINDS = [
  'heat_wave',
  'cold_wave',
  'snowstorm',
  'rainstorm',
  'outage',
  'water_cut',
  'other',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Visit standing of a plan: next visit late, within the next few days, or fine. */
export const VISIT_STATUSES = ['overdue', 'due_soon', 'on_track'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

const ZTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

export const ZPositionRef = z.object({
  positionId: z.uuid(),
  name: z.string(),
  tier: z.enum(TIERS),
});
export type TPositionRef = z.infer<typeof ZPositionRef>;

// ---------------------------------------------------------------- care plans

export const ZCheckinSettingsInput = z.object({
  /** Local (China Standard Time) time of day the check-in is expected. */
  time: ZTime,
  ways: z.array(z.enum(CHECKIN_WAYS)).min(1),
  graceMinutes: z.number().int().min(5).max(240).default(DEFAULT_CHECKIN_GRACE_MINUTES),
  /** The resident agreed: when, in what form, and who witnessed it. Required: no consent, no check-in. */
  consent: z.object({
    date: z.iso.date(),
    form: z.enum(['spoken', 'signed', 'thumbprint', 'family_on_behalf']),
    witness: z.string().trim().min(1).max(60).optional(),
  }),
});

export const ZCarePlanInput = z.object({
  residentId: z.uuid(),
  /** Defaults to the household's building leader today. */
  responsiblePositionId: z.uuid().optional(),
  standInPositionId: z.uuid().optional(),
  risk: z.enum(RISK_LEVELS).default('normal'),
  /** Defaults from policy by risk (30 or 7); may only be shorter than the default, never longer. */
  visitEveryDays: z.number().int().min(1).max(31).optional(),
  /** Opt-in daily check-in; omit for none. */
  checkin: ZCheckinSettingsInput.optional(),
  note: z.string().trim().max(2000).optional(),
});
export type TCarePlanInput = z.input<typeof ZCarePlanInput>;

export const ZCarePlanPatch = z.object({
  responsiblePositionId: z.uuid().optional(),
  standInPositionId: z.uuid().nullable().optional(),
  risk: z.enum(RISK_LEVELS).optional(),
  visitEveryDays: z.number().int().min(1).max(31).optional(),
  /** null stops the daily check-in (the resident withdrew consent or no longer needs it). */
  checkin: ZCheckinSettingsInput.nullable().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
  /** Ends the plan (moved away, in a home, died); it stays in history. */
  end: z.boolean().optional(),
});
export type TCarePlanPatch = z.input<typeof ZCarePlanPatch>;

export const ZCarePlan = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  householdId: z.uuid(),
  residentId: z.uuid(),
  residentName: z.string(),
  address: ZAddress,
  responsible: ZPositionRef.nullable(),
  standIn: ZPositionRef.nullable(),
  risk: z.enum(RISK_LEVELS),
  visitEveryDays: z.number().int(),
  checkin: z
    .object({
      time: z.string(),
      ways: z.array(z.enum(CHECKIN_WAYS)),
      graceMinutes: z.number().int(),
      consentDate: z.string(),
      consentForm: z.string(),
      consentWitness: z.string().nullable(),
    })
    .nullable(),
  note: z.string().nullable(),
  lastVisitAt: z.string().nullable(),
  nextVisitDueAt: z.string(),
  /** Visits due because of declared events and not yet made. */
  eventVisitsDue: z.array(z.object({ eventId: z.uuid(), kind: z.enum(EVENT_KINDS), dueAt: z.string() })),
  visitStatus: z.enum(VISIT_STATUSES),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
});
export type TCarePlan = z.infer<typeof ZCarePlan>;

/**
 * Orders of the care plans table: `address` (building, entrance, floor, room), `name` (the resident),
 * `risk` (high first), `nextVisit` (the soonest due first), `lastVisit` (never visited first), `created`.
 * A leading `-` turns it round. Without `sort` the list keeps its old order (building, room, created).
 */
export const CARE_PLAN_SORTS = [
  'address',
  '-address',
  'name',
  '-name',
  'risk',
  '-risk',
  'nextVisit',
  '-nextVisit',
  'lastVisit',
  '-lastVisit',
  'created',
  '-created',
] as const;
export type CarePlanSort = (typeof CARE_PLAN_SORTS)[number];

export const ZCarePlanFilters = z.object({
  buildingId: z.uuid().optional(),
  householdId: z.uuid().optional(),
  /** Plans whose responsible person or stand-in is this position. */
  positionId: z.uuid().optional(),
  includeEnded: z.stringbool().default(false),
  /** The resident's name (or its pinyin initials), or an address `3-2-401` / `3-2`. */
  q: z.string().trim().max(40).optional(),
  risk: z.enum(RISK_LEVELS).optional(),
  visitStatus: z.enum(VISIT_STATUSES).optional(),
  /** `yes`: plans with a daily check-in; `no`: without. */
  checkin: z.enum(['yes', 'no']).optional(),
  sort: z.enum(CARE_PLAN_SORTS).optional(),
});

export const ZCarePlanListQuery = ZCarePlanFilters.extend({
  limit: z.coerce.number().int().min(1).max(500).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TCarePlanListQuery = z.output<typeof ZCarePlanListQuery>;
/** `total`: every plan that matches the filters, of which `items` is the page asked for. */
export const ZCarePlanList = z.object({ total: z.number().int(), items: z.array(ZCarePlan) });
export type TCarePlanList = z.infer<typeof ZCarePlanList>;

// ---------------------------------------------------------------- visits

export const ZPolicyExplained = z.object({
  /** Which policy, in the visitor's words: `高龄津贴`, `长护险`… */
  policy: z.string().trim().min(1).max(200),
  forms: z.array(z.enum(POLICY_FORMS)).min(1),
  /** Language or dialect used, e.g. `普通话`, `上海话`. */
  language: z.string().trim().max(40).optional(),
  saidBack: z.enum(SAID_BACK),
});

export const ZFollowUpInput = z.object({
  text: z.string().trim().min(1).max(2000),
  /** About the resident's health: the text is then health information, shown only to roles that may. */
  health: z.boolean().default(false),
});

export const ZVisitInput = z.object({
  /** Defaults to now; a visit may be entered afterwards, not in the future. */
  visitedAt: z.iso.datetime({ offset: true }).optional(),
  how: z.enum(VISIT_HOW).default('in_person'),
  activities: z.array(z.enum(VISIT_ACTIVITIES)).default([]),
  /** What was seen. */
  healthWorse: z.boolean().default(false),
  healthDetail: z.string().trim().max(2000).optional(),
  needsSomething: z.boolean().default(false),
  needsDetail: z.string().trim().max(2000).optional(),
  policies: z.array(ZPolicyExplained).max(20).default([]),
  followUps: z.array(ZFollowUpInput).max(20).default([]),
  note: z.string().trim().max(2000).optional(),
});
export type TVisitInput = z.input<typeof ZVisitInput>;

export const ZFollowUp = z.object({
  id: z.uuid(),
  health: z.boolean(),
  /** Absent when it is health information and the caller may not see health detail. */
  text: z.string().optional(),
  reportId: z.uuid().nullable(),
});

export const ZVisit = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  residentId: z.uuid(),
  visitedAt: z.string(),
  recordedAt: z.string(),
  visitor: z.string(),
  visitorTier: z.enum(TIERS).nullable(),
  how: z.enum(VISIT_HOW),
  activities: z.array(z.enum(VISIT_ACTIVITIES)),
  /** Whether a health observation was made; everyone in scope sees that something was noted. */
  healthNoted: z.boolean(),
  /** Present only for roles with the health field class (and then every read is audited). */
  healthWorse: z.boolean().optional(),
  healthDetail: z.string().nullable().optional(),
  needsSomething: z.boolean(),
  needsDetail: z.string().nullable(),
  policies: z.array(ZPolicyExplained.extend({ language: z.string().nullable() })),
  followUps: z.array(ZFollowUp),
  note: z.string().nullable(),
});
export type TVisit = z.infer<typeof ZVisit>;
export const ZVisitList = z.object({ items: z.array(ZVisit) });
export type TVisitList = z.infer<typeof ZVisitList>;

/** A follow-up becomes a report for the chain (the reports area takes it from there). */
export const ZFollowUpReportInput = z.object({
  category: z
    .string()
    .regex(/^[a-z_]{2,40}$/)
    .default('elderly_care'),
  urgency: z
    .string()
    .regex(/^[a-z_]{2,40}$/)
    .optional(),
});
export const ZFollowUpReport = z.object({ followUpId: z.uuid(), reportId: z.uuid() });

// ---------------------------------------------------------------- visit rate

export const ZVisitRateQuery = z.object({
  /** Defaults to the current month. */
  month: ZMonth.optional(),
  buildingId: z.uuid().optional(),
});
export const ZVisitRateRow = z.object({
  planId: z.uuid(),
  residentId: z.uuid(),
  residentName: z.string(),
  address: ZAddress,
  responsible: ZPositionRef.nullable(),
  risk: z.enum(RISK_LEVELS),
  visitEveryDays: z.number().int(),
  /**
   * Visits the plan asks for in the days it ran that month (at least one for a whole month), plus visits
   * due from events in the month.
   */
  required: z.number().int(),
  visits: z.number().int(),
  /** required − visits, never below 0: how far short of policy. */
  shortBy: z.number().int(),
  lastVisitAt: z.string().nullable(),
  nextVisitDueAt: z.string(),
  visitStatus: z.enum(VISIT_STATUSES),
});
export const ZVisitRate = z.object({
  month: z.string(),
  plans: z.number().int(),
  visits: z.number().int(),
  overdue: z.number().int(),
  shortOfPolicy: z.number().int(),
  /** Plans whose visits this month meet what they ask for, over all plans; null with no plans. */
  rate: z.number().nullable(),
  items: z.array(ZVisitRateRow),
});
export type TVisitRate = z.infer<typeof ZVisitRate>;

// ---------------------------------------------------------------- major events

export const ZCareEventInput = z.object({
  kind: z.enum(EVENT_KINDS),
  /** The whole community by default; a building when given. */
  communityId: z.uuid().optional(),
  buildingId: z.uuid().optional(),
  note: z.string().trim().max(2000).optional(),
});
export const ZCareEvent = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  buildingId: z.uuid().nullable(),
  kind: z.enum(EVENT_KINDS),
  note: z.string().nullable(),
  declaredAt: z.string(),
  declaredBy: z.string().nullable(),
  visitsDueAt: z.string(),
  /** Plans given a due visit by this event, and of those how many have been visited since. */
  plans: z.number().int(),
  visited: z.number().int(),
});
export type TCareEvent = z.infer<typeof ZCareEvent>;
export const ZCareEventList = z.object({ items: z.array(ZCareEvent) });

// ---------------------------------------------------------------- check-ins

export const ZCheckinInput = z.object({
  way: z.enum(CHECKIN_WAYS),
  note: z.string().trim().max(500).optional(),
  /**
   * When the sign was seen, as the phone noted it: a check-in entered without signal counts for the
   * time it happened, not the time it reached the server. A time ahead of the server's (a phone's
   * clock running fast) is taken as now; one more than a week back is refused.
   */
  at: z.iso.datetime({ offset: true }).optional(),
});
export const ZCheckinOutcomeInput = z.object({
  outcome: z.enum(CHECKIN_OUTCOMES),
  note: z.string().trim().max(2000).optional(),
});

export const ZLadderStep = z.object({
  step: z.number().int(),
  dueAt: z.string(),
  doneAt: z.string().nullable(),
  /** `sent`: the step happened; `stopped`: the check-in or outcome came first. */
  outcome: z.enum(['sent', 'stopped']).nullable(),
  notified: z.array(ZPositionRef),
  /** Key holders told at step 2 (from the key register; empty when there is none). */
  keyHolders: z.array(z.string()),
});

export const ZCheckin = z.object({
  /** null while nothing has been recorded and the ladder has not started. */
  id: z.uuid().nullable(),
  planId: z.uuid(),
  residentId: z.uuid(),
  residentName: z.string(),
  address: ZAddress,
  householdId: z.uuid(),
  date: z.string(),
  dueAt: z.string(),
  graceUntil: z.string(),
  state: z.enum(CHECKIN_STATES),
  way: z.enum(CHECKIN_WAYS).nullable(),
  recordedAt: z.string().nullable(),
  recordedBy: z.string().nullable(),
  outcome: z.enum(CHECKIN_OUTCOMES).nullable(),
  outcomeNote: z.string().nullable(),
  ladderStep: z.number().int(),
  ladder: z.array(ZLadderStep),
});
export type TCheckin = z.infer<typeof ZCheckin>;

export const ZCheckinsTodayQuery = z.object({ positionId: z.uuid().optional() });
const ZCheckinCounts = z.object({
  done: z.number().int(),
  due: z.number().int(),
  missed: z.number().int(),
  escalated: z.number().int(),
  resolved: z.number().int(),
});
/** Today's check-ins per responsible person, for their phone. */
export const ZCheckinsToday = z.object({
  date: z.string(),
  totals: ZCheckinCounts,
  people: z.array(
    z.object({
      responsible: ZPositionRef.nullable(),
      counts: ZCheckinCounts,
      items: z.array(ZCheckin),
    }),
  ),
});
export type TCheckinsToday = z.infer<typeof ZCheckinsToday>;

/** Open tasks the ladder gave the caller's positions (reminders, escalations, go-to-the-door). */
export const ZCareTask = z.object({
  id: z.uuid(),
  kind: z.enum(['reminder', 'escalation', 'door_visit']),
  step: z.number().int(),
  checkinId: z.uuid(),
  planId: z.uuid(),
  residentName: z.string(),
  address: ZAddress,
  createdAt: z.string(),
  checkinState: z.enum(CHECKIN_STATES),
});
export const ZCareTaskList = z.object({ items: z.array(ZCareTask) });

/** One message of the live feed (server-sent events, event name `checkin`): a ladder step happened. */
export const ZCheckinFeedEvent = z.object({
  kind: z.enum(['checkin_missed', 'checkin_escalated', 'checkin_door_visit', 'checkin_recorded']),
  at: z.string(),
  step: z.number().int(),
  checkin: ZCheckin,
});
export type TCheckinFeedEvent = z.infer<typeof ZCheckinFeedEvent>;

// ---------------------------------------------------------------- building picture lenses

/** lensKey values of the `visits` lens. */
export const VISIT_LENS_KEYS = ['visit_overdue', 'visit_due_soon', 'visit_on_track', 'no_care_plan'] as const;
/** lensKey values of the `checkins` lens. */
export const CHECKIN_LENS_KEYS = [
  'checkin_escalated',
  'checkin_missed',
  'checkin_due',
  'checkin_resolved',
  'checkin_done',
  'no_checkin',
] as const;
