import { z } from 'zod';
import { ZAddress } from './registry';

/**
 * The building leader's round (issue 19): what arrives at the gate, newspaper subscriptions, the round
 * of the day in walking order, one call per door, and what the round notices. Who a letter is from
 * and what it says are never asked for or kept.
 *
 * Endpoints (session cookie; POST needs x-csrf-token; POSTs a phone may retry take an Idempotency-Key):
 *   POST /api/v1/round/items                      ZRoundItemsInput → ZRoundItemList
 *   GET  /api/v1/round/subscriptions?householdId  → ZSubscriptionList
 *   POST /api/v1/round/subscriptions              ZSubscriptionInput → ZSubscription
 *   POST /api/v1/round/subscriptions/:id/end      → ZSubscription
 *   POST /api/v1/round/households/:id/settings    ZRoundHouseholdSettings → ZRoundHouseholdSettingsAnswer
 *   GET  /api/v1/round/today?positionId&floors    → ZRoundToday
 *   POST /api/v1/round/doors                      ZDoorInput (+ Idempotency-Key) → ZDoor
 *   GET  /api/v1/round/waiting?days               → ZWaitingList (letters, notices, parcels, registered)
 *   GET  /api/v1/round/signals?state              → ZSignalList
 *   GET  /api/v1/round/tasks                      → ZRoundTaskList (the caller's "去看看")
 *   GET  /api/v1/round/coverage?weeks             → ZRoundCoverage
 */

export const ITEM_KINDS = ['newspaper', 'letter', 'registered', 'parcel', 'notice'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_STATES = ['waiting', 'handed', 'left', 'refused'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

/** What happened at the door: one tap. */
export const DOOR_OUTCOMES = ['handed', 'left', 'nobody_home', 'refused'] as const;
export type DoorOutcome = (typeof DOOR_OUTCOMES)[number];
/** "还好" / "需要帮忙" / "有情况". */
export const DOOR_ANSWERS = ['fine', 'needs_help', 'something_wrong'] as const;
export type DoorAnswer = (typeof DOOR_ANSWERS)[number];
/** What "需要帮忙" or "有情况" becomes, in the same step. */
export const DOOR_BECOMES = ['visit', 'followup', 'report'] as const;
export type DoorBecomes = (typeof DOOR_BECOMES)[number];

export const SIGNAL_REASONS = ['still_there', 'not_taken'] as const;
export type SignalReason = (typeof SIGNAL_REASONS)[number];
export const FLOOR_ORDERS = ['bottom_up', 'top_down'] as const;

const ZDate = z.iso.date();

/** One item for one household: by id, or by the address as workers write it (`3-2-401`). */
export const ZRoundItemInput = z
  .object({
    householdId: z.uuid().optional(),
    address: z.string().trim().min(3).max(30).optional(),
    kind: z.enum(ITEM_KINDS),
    /** The paper's name, for newspapers only. */
    paper: z.string().trim().min(1).max(40).optional(),
    count: z.number().int().min(1).max(20).default(1),
  })
  .refine((i) => (i.householdId === undefined) !== (i.address === undefined), {
    message: 'household_or_address',
    path: ['householdId'],
  })
  .refine((i) => i.kind === 'newspaper' || i.paper === undefined, { message: 'paper_only', path: ['paper'] });

export const ZRoundItemsInput = z.object({
  /** The day they arrived; defaults to today. */
  date: ZDate.optional(),
  items: z.array(ZRoundItemInput).min(1).max(500),
});
export type TRoundItemsInput = z.input<typeof ZRoundItemsInput>;

export const ZRoundItem = z.object({
  id: z.string(),
  householdId: z.uuid(),
  address: z.string(),
  kind: z.enum(ITEM_KINDS),
  paper: z.string().nullable(),
  date: z.string(),
  state: z.enum(ITEM_STATES),
  /** Days it has waited, counted from the day it arrived. */
  waitingDays: z.number().int(),
});
export type TRoundItem = z.infer<typeof ZRoundItem>;
export const ZRoundItemList = z.object({ items: z.array(ZRoundItem) });

export const ZSubscriptionInput = z.object({
  householdId: z.uuid(),
  paper: z.string().trim().min(1).max(40),
  /** ISO weekdays: 1 Monday … 7 Sunday. */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  startsOn: ZDate.optional(),
});
export type TSubscriptionInput = z.input<typeof ZSubscriptionInput>;
export const ZSubscription = z.object({
  id: z.uuid(),
  householdId: z.uuid(),
  address: z.string(),
  paper: z.string(),
  weekdays: z.array(z.number().int()),
  startsOn: z.string(),
  endedOn: z.string().nullable(),
});
export const ZSubscriptionList = z.object({ items: z.array(ZSubscription) });
export const ZSubscriptionQuery = z.object({ householdId: z.uuid().optional() });

export const ZRoundHouseholdSettings = z.object({
  /** Days of papers not taken before the round raises a signal; null goes back to the default. */
  pileDays: z.number().int().min(1).max(14).nullable(),
});
export const ZRoundHouseholdSettingsAnswer = z.object({
  householdId: z.uuid(),
  pileDays: z.number().int(),
  isDefault: z.boolean(),
});

export const ZRoundTodayQuery = z.object({
  /** Whose round: defaults to the caller's own position; others for workers and the chain above. */
  positionId: z.uuid().optional(),
  floors: z.enum(FLOOR_ORDERS).default('bottom_up'),
});

export const ZWaitingCount = z.object({
  kind: z.enum(ITEM_KINDS),
  paper: z.string().nullable(),
  count: z.number().int(),
  oldest: z.string(),
});

export const ZRoundDoorEntry = z.object({
  householdId: z.uuid(),
  address: ZAddress,
  /** Names of who lives there, to greet them. */
  residents: z.array(z.object({ id: z.uuid(), name: z.string() })),
  /** What to carry: counted by kind (and paper). */
  waiting: z.array(ZWaitingCount),
  /** Something must be signed for. */
  needsSignature: z.boolean(),
  /** Something was left last time and not yet known to be taken: ask "还在吗？". */
  leftLastTime: z.boolean(),
  /** Today's call at this door, if already made. */
  calledToday: z.enum(DOOR_OUTCOMES).nullable(),
  /** An open piling-up signal. */
  signalOpen: z.boolean(),
  /** Whether a care plan exists, so "visit note" and "follow-up" can be offered. */
  hasCarePlan: z.boolean(),
});
export const ZRoundToday = z.object({
  date: z.string(),
  positionId: z.uuid(),
  leader: z.string(),
  floors: z.enum(FLOOR_ORDERS),
  doors: z.array(ZRoundDoorEntry),
});
export type TRoundToday = z.infer<typeof ZRoundToday>;

export const ZDoorInput = z
  .object({
    householdId: z.uuid(),
    outcome: z.enum(DOOR_OUTCOMES),
    /** When the phone noted it (it may arrive later from the outbox); defaults to now. */
    at: z.iso.datetime({ offset: true }).optional(),
    /** Answer to "还在吗？" when something was left last time. */
    leftStillThere: z.boolean().optional(),
    answer: z.enum(DOOR_ANSWERS).optional(),
    becomes: z.enum(DOOR_BECOMES).optional(),
    /** What was said, in the leader's words. */
    said: z.string().trim().min(1).max(2000).optional(),
    /** Whom it is about; defaults to the household's eldest. */
    residentId: z.uuid().optional(),
    /** It is about health: kept in the health columns of the visit, seen only by roles with that class. */
    health: z.boolean().default(false),
    /** For a report: its category (default `other`) and urgency. */
    category: z
      .string()
      .regex(/^[a-z_]{1,40}$/)
      .optional(),
    urgency: z
      .string()
      .regex(/^[a-z_]{1,40}$/)
      .optional(),
  })
  .refine((d) => d.answer === undefined || d.answer === 'fine' || (d.becomes && d.said), {
    message: 'becomes_and_said',
    path: ['becomes'],
  })
  .refine((d) => d.becomes === undefined || (d.answer !== undefined && d.answer !== 'fine'), {
    message: 'becomes_needs_answer',
    path: ['answer'],
  })
  // Health words go only where the health class guards them: a visit's health columns.
  .refine((d) => !d.health || d.becomes === 'visit' || d.becomes === 'followup', {
    message: 'health_only_in_visit',
    path: ['health'],
  });
export type TDoorInput = z.input<typeof ZDoorInput>;

export const ZDoor = z.object({
  id: z.uuid(),
  householdId: z.uuid(),
  outcome: z.enum(DOOR_OUTCOMES),
  at: z.string(),
  answer: z.enum(DOOR_ANSWERS).nullable(),
  becomes: z.enum(DOOR_BECOMES).nullable(),
  visitId: z.uuid().nullable(),
  followUpId: z.uuid().nullable(),
  reportId: z.uuid().nullable(),
  /** Items settled by this call. */
  items: z.array(z.object({ id: z.string(), kind: z.enum(ITEM_KINDS), state: z.enum(ITEM_STATES) })),
  /** A signal this call closed (the paper was taken, or handed over). */
  signalClosed: z.boolean(),
});
export type TDoor = z.infer<typeof ZDoor>;

export const ZWaitingQuery = z.object({
  /** Letters, notices and parcels waiting at least this many days; registered letters always. */
  days: z.coerce.number().int().min(0).max(60).default(3),
});
export const ZWaitingList = z.object({ items: z.array(ZRoundItem) });

export const ZSignalQuery = z.object({ state: z.enum(['open', 'closed', 'all']).default('open') });
export const ZSignal = z.object({
  id: z.uuid(),
  householdId: z.uuid(),
  address: z.string(),
  residentId: z.uuid().nullable(),
  residentName: z.string().nullable(),
  reason: z.enum(SIGNAL_REASONS),
  /** Why, in plain words, in the caller's language. */
  why: z.string(),
  since: z.string(),
  days: z.number().int(),
  raisedAt: z.string(),
  /** The missed check-in it started, for a resident with a consented daily check-in. */
  checkinId: z.uuid().nullable(),
  escalatedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedReason: z.string().nullable(),
});
export type TSignal = z.infer<typeof ZSignal>;
export const ZSignalList = z.object({ items: z.array(ZSignal) });

export const ZRoundTask = z.object({
  id: z.uuid(),
  /** Always "去看看" / "Go and see". */
  title: z.string(),
  step: z.number().int(),
  signal: ZSignal,
  createdAt: z.string(),
});
export const ZRoundTaskList = z.object({ items: z.array(ZRoundTask) });

export const ZCoverageQuery = z.object({ weeks: z.coerce.number().int().min(1).max(12).default(4) });
export const ZRoundCoverage = z.object({
  /** Monday of each week counted, oldest first. */
  weeks: z.array(z.string()),
  leaders: z.array(
    z.object({
      positionId: z.uuid(),
      name: z.string(),
      doors: z.number().int(),
      /** Doors called at per week, in the order of `weeks`. */
      reachedPerWeek: z.array(z.number().int()),
      /** Their doors with no call in the last 14 days. */
      notReached: z.array(z.object({ householdId: z.uuid(), address: z.string() })),
    }),
  ),
});
export type TRoundCoverage = z.infer<typeof ZRoundCoverage>;

/**
 * The round's part of the committee's 今日一览 (GET /api/v1/dashboard/today → `round`): the piling-up
 * signals open, and the coverage — doors reached per week per building leader, doors not reached in two weeks.
 */
export const ZRoundDesk = z.object({
  signalsOpen: z.number().int(),
  signals: z.array(ZSignal),
  /** Monday of each week counted, oldest first. */
  weeks: z.array(z.string()),
  notReached: z.number().int(),
  leaders: z.array(
    z.object({
      positionId: z.uuid(),
      name: z.string(),
      doors: z.number().int(),
      reachedPerWeek: z.array(z.number().int()),
      notReached: z.number().int(),
    }),
  ),
});
export type TRoundDesk = z.infer<typeof ZRoundDesk>;
