import { z } from 'zod';
import { TIERS } from '../roles';
import { ZFen, ZMonth } from './careKeysMoney';
import { ZRateFigures } from './rates';
import { ZRoundDesk } from './round';

/**
 * The committee's desk, the subdistrict's overview and the monthly report (issue 16).
 *   GET  /api/v1/dashboard/today?communityId            → ZToday (committee, worker, subdistrict read-only, chain: own subtree)
 *   GET  /api/v1/subdistrict/overview?month             → ZOverview (subdistrict; committee and worker see their one community)
 *   GET  /api/v1/monthly-report?month&communityId       → ZMonthlyReport (committee, worker, subdistrict)
 *   GET  /api/v1/monthly-report.pdf?month&communityId   → application/pdf
 *   GET  /api/v1/monthly-report.xlsx?month&communityId  → xlsx, one sheet per section
 *   POST /api/v1/monthly-report/close  {month, communityId} → ZMonthlyReport (committee)
 */

export const ZMonthlyReportQuery = z.object({
  month: ZMonth,
  /** Required when the caller sees more than one community (the subdistrict). */
  communityId: z.uuid().optional(),
});
export type TMonthlyReportQuery = z.input<typeof ZMonthlyReportQuery>;
export const ZCloseMonthInput = z.object({ month: ZMonth, communityId: z.uuid().optional() });

const ZCount = z.number().int();
const ZLabelled = z.object({ key: z.string(), label: z.string(), count: ZCount });

/** One community's figures for one month; every one is what the area's own endpoint gives. */
export const ZMonthlyFigures = z.object({
  communityId: z.uuid(),
  communityName: z.string(),
  month: ZMonth,
  reports: z.object({
    total: ZCount,
    byCategory: z.array(ZLabelled),
    /** By the tier that first held each report. */
    byTier: z.array(ZLabelled.extend({ key: z.enum(TIERS) })),
    referred: ZCount,
    /** Where referred reports went, as the handler wrote it. */
    referredTo: z.array(ZLabelled),
    outsideRemit: ZCount,
    /** Milliseconds from saving a report to its showing on the committee's screen. */
    toCommittee: z.object({ measured: ZCount, p50Ms: z.number().nullable(), p90Ms: z.number().nullable() }),
  }),
  /** GET /api/v1/reports/rates?groupBy=tier for the month, the month before and a year before. */
  rates: z.object({
    minReports: ZCount,
    current: ZRateFigures.nullable(),
    previousMonth: ZRateFigures.nullable(),
    sameMonthLastYear: ZRateFigures.nullable(),
  }),
  /** GET /api/v1/care/visit-rate for the month, and the month's check-ins, keys and money. */
  care: z.object({
    plans: ZCount,
    visits: ZCount,
    visitRate: z.number().nullable(),
    shortOfPolicy: ZCount,
    checkinsMissed: ZCount,
    ladderSteps: ZCount,
    outcomes: z.array(ZLabelled),
    keyUses: ZCount,
    moneyEntries: ZCount,
    moneyReceivedFen: ZFen,
    moneySpentFen: ZFen,
  }),
  welfare: z.object({
    decisions: ZCount,
    eligible: ZCount,
    notEligible: ZCount,
    applicationsApproved: ZCount,
    applicationsRejected: ZCount,
    noticesPublished: ZCount,
    objections: ZCount,
    emergencyGrants: ZCount,
    emergencyGrantFen: ZFen,
  }),
  /** GET /api/v1/service/value for the month, and the month's sessions and hours. */
  service: z.object({
    sessions: ZCount,
    peopleServed: ZCount,
    volunteerMinutes: ZCount,
    servicesFen: ZFen,
    savingsFen: ZFen,
    valueFen: ZFen,
  }),
  /** GET /api/v1/liaison/coverage when the figures were taken. */
  chain: z.object({
    householdsWithoutLeader: ZCount,
    overloadedLeaders: ZCount,
    vacantParents: ZCount,
    positionsStarted: ZCount,
    positionsEnded: ZCount,
  }),
});
export type TMonthlyFigures = z.infer<typeof ZMonthlyFigures>;

export const ZLateChange = z.object({
  /** The figure that moved, as a path into the figures: `care.visits`. */
  figure: z.string(),
  label: z.string(),
  closed: z.number().nullable(),
  now: z.number().nullable(),
});
export type TLateChange = z.infer<typeof ZLateChange>;

export const ZMonthlyReport = z.object({
  figures: ZMonthlyFigures,
  /** A few sentences in plain Chinese saying what changed since the month before. */
  summary: z.array(z.string()),
  generatedAt: z.iso.datetime({ offset: true }),
  /** Null while the month is open: the figures are live. */
  closed: z
    .object({
      closedAt: z.iso.datetime({ offset: true }),
      closedBy: z.string().nullable(),
      /** SHA-256 of the kept figures, as hex. */
      hash: z.string(),
      /** Figures of the month that moved after it was closed; the report keeps the closed ones. */
      lateChanges: z.array(ZLateChange),
    })
    .nullable(),
  /** The latest signed audit checkpoint; null until checkpoints exist. */
  auditCheckpoint: z.object({ hash: z.string(), at: z.string() }).nullable(),
});
export type TMonthlyReport = z.infer<typeof ZMonthlyReport>;

export const ZOverviewQuery = z.object({ month: ZMonth.optional() });
export const ZOverview = z.object({
  month: ZMonth,
  /** Below this many reports a community's rates are withheld (null) and counted in `withheld`. */
  minReports: ZCount,
  withheld: ZCount,
  communities: z.array(
    z.object({
      communityId: z.uuid(),
      communityName: z.string(),
      /** The month is closed: these are its kept figures. */
      closed: z.boolean(),
      /** Open reports past their feedback deadline, now. */
      openPastDeadline: ZCount,
      figures: ZMonthlyFigures,
    }),
  ),
});
export type TOverview = z.infer<typeof ZOverview>;

export const ZTodayQuery = z.object({ communityId: z.uuid().optional() });
/** How soon a report's next deadline comes before it counts as near. */
export const NEAR_DEADLINE_HOURS = 24;
/**
 * The kinds of thing the desk lists. Another area adds its own kind here (and its link in the web
 * desk's words), e.g. the building leader's round: the page shows any kind it is given.
 */
export const TODAY_ITEM_KINDS = [
  'report',
  'checkin',
  'visit',
  'errand',
  'followup',
  'application',
  'notice',
  'objection',
  'review',
  'session',
  'delivery',
  'coverage',
  'round_signal',
] as const;
export type TodayItemKind = (typeof TODAY_ITEM_KINDS)[number];
/** A missed check-in's ladder steps (shared/contracts/care LADDER_STEPS); 0 = not yet escalated. */
export const ZTodayLadder = z.object({
  step: z.number().int().min(0),
  /** When the next step falls due; null at the last step. */
  nextStepAt: z.string().nullable(),
});
/** A high blood-pressure reading counts as followed up within this many days. */
export const FOLLOWUP_DAYS = 7;
/** A welfare roster row whose yearly review falls due within this many days is listed. */
export const REVIEW_AHEAD_DAYS = 30;
/** Orders of a closed purchase round not delivered this many days after it closed are overdue. */
export const DELIVERY_GRACE_DAYS = 3;
const ZTodayItem = z.object({
  /** What the item is, so the page names it and shows its link. */
  kind: z.enum(TODAY_ITEM_KINDS),
  /** The record it is about (a report, a check-in, a plan, a purchase round, a community …). */
  id: z.uuid(),
  title: z.string(),
  /** When it is or was due; the list is sorted by it, earliest (most urgent) first. */
  dueAt: z.string(),
  overdue: z.boolean(),
  tier: z.enum(TIERS).nullable(),
  /** The web page where it is handled, one click away (a path of the staff app). */
  link: z.string(),
  /** How many, for an item that stands for several (undelivered orders of a round, households). */
  count: ZCount.nullable(),
  /** Where a missed check-in's ladder stands; null for every other kind. */
  ladder: ZTodayLadder.nullable(),
});
export type TTodayItem = z.infer<typeof ZTodayItem>;
export const ZToday = z.object({
  communityId: z.uuid(),
  now: z.iso.datetime({ offset: true }),
  /** Counts at the top of the desk; null where the caller's role does not see that area. */
  counts: z.object({
    reportsPastDeadline: ZCount,
    reportsNearDeadline: ZCount,
    /** Past and near, by the tier holding each report now. */
    reportsByTier: z.array(z.object({ tier: z.enum(TIERS), past: ZCount, near: ZCount })),
    checkinsMissedOpen: ZCount,
    visitsOverdue: ZCount,
    errandsOverdue: ZCount.nullable(),
    keysUsedToday: ZCount.nullable(),
    applicationsAwaitingDecision: ZCount.nullable(),
    noticesRunning: ZCount.nullable(),
    objectionsOpen: ZCount.nullable(),
    /** Yearly welfare reviews overdue or due within REVIEW_AHEAD_DAYS. */
    reviewsDue: ZCount.nullable(),
    sessionsShortOfVolunteers: ZCount.nullable(),
    /** Orders of closed purchase rounds not yet delivered. */
    deliveriesNotMade: ZCount.nullable(),
    /** High blood-pressure readings not yet followed up. */
    followUpsOpen: ZCount.nullable(),
    householdsWithoutLeader: ZCount.nullable(),
  }),
  items: z.array(ZTodayItem),
  /** The round's signals open and its coverage (issue 19); null for a role without the round. */
  round: ZRoundDesk.nullable(),
});
export type TToday = z.infer<typeof ZToday>;
