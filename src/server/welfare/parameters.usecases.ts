import { randomUUID } from 'node:crypto';
import { describePolicy } from '../../domain/welfare/describe';
import { type Policy, parametersOn } from '../../domain/welfare/policy';
import type { TParameterChange } from '../../shared/contracts/welfare';
import type { Language } from '../../shared/errors';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { userNames } from '../care/keysMoney.common';
import { localDate } from '../clock';
import type { WelfareParameterChangeTable } from '../db/schema';
import { AppError } from '../http/errors';
import {
  changesOfPolicy,
  findChange,
  insertChange,
  decideChange as markDecided,
} from './parameters.repository';
import { policies, policyOrFail } from './policies';

function summaryOf(policy: Policy) {
  return {
    id: policy.id,
    version: policy.version,
    title: policy.title,
    document: policy.document,
    summary: policy.summary,
  };
}

export async function listPolicies(ctx: AccessContext) {
  await requirePermission(ctx, 'welfare.policies.read');
  return { policies: policies().map(summaryOf) };
}

/** The community whose parameter changes apply: the caller's own (a subdistrict account sees the file's values). */
function ownCommunity(ctx: AccessContext): string | null {
  const ids = ctx.actor.scope.communityIds;
  return ids.length === 1 ? (ids[0] as string) : null;
}

export async function presentChanges(ctx: AccessContext, rows: readonly WelfareParameterChangeTable[]) {
  const names = await userNames(
    ctx.db,
    rows.flatMap((r) => [r.proposed_by_user_id, r.decided_by_user_id]),
  );
  return rows.map(
    (r): TParameterChange => ({
      id: r.id,
      policyId: r.policy_id,
      parameter: r.parameter,
      from: r.effective_from,
      value: r.value,
      reason: r.reason,
      status: r.status,
      proposedBy: names.get(r.proposed_by_user_id) ?? '',
      proposedAt: r.proposed_at,
      decidedBy: r.decided_by_user_id ? (names.get(r.decided_by_user_id) ?? '') : null,
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
    }),
  );
}

/** A policy in plain words, with each parameter's dated values and the community's changes. */
export async function getPolicy(ctx: AccessContext, policyId: string, lang: Language) {
  await requirePermission(ctx, 'welfare.policies.read');
  const policy = policyOrFail(policyId);
  const community = ownCommunity(ctx);
  const changes = community ? await changesOfPolicy(ctx.db, community, policy.id) : [];
  const approved = changes.filter((c) => c.status === 'approved');
  const extras = approved.map((c) => ({ parameter: c.parameter, from: c.effective_from, value: c.value }));
  const today = localDate(ctx.clock());
  const current = parametersOn(policy, today, extras);
  const description = describePolicy(policy, today, lang, extras);
  const criteria = [
    ...description.criteria.map((c) => c.text),
    ...(description.amount ? [description.amount] : []),
  ];
  return {
    ...summaryOf(policy),
    criteria,
    parameters: Object.entries(policy.parameters).map(([name, p]) => ({
      name,
      label: p.label,
      unit: p.unit,
      current: current[name] ?? null,
      values: [
        ...p.values.map((v) => ({ from: v.from, value: v.value, source: 'file' as const })),
        ...approved
          .filter((c) => c.parameter === name)
          .map((c) => ({ from: c.effective_from, value: c.value, source: 'change' as const })),
      ].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)),
    })),
    changes: await presentChanges(ctx, changes),
  };
}

/** A new dated value, waiting for a second person's approval before any decision uses it. */
export async function proposeChange(
  ctx: AccessContext,
  policyId: string,
  input: { parameter: string; from: string; value: number; reason: string },
) {
  await requirePermission(ctx, 'welfare.write');
  const policy = policyOrFail(policyId);
  if (!Object.hasOwn(policy.parameters, input.parameter)) {
    throw new AppError('welfare.parameter_not_found', {}, 'parameter');
  }
  const community = ownCommunity(ctx);
  if (!community) throw new AppError('auth.forbidden');
  const now = ctx.clock();
  const row: WelfareParameterChangeTable = {
    id: randomUUID(),
    community_id: community,
    policy_id: policy.id,
    parameter: input.parameter,
    effective_from: input.from,
    value: input.value,
    reason: input.reason,
    status: 'proposed',
    proposed_by_user_id: ctx.actor.user.id,
    proposed_at: now.toISOString(),
    decided_by_user_id: null,
    decided_at: null,
    decision_note: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertChange(trx, row);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'welfare.parameter.proposed',
        targetType: 'welfare_parameter_change',
        targetId: row.id,
        communityId: community,
        detail: { policyId: policy.id, parameter: input.parameter, from: input.from, value: input.value },
      }),
    ]);
  });
  return (await presentChanges(ctx, [row]))[0] as TParameterChange;
}

export async function changeOr404(ctx: AccessContext, id: string): Promise<WelfareParameterChangeTable> {
  const row = await findChange(ctx.db, id);
  if (row && ctx.actor.scope.communityIds.includes(row.community_id)) return row;
  return denyNotFound(ctx, new AppError('welfare.change_not_found'), {
    type: 'welfare_parameter_change',
    id,
  });
}

/** Approval or rejection by someone other than the proposer; the change itself is never edited. */
export async function decideChange(
  ctx: AccessContext,
  id: string,
  input: { approve: boolean; note?: string | null | undefined },
) {
  await requirePermission(ctx, 'welfare.write');
  const row = await changeOr404(ctx, id);
  if (row.proposed_by_user_id === ctx.actor.user.id) throw new AppError('welfare.second_person_required');
  const now = ctx.clock();
  const status = input.approve ? 'approved' : 'rejected';
  await ctx.db.transaction().execute(async (trx) => {
    const decided = await markDecided(trx, id, {
      status,
      decided_by_user_id: ctx.actor.user.id,
      decided_at: now.toISOString(),
      decision_note: input.note ?? null,
    });
    if (!decided) throw new AppError('welfare.change_already_decided');
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: `welfare.parameter.${status}`,
        targetType: 'welfare_parameter_change',
        targetId: id,
        communityId: row.community_id,
      }),
    ]);
  });
  const updated = await changeOr404(ctx, id);
  return (await presentChanges(ctx, [updated]))[0] as TParameterChange;
}
