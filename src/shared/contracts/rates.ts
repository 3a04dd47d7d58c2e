import { z } from 'zod';
import { TIERS } from '../roles';

/** The three rates of the work; see src/domain/reports/rates.ts for how each is counted. */
export const ZRatesQuery = z.object({
  /** `YYYY-MM`, China Standard Time; defaults to the current month. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  groupBy: z.enum(['person', 'tier', 'building', 'month']).default('person'),
  sort: z.enum(['response', 'resolution', 'satisfaction']).default('response'),
  communityId: z.uuid().optional(),
});
export type TRatesQuery = z.input<typeof ZRatesQuery>;

export const ZRateFigures = z.object({
  reports: z.number().int(),
  responseBase: z.number().int(),
  respondedInWindow: z.number().int(),
  responseRate: z.number().nullable(),
  withFeedback: z.number().int(),
  solved: z.number().int(),
  satisfied: z.number().int(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
});
export type TRateFigures = z.infer<typeof ZRateFigures>;

export const ZRateRow = z.object({
  rank: z.number().int(),
  /** Position id, tier, building id or `YYYY-MM`; `-` for reports with none. */
  key: z.string(),
  /** The person's name, the tier's name, the building's number, or the month. */
  label: z.string().nullable(),
  tier: z.enum(TIERS).nullable(),
  current: ZRateFigures,
  /** The same figures for the month before; null when that month had fewer than `minReports`. */
  previous: ZRateFigures.nullable(),
});
export type TRateRow = z.infer<typeof ZRateRow>;

export const ZRates = z.object({
  month: z.string(),
  previousMonth: z.string(),
  groupBy: z.enum(['person', 'tier', 'building', 'month']),
  sort: z.enum(['response', 'resolution', 'satisfaction']),
  communityIds: z.array(z.uuid()),
  minReports: z.number().int(),
  rows: z.array(ZRateRow),
  /** Groups with fewer than `minReports` reports, left out of the ranking. */
  withheld: z.number().int(),
  total: z.object({ current: ZRateFigures.nullable(), previous: ZRateFigures.nullable() }),
});
export type TRates = z.infer<typeof ZRates>;
