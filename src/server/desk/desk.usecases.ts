import { createHash, randomUUID } from 'node:crypto';
import { addDays, ladderDueAt } from '../../domain/care/schedule';
import { canonicalJson, countBy, lateChanges, percentile, summarySentences } from '../../domain/desk/monthly';
import { addMonths, monthBounds, monthOf } from '../../domain/reports/rates';
import type { LadderStep } from '../../shared/contracts/care';
import {
  DELIVERY_GRACE_DAYS,
  FOLLOWUP_DAYS,
  NEAR_DEADLINE_HOURS,
  REVIEW_AHEAD_DAYS,
  type TMonthlyFigures,
  type TMonthlyReport,
  type TOverview,
  type TToday,
  type TTodayItem,
} from '../../shared/contracts/desk';
import type { Language } from '../../shared/errors';
import { TIERS, type Tier } from '../../shared/roles';
import { appendAudit, byActor } from '../audit/audit.repository';
import { latestAuditCheckpoint } from '../audit/checkpoints.repository';
import {
  type AccessContext,
  denyNotFound,
  hasPermission,
  type Permission,
  requirePermission,
} from '../auth/permissions';
import { errandsDue } from '../care/errands.usecases';
import { visitRate } from '../care/plans.usecases';
import { localDate } from '../clock';
import { AppError } from '../http/errors';
import { coverage } from '../liaison/liaison.usecases';
import { addressLabel } from '../registry/registry.presenters';
import type { FeedBus } from '../reports/feed';
import { monthTotal, reportRates, TIER_NAMES } from '../reports/rates.usecases';
import { roundDesk, roundDeskItems } from '../round/round.desk';
import { shortOfVolunteers } from '../service/planning.usecases';
import { beijingMidnight } from '../service/sessions.usecases';
import { valueForMonth } from '../service/value.usecases';
import {
  applicationsWaiting,
  type ClosedMonthRow,
  chainChanges,
  checkinFigures,
  communityName,
  findClosedMonth,
  followUpsOpen,
  insertClosedMonth,
  keysUsedSince,
  type MonthRange,
  missedCheckinsOpen,
  moneyByKind,
  noticesRunning,
  objectionsOpen,
  openPastDeadline,
  reportsDueBy,
  reportsOfMonth,
  reviewsDueBy,
  stationFigures,
  undeliveredByRound,
  welfareFigures,
  welfareWaiting,
} from './desk.repository';

export interface DeskContext extends AccessContext {
  lang: Language;
  feed: FeedBus;
}

const OUTCOME_ZH: Record<string, string> = {
  safe_and_well: '平安',
  no_answer_then_found_safe: '起初没联系上，后确认平安',
  phone_line_down: '电话线路故障',
};

/**
 * The one community a desk request is about: the one asked for if the caller has it (another answers
 * as not found), or their only one.
 */
export async function deskCommunity(ctx: AccessContext, requested: string | undefined): Promise<string> {
  const mine = ctx.actor.scope.communityIds;
  if (requested) {
    if (!mine.includes(requested)) {
      return denyNotFound(ctx, new AppError('desk.community_not_found'), {
        type: 'community',
        id: requested,
      });
    }
    return requested;
  }
  const [only] = mine;
  if (mine.length !== 1 || !only) throw new AppError('desk.community_required', {}, 'communityId');
  return only;
}

/**
 * The caller as seen from one of their communities: the areas' own use cases then count that community
 * alone, with every rule of theirs (permissions, scope, minimum samples) unchanged.
 */
function withinCommunity<T extends AccessContext>(ctx: T, communityId: string): T {
  return {
    ...ctx,
    actor: { ...ctx.actor, scope: { ...ctx.actor.scope, communityIds: [communityId] } },
  };
}

function rangeOf(communityId: string, month: string): MonthRange {
  const { from, to } = monthBounds(month);
  return { communityId, from, to, fromDay: `${month}-01`, toDay: `${addMonths(month, 1)}-01` };
}

const isTier = (value: string): value is Tier => (TIERS as readonly string[]).includes(value);

/** One community's figures for one month, live, from the areas' own use cases where they have one. */
export async function monthlyFigures(
  ctx: DeskContext,
  communityId: string,
  month: string,
): Promise<TMonthlyFigures> {
  const one = withinCommunity(ctx, communityId);
  const range = rangeOf(communityId, month);
  // The rates of a month come with the month before's; the same month last year is read alone.
  const [community, reports, recent, lastYear, visits, checkins, money] = await Promise.all([
    communityName(ctx.db, communityId),
    reportsOfMonth(ctx.db, range),
    reportRates(one, { month, groupBy: 'tier', sort: 'response', communityId }).then((r) => r.total),
    monthTotal(one, communityId, addMonths(month, -12)),
    visitRate(one, { month }),
    checkinFigures(ctx.db, range),
    moneyByKind(ctx.db, range),
  ]);
  const [welfare, station, value, cover, changes] = await Promise.all([
    welfareFigures(ctx.db, range),
    stationFigures(ctx.db, range),
    valueForMonth(one, { communityId, month }),
    coverage(one, communityId, 10),
    chainChanges(ctx.db, range),
  ]);
  const en = ctx.lang === 'en';
  const referred = reports.filter((r) => r.state === 'referred');
  const latencies = reports.map((r) => r.committee_latency_ms).filter((x): x is number => x !== null);
  const moneyOf = (kind: string) => money.find((m) => m.kind === kind);
  return {
    communityId,
    communityName: community?.name ?? '',
    month,
    reports: {
      total: reports.length,
      byCategory: countBy(
        reports,
        (r) => r.category,
        (r) => (en ? r.category_en : r.category_zh),
        (r) => r.category_sort,
      ),
      byTier: countBy(
        reports,
        (r) => r.first_tier ?? r.responsible_tier,
        (r) => {
          const tier = r.first_tier ?? r.responsible_tier;
          return isTier(tier) ? TIER_NAMES[tier][ctx.lang] : tier;
        },
        (r) => TIERS.indexOf((r.first_tier ?? r.responsible_tier) as Tier),
      ).filter((row): row is typeof row & { key: Tier } => isTier(row.key)),
      referred: referred.length,
      referredTo: countBy(
        referred,
        (r) => r.referred_to ?? '',
        (r) => r.referred_to ?? (en ? 'not named' : '未写明'),
      ),
      outsideRemit: reports.filter((r) => r.state === 'outside_remit').length,
      toCommittee: {
        measured: latencies.length,
        p50Ms: percentile(latencies.map(Number), 50),
        p90Ms: percentile(latencies.map(Number), 90),
      },
    },
    rates: {
      minReports: 10,
      current: recent.current,
      previousMonth: recent.previous,
      sameMonthLastYear: lastYear,
    },
    care: {
      plans: visits.plans,
      visits: visits.visits,
      visitRate: visits.rate,
      shortOfPolicy: visits.shortOfPolicy,
      checkinsMissed: checkins.missed,
      ladderSteps: checkins.ladderSteps,
      outcomes: checkins.outcomes.map((o) => ({
        key: o.outcome,
        label: en ? o.outcome.replaceAll('_', ' ') : (OUTCOME_ZH[o.outcome] ?? o.outcome),
        count: o.n,
      })),
      keyUses: checkins.keyUses,
      moneyEntries: money.reduce((n, m) => n + Number(m.n), 0),
      moneyReceivedFen: Number(moneyOf('received')?.fen ?? 0),
      moneySpentFen: -Number(moneyOf('spent')?.fen ?? 0),
    },
    welfare,
    service: {
      ...station,
      servicesFen: value.servicesFen,
      savingsFen: value.savingsFen,
      valueFen: value.totalFen,
    },
    chain: {
      householdsWithoutLeader: cover.householdsWithoutLeader.length,
      overloadedLeaders: cover.overloadedLeaders.length,
      vacantParents: cover.vacantParents.length,
      ...changes,
    },
  };
}

/** A closed month's kept figures: the database keeps the very text whose SHA-256 is the hash. */
function keptFigures(row: ClosedMonthRow): TMonthlyFigures {
  return JSON.parse(row.figures) as TMonthlyFigures;
}

/** The figures a report shows for a month: the kept ones once closed, live ones before. */
async function figuresFor(ctx: DeskContext, communityId: string, month: string) {
  const closed = await findClosedMonth(ctx.db, communityId, month);
  return { closed, figures: closed ? keptFigures(closed) : await monthlyFigures(ctx, communityId, month) };
}

export async function monthlyReport(
  ctx: DeskContext,
  query: { month: string; communityId?: string | undefined },
): Promise<TMonthlyReport> {
  await requirePermission(ctx, 'desk.report');
  const communityId = await deskCommunity(ctx, query.communityId);
  return reportOf(ctx, communityId, query.month);
}

async function reportOf(ctx: DeskContext, communityId: string, month: string): Promise<TMonthlyReport> {
  const [{ closed, figures }, previous] = await Promise.all([
    figuresFor(ctx, communityId, month),
    figuresFor(ctx, communityId, addMonths(month, -1)),
  ]);
  // A closed month quotes the checkpoint that was current when it closed, so it reads the same later;
  // an open month the newest one.
  const checkpoint = await latestAuditCheckpoint(ctx.db, closed?.closed_at);
  return {
    figures,
    summary: summarySentences(figures, previous.figures),
    generatedAt: ctx.clock().toISOString(),
    closed: closed
      ? {
          closedAt: closed.closed_at,
          closedBy: closed.closed_by,
          hash: closed.hash,
          lateChanges: lateChanges(figures, await monthlyFigures(ctx, communityId, month)),
        }
      : null,
    auditCheckpoint: checkpoint ? { hash: checkpoint.hash, at: checkpoint.at } : null,
  };
}

/** The committee closes a month that is over: its figures are kept with their hash, once. */
export async function closeMonth(
  ctx: DeskContext,
  input: { month: string; communityId?: string | undefined },
): Promise<TMonthlyReport> {
  await requirePermission(ctx, 'desk.close');
  const communityId = await deskCommunity(ctx, input.communityId);
  if (input.month >= monthOf(ctx.clock())) throw new AppError('desk.month_not_over', {}, 'month');
  const text = canonicalJson(await monthlyFigures(ctx, communityId, input.month));
  const hash = createHash('sha256').update(text).digest('hex');
  const at = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const id = randomUUID();
    const written = await insertClosedMonth(trx, {
      id,
      communityId,
      month: input.month,
      figures: text,
      hash,
      at,
      by: ctx.actor.user.id,
    });
    if (Number(written.numInsertedOrUpdatedRows ?? 0) === 0)
      throw new AppError('desk.month_closed', {}, 'month');
    await appendAudit(trx, ctx.clock(), [
      {
        action: 'desk.month_closed',
        outcome: 'success',
        actorUserId: ctx.actor.user.id,
        actorRole: ctx.actor.user.role,
        targetType: 'community',
        targetId: communityId,
        ip: ctx.actor.ip,
        detail: { month: input.month, hash },
      },
    ]);
  });
  return reportOf(ctx, communityId, input.month);
}

/**
 * The reports a PDF or workbook holds: the one community asked for, or, for a caller with several
 * (the subdistrict) who names none, every one of theirs side by side.
 */
export async function monthlyReportsFor(
  ctx: DeskContext,
  query: { month: string; communityId?: string | undefined },
): Promise<TMonthlyReport[]> {
  await requirePermission(ctx, 'desk.report');
  const ids = query.communityId
    ? [await deskCommunity(ctx, query.communityId)]
    : [...ctx.actor.scope.communityIds];
  if (ids.length === 0) throw new AppError('desk.community_required', {}, 'communityId');
  const reports: TMonthlyReport[] = [];
  // One community after another: each already runs its queries side by side.
  for (const id of ids) reports.push(await reportOf(ctx, id, query.month));
  return reports.sort((a, b) => a.figures.communityName.localeCompare(b.figures.communityName, 'zh-CN'));
}

/** The subdistrict's communities side by side for a month, each with what is open past its deadline now. */
export async function subdistrictOverview(
  ctx: DeskContext,
  query: { month?: string | undefined },
): Promise<TOverview> {
  await requirePermission(ctx, 'desk.report');
  const month = query.month ?? monthOf(ctx.clock());
  const now = ctx.clock().toISOString();
  const ids = [...ctx.actor.scope.communityIds];
  const [late, communities] = await Promise.all([
    openPastDeadline(ctx.db, ids, now),
    Promise.all(ids.map((id) => figuresFor(ctx, id, month))),
  ]);
  const rows = communities.map(({ figures, closed }) => ({
    communityId: figures.communityId,
    communityName: figures.communityName,
    closed: closed !== undefined,
    openPastDeadline: late.get(figures.communityId) ?? 0,
    figures,
  }));
  return {
    month,
    minReports: 10,
    withheld: rows.filter((r) => r.figures.rates.current === null).length,
    communities: rows.sort((a, b) => a.communityName.localeCompare(b.communityName, 'zh-CN')),
  };
}

/** Midnight at the end of a Beijing day, as an instant: what "by the end of 5 December" means. */
function endOfDay(day: string): string {
  return beijingMidnight(addDays(day, 1));
}

function plusDays(iso: string, days: number): string {
  return new Date(new Date(iso).getTime() + days * 86_400_000).toISOString();
}

/**
 * What needs someone now, most urgent first: the community's for community-wide roles (the subdistrict
 * read-only, one community at a time), the caller's own subtree for the chain. Areas the caller's role
 * does not see count as null. Each item names the page where it is handled.
 */
export async function today(ctx: DeskContext, query: { communityId?: string | undefined }): Promise<TToday> {
  await requirePermission(ctx, 'desk.today');
  const communityId = await deskCommunity(ctx, query.communityId);
  const one = withinCommunity(ctx, communityId);
  const now = ctx.clock();
  const nowIso = now.toISOString();
  const near = new Date(now.getTime() + NEAR_DEADLINE_HOURS * 3_600_000).toISOString();
  const day = localDate(now);
  const communityWide = ctx.actor.scope.chainPositionIds === null;
  const may = (p: Permission) => hasPermission(ctx.actor, p);
  const seesWelfare = may('welfare.read');
  const [reports, missed, visits, errands, keys, welfare, short, cover] = await Promise.all([
    reportsDueBy(ctx.db, one.actor.scope, near),
    missedCheckinsOpen(ctx.db, one.actor.scope, communityId),
    visitRate(one, {}),
    may('care.errands.read') ? errandsDue(one, undefined) : null,
    communityWide && may('care.keys.read') ? keysUsedSince(ctx.db, communityId, beijingMidnight(day)) : null,
    seesWelfare ? welfareWaiting(ctx.db, communityId, day) : null,
    may('service.manage') ? shortOfVolunteers(one, 7) : null,
    may('liaison.coverage') ? coverage(one, communityId, 10) : null,
  ]);
  const round = await roundDesk(one);
  const [applications, notices, objections, reviews, deliveries, followUps] = await Promise.all([
    seesWelfare ? applicationsWaiting(ctx.db, communityId) : null,
    seesWelfare ? noticesRunning(ctx.db, communityId, day) : null,
    seesWelfare ? objectionsOpen(ctx.db, communityId) : null,
    seesWelfare ? reviewsDueBy(ctx.db, communityId, addDays(day, REVIEW_AHEAD_DAYS)) : null,
    may('service.purchases.order') ? undeliveredByRound(ctx.db, one.actor.scope, communityId, day) : null,
    may('service.readings') ? followUpsOpen(ctx.db, communityId) : null,
  ]);
  const en = ctx.lang === 'en';
  const plain = { tier: null, count: null, ladder: null };
  const reportItems: TTodayItem[] = reports.map((r) => {
    // The nearer of the acknowledgement window and the feedback deadline is the one to meet.
    const dueAt = [r.ack_due_at, r.feedback_due_at]
      .filter((x): x is string => x !== null)
      .sort()[0] as string;
    return {
      ...plain,
      kind: 'report',
      id: r.id,
      title: `${en ? r.category_en : r.category_zh}：${r.description.slice(0, 40)}`,
      dueAt,
      overdue: dueAt < nowIso,
      tier: isTier(r.responsible_tier) ? r.responsible_tier : null,
      link: `/reports/${r.id}`,
    };
  });
  const overdueErrands = (errands?.people ?? []).flatMap((p) =>
    p.errands.filter((e) => e.status === 'overdue'),
  );
  const undelivered = (deliveries ?? []).reduce((n, d) => n + Number(d.n), 0);
  const items: TTodayItem[] = [
    ...reportItems,
    ...missed.map((c): TTodayItem => {
      const step = Number(c.ladder_step);
      const next = step < 3 ? ladderDueAt(new Date(c.grace_until), (step + 1) as LadderStep) : null;
      return {
        ...plain,
        kind: 'checkin',
        id: c.id,
        title: en
          ? `${c.resident_name}: check-in missed, ladder step ${step} of 3`
          : `${c.resident_name} 未报平安，已到第 ${step} 步（共 3 步）`,
        dueAt: c.grace_until,
        overdue: true,
        link: '/#checkin-alerts',
        ladder: { step, nextStepAt: next ? next.toISOString() : null },
      };
    }),
    ...visits.items
      .filter((v) => v.visitStatus === 'overdue')
      .map(
        (v): TTodayItem => ({
          ...plain,
          kind: 'visit',
          id: v.planId,
          title: en ? `${v.residentName}: visit overdue` : `${v.residentName} 该探访了`,
          dueAt: v.nextVisitDueAt,
          overdue: true,
          tier: v.responsible?.tier ?? null,
          link: `/care/plans/${v.planId}/visit`,
        }),
      ),
    ...overdueErrands.map(
      (e): TTodayItem => ({
        ...plain,
        kind: 'errand',
        id: e.id,
        title: `${e.resident.name}：${e.title}`,
        dueAt: beijingMidnight(e.nextDueOn ?? day),
        overdue: true,
        link: '/care',
      }),
    ),
    ...(followUps ?? []).map((f): TTodayItem => {
      const dueAt = plusDays(f.taken_at, FOLLOWUP_DAYS);
      return {
        ...plain,
        kind: 'followup',
        id: f.id,
        title: en
          ? `${f.resident_name}: blood pressure ${f.systolic}/${f.diastolic}, follow up`
          : `${f.resident_name} 血压偏高 ${f.systolic}/${f.diastolic}，待复查`,
        dueAt,
        overdue: dueAt < nowIso,
        link: f.plan_id ? `/care/plans/${f.plan_id}/visit` : `/households/${f.household_id}`,
      };
    }),
    ...(applications ?? []).map((a): TTodayItem => {
      // On notice: decided when the notice ends; before that, waiting since it was filed.
      const dueAt = a.notice_ends_on ? endOfDay(a.notice_ends_on) : a.filed_at;
      return {
        ...plain,
        kind: 'application',
        id: a.id,
        title: en
          ? `${a.resident_name}: application ${a.status === 'on_notice' ? 'on public notice' : 'awaiting a decision'}`
          : `${a.resident_name} 的申请${a.status === 'on_notice' ? '正在公示' : '等待决定'}`,
        dueAt,
        overdue: a.notice_ends_on !== null && dueAt < nowIso,
        link: `/households/${a.household_id}/welfare`,
      };
    }),
    ...(objections ?? []).map(
      (o): TTodayItem => ({
        ...plain,
        kind: 'objection',
        id: o.id,
        title: en ? `Objection to “${o.notice_title}” to answer` : `对“${o.notice_title}”的异议待答复`,
        // An objection is answered before its notice ends.
        dueAt: endOfDay(o.notice_ends_on),
        overdue: endOfDay(o.notice_ends_on) < nowIso,
        link: `/welfare/notices/${o.notice_id}`,
      }),
    ),
    ...(notices ?? []).map(
      (n): TTodayItem => ({
        ...plain,
        kind: 'notice',
        id: n.id,
        title: en ? `Public notice “${n.title}” until ${n.ends_on}` : `公示“${n.title}”到 ${n.ends_on}`,
        dueAt: endOfDay(n.ends_on),
        overdue: false,
        link: `/welfare/notices/${n.id}`,
      }),
    ),
    ...(reviews ?? []).map(
      (r): TTodayItem => ({
        ...plain,
        kind: 'review',
        id: r.id,
        title: en
          ? `${addressLabel({ buildingNumber: r.building_number, entranceNumber: r.entrance_number, room: r.room })}: yearly review due ${r.review_due_on}`
          : `${addressLabel({ buildingNumber: r.building_number, entranceNumber: r.entrance_number, room: r.room })} 年度复核 ${r.review_due_on} 到期`,
        dueAt: beijingMidnight(r.review_due_on),
        overdue: r.review_due_on < day,
        link: '/welfare/roster',
      }),
    ),
    ...(short?.items ?? []).map(
      (s): TTodayItem => ({
        ...plain,
        kind: 'session',
        id: s.id,
        title: en
          ? `${s.service.nameEn}: ${s.short} volunteers short`
          : `${s.service.nameZh} 还缺 ${s.short} 名志愿者`,
        dueAt: s.startsAt,
        overdue: false,
        link: `/service/sessions/${s.id}`,
      }),
    ),
    ...(deliveries ?? []).map(
      (d): TTodayItem => ({
        ...plain,
        kind: 'delivery',
        id: d.id,
        title: en
          ? `${d.title}: ${Number(d.n)} orders not yet delivered`
          : `${d.title}：还有 ${Number(d.n)} 户没送到`,
        dueAt: endOfDay(addDays(d.closes_on, DELIVERY_GRACE_DAYS)),
        overdue: addDays(d.closes_on, DELIVERY_GRACE_DAYS) < day,
        count: Number(d.n),
        link: `/service/rounds/${d.id}`,
      }),
    ),
    ...roundDeskItems(round, ctx.lang),
    ...(cover && cover.householdsWithoutLeader.length > 0
      ? [
          {
            ...plain,
            kind: 'coverage' as const,
            id: communityId,
            title: en
              ? `${cover.householdsWithoutLeader.length} households without a building leader`
              : `${cover.householdsWithoutLeader.length} 户没有楼门组长`,
            dueAt: nowIso,
            overdue: false,
            count: cover.householdsWithoutLeader.length,
            link: '/chain/coverage',
          },
        ]
      : []),
  ].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt));
  if (followUps && followUps.length > 0) {
    // Who had a high reading is health information: each one shown is in the audit trail.
    await ctx.db.transaction().execute((trx) =>
      appendAudit(
        trx,
        now,
        followUps.map((f) =>
          byActor(ctx.actor, {
            action: 'read.sensitive',
            targetType: 'service_reading',
            targetId: f.id,
            residentId: f.resident_id,
            communityId,
            fieldClass: 'health',
          }),
        ),
      ),
    );
  }
  return {
    communityId,
    now: nowIso,
    counts: {
      reportsPastDeadline: reportItems.filter((r) => r.overdue).length,
      reportsNearDeadline: reportItems.filter((r) => !r.overdue).length,
      reportsByTier: TIERS.map((tier) => ({
        tier,
        past: reportItems.filter((r) => r.tier === tier && r.overdue).length,
        near: reportItems.filter((r) => r.tier === tier && !r.overdue).length,
      })).filter((t) => t.past + t.near > 0),
      checkinsMissedOpen: missed.length,
      visitsOverdue: visits.overdue,
      errandsOverdue: errands ? overdueErrands.length : null,
      keysUsedToday: keys,
      applicationsAwaitingDecision: welfare?.applications ?? null,
      noticesRunning: welfare?.notices ?? null,
      objectionsOpen: welfare?.objections ?? null,
      reviewsDue: reviews ? reviews.length : null,
      sessionsShortOfVolunteers: short ? short.items.length : null,
      deliveriesNotMade: deliveries ? undelivered : null,
      followUpsOpen: followUps ? followUps.length : null,
      householdsWithoutLeader: cover ? cover.householdsWithoutLeader.length : null,
    },
    items,
    round,
  };
}
