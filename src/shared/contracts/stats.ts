import { z } from 'zod';
import { TIERS } from '../roles';
import { ZFen, ZMonth } from './careKeysMoney';
import { ZRateFigures } from './rates';

/**
 * The charts' figures (issue 16): one endpoint per chart, each for one community (the caller's only one,
 * or the one asked for), ending with the month asked for (default: this month, Beijing).
 *   GET /api/v1/stats/rates-trend?month&communityId        → ZRatesTrend (the rates' roles; chain: own subtree)
 *   GET /api/v1/stats/reports-by-week?weeks&communityId    → ZReportsByWeek (the rates' roles; chain: own subtree)
 *   GET /api/v1/stats/to-committee?month&communityId       → ZToCommittee (committee, worker, subdistrict)
 *   GET /api/v1/stats/visits-by-building?month&communityId → ZVisitsByBuilding (care readers; chain: own subtree)
 *   GET /api/v1/stats/service-by-month?month&communityId   → ZServiceByMonth (committee, worker, subdistrict)
 */
export const ZStatsQuery = z.object({
  month: ZMonth.optional(),
  /** Required when the caller sees more than one community (the subdistrict). */
  communityId: z.uuid().optional(),
});
export type TStatsQuery = z.input<typeof ZStatsQuery>;

export const ZWeeksQuery = z.object({
  /** How many weeks (Monday to Sunday, Beijing), ending with this one. */
  weeks: z.coerce.number().int().min(1).max(53).default(12),
  communityId: z.uuid().optional(),
});
export type TWeeksQuery = z.input<typeof ZWeeksQuery>;

/** How many months each chart shows, ending with the month asked for. */
export const CHART_MONTHS = 12;

const ZCount = z.number().int();

const ZRatesMonth = z.object({
  month: ZMonth,
  /** All the community's reports of the month; null when fewer than `minReports` (withheld). */
  total: ZRateFigures.nullable(),
  /** Each tier with at least `minReports` reports, in the chain's order. */
  tiers: z.array(z.object({ tier: z.enum(TIERS), label: z.string(), figures: ZRateFigures })),
  /** Tiers left out for having fewer than `minReports` reports. */
  withheld: ZCount,
});
export const ZRatesTrend = z.object({
  communityId: z.uuid(),
  minReports: ZCount,
  /** The 12 months ending with the month asked for, oldest first. */
  months: z.array(ZRatesMonth),
  /** The same 12 months a year before, oldest first. */
  previousYear: z.array(ZRatesMonth),
});
export type TRatesTrend = z.infer<typeof ZRatesTrend>;

export const ZReportsByWeek = z.object({
  communityId: z.uuid(),
  /** The categories that had reports in these weeks, in the catalogue's order. */
  categories: z.array(z.object({ key: z.string(), label: z.string() })),
  weeks: z.array(
    z.object({
      /** The Monday the week starts, Beijing. */
      weekStart: z.iso.date(),
      total: ZCount,
      /** Reports by category key; categories with none are 0. */
      counts: z.record(z.string(), ZCount),
    }),
  ),
});
export type TReportsByWeek = z.infer<typeof ZReportsByWeek>;

export const ZToCommittee = z.object({
  communityId: z.uuid(),
  months: z.array(
    z.object({
      month: ZMonth,
      /** Reports of the month whose time to the committee's screen was measured. */
      measured: ZCount,
      p50Ms: z.number().nullable(),
      p90Ms: z.number().nullable(),
    }),
  ),
});
export type TToCommittee = z.infer<typeof ZToCommittee>;

export const ZVisitsByBuilding = z.object({
  communityId: z.uuid(),
  month: ZMonth,
  buildings: z.array(
    z.object({
      buildingNumber: z.string(),
      /** Care plans running in the month. */
      plans: ZCount,
      /** Plans that had the visits their policy asks for. */
      met: ZCount,
      required: ZCount,
      visits: ZCount,
      /** met / plans; null with no plans. */
      rate: z.number().nullable(),
    }),
  ),
});
export type TVisitsByBuilding = z.infer<typeof ZVisitsByBuilding>;

export const ZServiceByMonth = z.object({
  communityId: z.uuid(),
  months: z.array(
    z.object({
      month: ZMonth,
      valueFen: ZFen,
      servicesFen: ZFen,
      savingsFen: ZFen,
      volunteerMinutes: ZCount,
    }),
  ),
});
export type TServiceByMonth = z.infer<typeof ZServiceByMonth>;
