import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { grantPapersDueOn } from '../../domain/welfare/notice';
import { parametersOn } from '../../domain/welfare/policy';
import type { ZGrant, ZGrantInput, ZGrantPapersInput } from '../../shared/contracts/welfare';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, hasPermission, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import { AppError } from '../http/errors';
import { userNames } from './applications.repository';
import { decisionOr404, householdOr404, recordReads, welfareRead } from './decisions.usecases';
import {
  findGrantInScope,
  type GrantRow,
  grantsInScope,
  insertGrant,
  insertPapers,
} from './grants.repository';
import { householdsById } from './households.repository';
import { approvedExtras, policyOrFail } from './policies';

/**
 * Emergency aid (临时救助): a ledger of grants that is only ever appended to. Up to the policy's
 * fast-path limit the money is paid first and the papers are due within 5 days; above it only the
 * committee may grant, and the papers come before the money, so no deadline is tracked.
 */

const EMERGENCY_AID = 'emergency-aid';
/** Used only when the emergency-aid policy file names no `fastPathLimit`: PRODUCT.md's 2,000-yuan grant. */
const DEFAULT_FAST_PATH_LIMIT_YUAN = 2000;

type TGrant = z.output<typeof ZGrant>;

async function fastPathLimitFen(ctx: AccessContext, communityId: string, date: string): Promise<number> {
  const policy = policyOrFail(EMERGENCY_AID);
  const limit = parametersOn(
    policy,
    date,
    await approvedExtras(ctx.db, communityId, policy.id),
  ).fastPathLimit;
  return Math.round((limit ?? DEFAULT_FAST_PATH_LIMIT_YUAN) * 100);
}

async function present(ctx: AccessContext, rows: readonly GrantRow[]): Promise<TGrant[]> {
  const today = localDate(ctx.clock());
  const [households, users] = await Promise.all([
    householdsById(
      ctx.db,
      rows.map((r) => r.household_id),
    ),
    userNames(
      ctx.db,
      rows.map((r) => r.granted_by_user_id),
    ),
  ]);
  return rows.flatMap((r) => {
    const household = households.get(r.household_id);
    if (!household) return [];
    return [
      {
        id: r.id,
        household: { householdId: household.householdId, address: household.address, name: household.name },
        hardship: r.hardship,
        amountFen: r.amount_fen,
        reason: r.reason,
        fastPath: r.fast_path === 1,
        paidOn: r.paid_on,
        papersDueOn: r.papers_due_on,
        papersCompletedOn: r.papers_completed_on,
        papersOverdue: r.papers_due_on !== null && r.papers_completed_on === null && today > r.papers_due_on,
        grantedBy: users.get(r.granted_by_user_id) ?? '',
        createdAt: r.created_at,
      },
    ];
  });
}

function readOf(ctx: AccessContext, row: GrantRow) {
  return welfareRead(ctx, { type: 'welfare_emergency_grant', id: row.id, communityId: row.community_id });
}

async function grantOr404(ctx: AccessContext, id: string): Promise<GrantRow> {
  const row = await findGrantInScope(ctx.db, ctx.actor.scope, id);
  if (row) return row;
  return denyNotFound(ctx, new AppError('welfare.grant_not_found'), { type: 'welfare_emergency_grant', id });
}

async function presentOne(ctx: AccessContext, id: string): Promise<TGrant> {
  const row = await grantOr404(ctx, id);
  const [grant] = await present(ctx, [row]);
  await recordReads(ctx, [readOf(ctx, row)]);
  return grant as TGrant;
}

export async function grantEmergencyAid(
  ctx: AccessContext,
  input: z.output<typeof ZGrantInput>,
): Promise<TGrant> {
  await requirePermission(ctx, 'welfare.write');
  const household = await householdOr404(ctx, input.householdId);
  if (input.decisionId) {
    const decision = await decisionOr404(ctx, input.decisionId);
    if (decision.household_id !== household.householdId) {
      throw new AppError('welfare.decision_other_household', {}, 'decisionId');
    }
  }
  const now = ctx.clock();
  const today = localDate(now);
  const fastPath = input.amountFen <= (await fastPathLimitFen(ctx, household.communityId, today));
  // Above the limit the committee decides; the refusal is recorded like every other.
  if (!fastPath && !hasPermission(ctx.actor, 'welfare.review'))
    await requirePermission(ctx, 'welfare.review');
  const id = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await insertGrant(trx, {
      id,
      community_id: household.communityId,
      household_id: household.householdId,
      decision_id: input.decisionId ?? null,
      hardship: input.hardship,
      amount_fen: input.amountFen,
      reason: input.reason,
      fast_path: fastPath ? 1 : 0,
      paid_on: today,
      papers_due_on: fastPath ? grantPapersDueOn(today) : null,
      granted_by_user_id: ctx.actor.user.id,
      created_at: now.toISOString(),
    });
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'welfare.grant.made',
        targetType: 'welfare_emergency_grant',
        targetId: id,
        communityId: household.communityId,
        fieldClass: 'finance',
        detail: { fastPath, hardship: input.hardship },
      }),
    ]);
  });
  return presentOne(ctx, id);
}

/** Completing the papers is a new ledger entry naming the grant; the grant row itself never changes. */
export async function completeGrantPapers(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZGrantPapersInput>,
): Promise<TGrant> {
  await requirePermission(ctx, 'welfare.write');
  const grant = await grantOr404(ctx, id);
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    const recorded = await insertPapers(trx, {
      grant_id: grant.id,
      completed_on: input.completedOn,
      note: input.note ?? null,
      recorded_by_user_id: ctx.actor.user.id,
      recorded_at: now.toISOString(),
    });
    if (!recorded) throw new AppError('welfare.papers_already_recorded');
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'welfare.grant.papers',
        targetType: 'welfare_emergency_grant',
        targetId: grant.id,
        communityId: grant.community_id,
      }),
    ]);
  });
  return presentOne(ctx, id);
}

/** Papers overdue first, then those still due (soonest first), then the rest, latest paid first. */
export async function listGrants(ctx: AccessContext) {
  await requirePermission(ctx, 'welfare.read');
  const rows = await grantsInScope(ctx.db, ctx.actor.scope);
  const grants = await present(ctx, rows);
  const rank = (g: TGrant) =>
    g.papersOverdue ? 0 : g.papersDueOn !== null && g.papersCompletedOn === null ? 1 : 2;
  grants.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (rank(a) < 2
        ? (a.papersDueOn ?? '').localeCompare(b.papersDueOn ?? '')
        : b.paidOn.localeCompare(a.paidOn)),
  );
  await recordReads(
    ctx,
    rows.map((r) => readOf(ctx, r)),
  );
  return { grants, totalFen: grants.reduce((sum, g) => sum + g.amountFen, 0) };
}
