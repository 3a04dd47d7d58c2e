import type { z } from 'zod';
import {
  addMonths,
  MIN_REPORTS,
  monthBounds,
  monthOf,
  monthsNeeded,
  NONE,
  type ReportFacts,
  rateTable,
  responseOf,
} from '../../domain/reports/rates';
import type { TRates, ZRatesQuery } from '../../shared/contracts/rates';
import type { Language } from '../../shared/errors';
import { TIERS, type Tier } from '../../shared/roles';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { AppError } from '../http/errors';
import { buildingNumbers, feedbackForRates, reportsForRates } from './rates.repository';
import { positionsById } from './reports.repository';

export const TIER_NAMES: Record<Tier, Record<Language, string>> = {
  committee: { 'zh-CN': '社区党委', en: 'Community committee' },
  branch: { 'zh-CN': '党支部', en: 'Party branch' },
  group_leader: { 'zh-CN': '党小组长', en: 'Party group leader' },
  party_member: { 'zh-CN': '党员', en: 'Party member' },
  building_leader: { 'zh-CN': '楼门长', en: 'Building leader' },
};

const isTier = (value: string): value is Tier => (TIERS as readonly string[]).includes(value);

/**
 * The three rates for a month, grouped and ranked, beside the month before. Community-wide roles see
 * their communities (or the one asked for); chain roles the reports in their scope, and of people only
 * those of their own subtree.
 */
export async function reportRates(
  ctx: AccessContext & { lang: Language },
  query: z.output<typeof ZRatesQuery>,
): Promise<TRates> {
  await requirePermission(ctx, 'reports.rates');
  const { scope } = ctx.actor;
  let communityIds = scope.communityIds;
  if (query.communityId) {
    if (!scope.communityIds.includes(query.communityId)) {
      return denyNotFound(ctx, new AppError('rates.community_not_found'), {
        type: 'community',
        id: query.communityId,
      });
    }
    communityIds = [query.communityId];
  }
  const now = ctx.clock().toISOString();
  const month = query.month ?? monthOf(now);
  const months = monthsNeeded(month, query.groupBy);
  const range = {
    communityIds,
    from: monthBounds(months[0] as string).from,
    to: monthBounds(month).to,
    withBuilding: query.groupBy === 'building',
  };
  const facts = await factsOf(ctx, range);
  const chain = scope.chainPositionIds;
  const table = rateTable(facts, {
    month,
    groupBy: query.groupBy,
    sort: query.sort,
    minReports: MIN_REPORTS,
    ...(query.groupBy === 'person' && chain !== null ? { include: (key: string) => chain.has(key) } : {}),
  });
  const keys = table.rows.map((r) => r.key).filter((k) => k !== NONE);
  const [positions, buildings] = await Promise.all([
    query.groupBy === 'person' ? positionsById(ctx.db, keys) : Promise.resolve(new Map()),
    query.groupBy === 'building' ? buildingNumbers(ctx.db, keys) : Promise.resolve(new Map<string, string>()),
  ]);
  const label = (key: string): { label: string | null; tier: Tier | null } => {
    if (key === NONE) return { label: null, tier: null };
    switch (query.groupBy) {
      case 'person': {
        const p = positions.get(key);
        return { label: p?.person_name ?? null, tier: p && isTier(p.tier) ? p.tier : null };
      }
      case 'tier':
        return isTier(key) ? { label: TIER_NAMES[key][ctx.lang], tier: key } : { label: key, tier: null };
      case 'building': {
        const n = buildings.get(key);
        if (n === undefined) return { label: null, tier: null };
        return { label: ctx.lang === 'en' ? `Building ${n}` : `${n}号楼`, tier: null };
      }
      case 'month':
        return { label: key, tier: null };
    }
  };
  return {
    month,
    previousMonth: addMonths(month, -1),
    groupBy: query.groupBy,
    sort: query.sort,
    communityIds: [...communityIds],
    minReports: MIN_REPORTS,
    rows: table.rows.map((r) => ({ ...r, ...label(r.key) })),
    withheld: table.withheld,
    total: table.total,
  };
}

/**
 * What the rates count of each report created in [from, to) within the caller's scope: when it was
 * answered against its first window, and its latest feedback.
 */
async function factsOf(
  ctx: AccessContext,
  range: { communityIds: readonly string[]; from: string; to: string; withBuilding: boolean },
): Promise<ReportFacts[]> {
  const now = ctx.clock().toISOString();
  const [rows, feedback] = await Promise.all([
    reportsForRates(ctx.db, ctx.actor.scope, range),
    feedbackForRates(ctx.db, ctx.actor.scope, range),
  ]);
  const latest = new Map<string, { solved: boolean; satisfied: boolean; at: string }>();
  for (const f of feedback) {
    const seen = latest.get(f.report_id);
    if (!seen || f.at >= seen.at) {
      latest.set(f.report_id, { solved: f.solved === 1, satisfied: f.satisfied === 1, at: f.at });
    }
  }
  return rows.map((r) => {
    const answeredAt =
      [r.acknowledged_at, r.closed_at].filter((x): x is string => x !== null).sort()[0] ?? null;
    const fb = latest.get(r.id);
    return {
      id: r.id,
      month: monthOf(r.created_at),
      buildingId: r.building_id ?? r.household_building_id,
      firstPositionId: r.first_due_at === null ? r.responsible_position_id : r.first_position_id,
      firstTier: r.first_tier ?? r.responsible_tier,
      currentPositionId: r.responsible_position_id,
      currentTier: r.responsible_tier,
      response: responseOf(answeredAt, r.first_due_at, now),
      feedback: fb ? { solved: fb.solved, satisfied: fb.satisfied } : null,
    };
  });
}

/**
 * One month's three rates over all of a community's reports (`total.current` of reportRates for that month,
 * grouped by tier), reading that month alone: the monthly report's "same month last year".
 */
export async function monthTotal(
  ctx: AccessContext & { lang: Language },
  communityId: string,
  month: string,
): Promise<TRates['total']['current']> {
  await requirePermission(ctx, 'reports.rates');
  const { from, to } = monthBounds(month);
  const facts = await factsOf(ctx, { communityIds: [communityId], from, to, withBuilding: false });
  return rateTable(facts, { month, groupBy: 'tier', sort: 'response', minReports: MIN_REPORTS }).total
    .current;
}
