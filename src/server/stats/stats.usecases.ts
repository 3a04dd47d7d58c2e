import { percentile } from '../../domain/desk/monthly';
import { addMonths, MIN_REPORTS, monthBounds, monthOf } from '../../domain/reports/rates';
import {
  CHART_MONTHS,
  type TRatesTrend,
  type TReportsByWeek,
  type TServiceByMonth,
  type TToCommittee,
  type TVisitsByBuilding,
} from '../../shared/contracts/stats';
import type { Language } from '../../shared/errors';
import { TIERS, type Tier } from '../../shared/roles';
import { type AccessContext, requirePermission } from '../auth/permissions';
import { visitRate } from '../care/plans.usecases';
import { localDate } from '../clock';
import { deskCommunity } from '../desk/desk.usecases';
import type { FeedBus } from '../reports/feed';
import { reportRates } from '../reports/rates.usecases';
import { beijingMidnight } from '../service/sessions.usecases';
import { valueForMonth } from '../service/value.usecases';
import { reportsSavedBetween, volunteerMinutesBetween } from './stats.repository';

export interface StatsContext extends AccessContext {
  lang: Language;
  feed: FeedBus;
}

interface Query {
  month?: string | undefined;
  communityId?: string | undefined;
}

/** The caller as seen from one of their communities, every other rule of theirs unchanged. */
function withinCommunity<T extends AccessContext>(ctx: T, communityId: string): T {
  return {
    ...ctx,
    actor: { ...ctx.actor, scope: { ...ctx.actor.scope, communityIds: [communityId] } },
  };
}

/** The CHART_MONTHS months ending with `month`, oldest first. */
export function monthsEnding(month: string, count = CHART_MONTHS): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(month, i - count + 1));
}

const isTier = (value: string): value is Tier => (TIERS as readonly string[]).includes(value);

/**
 * The three rates per tier for 12 months and for the same 12 months a year before: the rates page's
 * own figures (GET /api/v1/reports/rates?groupBy=tier) month by month, so its withholding holds here.
 */
export async function ratesTrend(ctx: StatsContext, query: Query): Promise<TRatesTrend> {
  await requirePermission(ctx, 'reports.rates');
  const communityId = await deskCommunity(ctx, query.communityId);
  const month = query.month ?? monthOf(ctx.clock());
  const one = withinCommunity(ctx, communityId);
  const monthOfRates = async (m: string) => {
    const r = await reportRates(one, { month: m, groupBy: 'tier', sort: 'response', communityId });
    const tiers = r.rows
      .filter((row): row is typeof row & { key: Tier } => isTier(row.key))
      .sort((a, b) => TIERS.indexOf(a.key) - TIERS.indexOf(b.key))
      .map((row) => ({ tier: row.key, label: row.label ?? row.key, figures: row.current }));
    return { month: m, total: r.total.current, tiers, withheld: r.withheld };
  };
  const months = monthsEnding(month);
  const [current, previous] = await Promise.all([
    Promise.all(months.map(monthOfRates)),
    Promise.all(months.map((m) => monthOfRates(addMonths(m, -12)))),
  ]);
  return { communityId, minReports: MIN_REPORTS, months: current, previousYear: previous };
}

/** The Monday (Beijing) of the week a day falls in. */
export function mondayOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** Reports saved per week (Monday to Sunday, Beijing) by category, the caller's own scope only. */
export async function reportsByWeek(
  ctx: StatsContext,
  query: { weeks: number; communityId?: string | undefined },
): Promise<TReportsByWeek> {
  await requirePermission(ctx, 'reports.rates');
  const communityId = await deskCommunity(ctx, query.communityId);
  const thisWeek = mondayOf(localDate(ctx.clock()));
  const starts = Array.from({ length: query.weeks }, (_, i) => addDays(thisWeek, 7 * (i - query.weeks + 1)));
  const first = starts[0] as string;
  const rows = await reportsSavedBetween(ctx.db, ctx.actor.scope, {
    communityId,
    from: beijingMidnight(first),
    to: beijingMidnight(addDays(thisWeek, 7)),
  });
  const en = ctx.lang === 'en';
  const categories = new Map<string, { key: string; label: string; sort: number }>();
  const weeks = new Map(
    starts.map((s) => [s, { weekStart: s, total: 0, counts: {} as Record<string, number> }]),
  );
  for (const r of rows) {
    const week = weeks.get(mondayOf(localDate(new Date(r.created_at))));
    if (!week) continue;
    categories.set(r.category, {
      key: r.category,
      label: en ? r.category_en : r.category_zh,
      sort: Number(r.category_sort),
    });
    week.total += 1;
    week.counts[r.category] = (week.counts[r.category] ?? 0) + 1;
  }
  const keys = [...categories.values()].sort((a, b) => a.sort - b.sort || a.key.localeCompare(b.key));
  return {
    communityId,
    categories: keys.map(({ key, label }) => ({ key, label })),
    weeks: [...weeks.values()].map((w) => ({
      ...w,
      counts: Object.fromEntries(keys.map((k) => [k.key, w.counts[k.key] ?? 0])),
    })),
  };
}

/** Time from saving a report to its showing on the committee's screen, p50 and p90 per month. */
export async function toCommittee(ctx: StatsContext, query: Query): Promise<TToCommittee> {
  await requirePermission(ctx, 'desk.report');
  const communityId = await deskCommunity(ctx, query.communityId);
  const months = monthsEnding(query.month ?? monthOf(ctx.clock()));
  const rows = await reportsSavedBetween(ctx.db, withinCommunity(ctx, communityId).actor.scope, {
    communityId,
    from: monthBounds(months[0] as string).from,
    to: monthBounds(months[months.length - 1] as string).to,
  });
  const byMonth = new Map<string, number[]>(months.map((m) => [m, []]));
  for (const r of rows) {
    if (r.committee_latency_ms === null) continue;
    byMonth.get(monthOf(r.created_at))?.push(Number(r.committee_latency_ms));
  }
  return {
    communityId,
    months: months.map((month) => {
      const ms = byMonth.get(month) ?? [];
      return { month, measured: ms.length, p50Ms: percentile(ms, 50), p90Ms: percentile(ms, 90) };
    }),
  };
}

/** The visit rate against policy per building: GET /api/v1/care/visit-rate for the month, by building. */
export async function visitsByBuilding(ctx: StatsContext, query: Query): Promise<TVisitsByBuilding> {
  await requirePermission(ctx, 'care.read');
  const communityId = await deskCommunity(ctx, query.communityId);
  const month = query.month ?? monthOf(ctx.clock());
  const rate = await visitRate(withinCommunity(ctx, communityId), { month });
  const buildings = new Map<string, { plans: number; met: number; required: number; visits: number }>();
  for (const item of rate.items) {
    const key = item.address.buildingNumber;
    const b = buildings.get(key) ?? { plans: 0, met: 0, required: 0, visits: 0 };
    b.plans += 1;
    if (item.shortBy === 0) b.met += 1;
    b.required += item.required;
    b.visits += item.visits;
    buildings.set(key, b);
  }
  return {
    communityId,
    month,
    buildings: [...buildings]
      .sort(([a], [b]) => a.localeCompare(b, 'zh-CN', { numeric: true }))
      .map(([buildingNumber, b]) => ({ buildingNumber, ...b, rate: b.plans === 0 ? null : b.met / b.plans })),
  };
}

/** Value delivered (GET /api/v1/service/value, month by month) and volunteer hours per month. */
export async function serviceByMonth(ctx: StatsContext, query: Query): Promise<TServiceByMonth> {
  await requirePermission(ctx, 'desk.report');
  const communityId = await deskCommunity(ctx, query.communityId);
  const months = monthsEnding(query.month ?? monthOf(ctx.clock()));
  const one = withinCommunity(ctx, communityId);
  const [values, hours] = await Promise.all([
    Promise.all(months.map((month) => valueForMonth(one, { communityId, month }))),
    volunteerMinutesBetween(ctx.db, {
      communityId,
      fromDay: `${months[0]}-01`,
      toDay: `${addMonths(months[months.length - 1] as string, 1)}-01`,
    }),
  ]);
  const minutes = new Map<string, number>();
  for (const h of hours) {
    const m = h.worked_on.slice(0, 7);
    minutes.set(m, (minutes.get(m) ?? 0) + Number(h.minutes));
  }
  return {
    communityId,
    months: months.map((month, i) => ({
      month,
      valueFen: values[i]?.totalFen ?? 0,
      servicesFen: values[i]?.servicesFen ?? 0,
      savingsFen: values[i]?.savingsFen ?? 0,
      volunteerMinutes: minutes.get(month) ?? 0,
    })),
  };
}
