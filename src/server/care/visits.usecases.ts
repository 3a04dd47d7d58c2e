import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  TVisit,
  TVisitList,
  VisitActivity,
  ZFollowUpReportInput,
  ZVisitInput,
} from '../../shared/contracts/care';
import type { Tier } from '../../shared/roles';
import { type AuditEntry, appendAudit, byActor } from '../audit/audit.repository';
import { denyNotFound, requirePermission } from '../auth/permissions';
import { canSee, type Scope } from '../auth/scope';
import type { CareFollowupTable, CareVisitPolicyTable, CareVisitTable, DB } from '../db/schema';
import { AppError } from '../http/errors';
import { onceForKey } from '../http/idempotency';
import { createReport } from '../reports/reports.usecases';
import { findPlanInScope, type PlanRow } from './plans.repository';
import { type CareContext, planOr404 } from './plans.usecases';
import {
  answerEventVisits,
  findFollowUp,
  insertVisit,
  linkFollowUpReport,
  partsOfVisits,
  visitsById,
  visitsOfPlan,
} from './visits.repository';

/** What a health follow-up says in the report it becomes: the chain sees that, not the health detail. */
const HEALTH_FOLLOW_UP_REPORT = '探访后续：老人健康情况需要关注（详情见探访记录，仅社区工作者可见）';

/**
 * Visits as the caller may see them. Health detail (whether health got worse, what was seen, the text
 * of health follow-ups) only for roles with the `health` field class; every visit whose health detail
 * is shown yields one audit entry. Others see that something was noted, and that a follow-up exists.
 */
export async function presentVisits(
  db: Kysely<DB>,
  scope: Scope,
  visits: readonly CareVisitTable[],
  purpose: string,
): Promise<{ items: TVisit[]; reads: AuditEntry[] }> {
  const { policies, followUps } = await partsOfVisits(
    db,
    visits.map((v) => v.id),
  );
  const showHealth = canSee(scope, 'health');
  const reads: AuditEntry[] = [];
  const items = visits.map((v): TVisit => {
    const own = followUps.filter((f) => f.visit_id === v.id);
    const healthNoted = v.health_worse === 1 || v.health_detail !== null || own.some((f) => f.health === 1);
    if (showHealth && healthNoted) {
      reads.push({
        action: 'read.sensitive',
        outcome: 'success',
        targetType: 'care_visit',
        targetId: v.id,
        residentId: v.resident_id,
        communityId: v.community_id,
        fieldClass: 'health',
        purpose,
      });
    }
    return {
      id: v.id,
      planId: v.plan_id,
      residentId: v.resident_id,
      visitedAt: v.visited_at,
      recordedAt: v.recorded_at,
      visitor: v.visitor_name,
      visitorTier: (v.visitor_tier as Tier | null) ?? null,
      how: v.how as TVisit['how'],
      activities: JSON.parse(v.activities) as VisitActivity[],
      healthNoted,
      ...(showHealth ? { healthWorse: v.health_worse === 1, healthDetail: v.health_detail } : {}),
      needsSomething: v.needs_something === 1,
      needsDetail: v.needs_detail,
      policies: policies
        .filter((p) => p.visit_id === v.id)
        .map((p) => ({
          policy: p.policy,
          forms: JSON.parse(p.forms) as TVisit['policies'][number]['forms'],
          language: p.language,
          saidBack: p.said_back as TVisit['policies'][number]['saidBack'],
        })),
      followUps: own.map((f) => ({
        id: f.id,
        health: f.health === 1,
        ...(f.health === 0 || showHealth ? { text: f.text } : {}),
        reportId: f.report_id,
      })),
      note: v.note,
    };
  });
  return { items, reads };
}

async function presentAndAudit(ctx: CareContext, visits: readonly CareVisitTable[], purpose: string) {
  const { items, reads } = await presentVisits(ctx.db, ctx.actor.scope, visits, purpose);
  if (reads.length > 0) {
    await ctx.db.transaction().execute((trx) =>
      appendAudit(
        trx,
        ctx.clock(),
        reads.map((r) => byActor(ctx.actor, r)),
      ),
    );
  }
  return items;
}

/**
 * Lands once per Idempotency-Key: a phone that was out of signal sends again until it hears back, and
 * gets the first answer. The answer is presented inside the transaction, so the stored answer and its
 * audit entries exist exactly when the visit does.
 */
export async function recordVisit(
  ctx: CareContext,
  planId: string,
  input: z.output<typeof ZVisitInput>,
  idempotencyKey?: string,
): Promise<TVisit> {
  await requirePermission(ctx, 'care.record');
  const plan = await planOr404(ctx, planId);
  return onceForKey(ctx, idempotencyKey, { planId: plan.id, visit: input }, (trx) =>
    writeVisit(ctx, trx, plan, input),
  );
}

/**
 * Writes a visit of a plan in the caller's transaction, with its audit entries, and presents it. The
 * round's door call uses it too, so "需要帮忙" at the door is a visit like any other.
 */
export async function writeVisit(
  ctx: CareContext,
  trx: Kysely<DB>,
  plan: PlanRow,
  input: z.output<typeof ZVisitInput>,
): Promise<TVisit> {
  if (plan.ended_at) throw new AppError('care.plan_ended');
  const now = ctx.clock();
  const visitedAt = input.visitedAt ? new Date(input.visitedAt) : now;
  if (visitedAt.getTime() > now.getTime() + 5 * 60_000)
    throw new AppError('care.visit_in_future', {}, 'visitedAt');
  const at = now.toISOString();
  const positionId = [...ctx.actor.scope.positionIds][0] ?? null;
  const position = positionId
    ? await trx.selectFrom('liaison_position').select('tier').where('id', '=', positionId).executeTakeFirst()
    : undefined;
  const activities = [...new Set(input.activities)];
  if (input.policies.length > 0 && !activities.includes('policy_explained'))
    activities.push('policy_explained');
  const visit: CareVisitTable = {
    id: randomUUID(),
    plan_id: plan.id,
    community_id: plan.community_id,
    household_id: plan.household_id,
    resident_id: plan.resident_id,
    visited_at: visitedAt.toISOString(),
    recorded_at: at,
    recorded_by_user_id: ctx.actor.user.id,
    visitor_name: ctx.actor.user.displayName,
    visitor_position_id: positionId,
    visitor_tier: position?.tier ?? null,
    how: input.how,
    activities: JSON.stringify(activities),
    health_worse: input.healthWorse ? 1 : 0,
    health_detail: input.healthDetail ?? null,
    needs_something: input.needsSomething || input.needsDetail ? 1 : 0,
    needs_detail: input.needsDetail ?? null,
    note: input.note ?? null,
  };
  const policies: CareVisitPolicyTable[] = input.policies.map((p) => ({
    id: randomUUID(),
    visit_id: visit.id,
    policy: p.policy,
    forms: JSON.stringify([...new Set(p.forms)]),
    language: p.language ?? null,
    said_back: p.saidBack,
  }));
  const followUps: CareFollowupTable[] = input.followUps.map((f, sort) => ({
    id: randomUUID(),
    visit_id: visit.id,
    plan_id: plan.id,
    health: f.health ? 1 : 0,
    text: f.text,
    report_id: null,
    created_at: at,
    sort,
  }));
  await insertVisit(trx, visit, policies, followUps);
  if (visit.how === 'in_person') await answerEventVisits(trx, plan.id, visit.id, visit.visited_at);
  const { items, reads } = await presentVisits(trx, ctx.actor.scope, [visit], 'care_visit_recorded');
  await appendAudit(trx, now, [
    byActor(ctx.actor, {
      action: 'care.visit_record',
      targetType: 'care_visit',
      targetId: visit.id,
      communityId: plan.community_id,
      residentId: plan.resident_id,
      detail: { planId: plan.id, followUps: followUps.length },
    }),
    ...reads.map((r) => byActor(ctx.actor, r)),
  ]);
  return items[0] as TVisit;
}

export async function listVisits(ctx: CareContext, planId: string): Promise<TVisitList> {
  await requirePermission(ctx, 'care.read');
  const plan = await planOr404(ctx, planId);
  const visits = await visitsOfPlan(ctx.db, plan.id, 100);
  return { items: await presentAndAudit(ctx, visits, 'care_visits') };
}

/** A follow-up becomes a report for the chain, about the household, on behalf of the resident. */
export async function followUpToReport(
  ctx: CareContext,
  followUpId: string,
  input: z.output<typeof ZFollowUpReportInput>,
): Promise<{ followUpId: string; reportId: string }> {
  await requirePermission(ctx, 'care.record');
  const followUp = await findFollowUp(ctx.db, followUpId);
  const plan = followUp ? await findPlanInScope(ctx.db, ctx.actor.scope, followUp.plan_id) : undefined;
  if (!followUp || !plan) {
    return denyNotFound(ctx, new AppError('care.followup_not_found'), {
      type: 'care_followup',
      id: followUpId,
    });
  }
  if (followUp.report_id) throw new AppError('care.followup_reported');
  const [visit] = await visitsById(ctx.db, [followUp.visit_id]);
  const report = await createReport(
    ctx,
    {
      category: input.category,
      ...(input.urgency ? { urgency: input.urgency } : {}),
      householdId: plan.household_id,
      onBehalfOfResidentId: plan.resident_id,
      description:
        followUp.health === 1
          ? HEALTH_FOLLOW_UP_REPORT
          : `探访后续（${visit?.visited_at.slice(0, 10) ?? ''}）：${followUp.text}`.slice(0, 4000),
    },
    undefined,
  );
  const linked = await ctx.db.transaction().execute((trx) => linkFollowUpReport(trx, followUp.id, report.id));
  if (!linked) throw new AppError('care.followup_reported');
  return { followUpId: followUp.id, reportId: report.id };
}
