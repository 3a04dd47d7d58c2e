import type { z } from 'zod';
import { oneYearAfter } from '../../domain/welfare/notice';
import type { ZRosterEntry, ZRosterQuery, ZRosterReview } from '../../shared/contracts/welfare';
import type { Language } from '../../shared/errors';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import type { WelfareRosterTable } from '../db/schema';
import { AppError } from '../http/errors';
import {
  householdOr404,
  keepDecision,
  presentDecisions,
  recordReads,
  welfareRead,
} from './decisions.usecases';
import { householdsById } from './households.repository';
import { policyOrFail } from './policies';
import { currentRoster, findRosterEntryInScope, updateOpenRosterEntry } from './roster.repository';

/**
 * The roster (救助名册): who receives what, from when, and when their yearly review is due. The review
 * keeps a new decision; a household no longer eligible has its row ended with the reason, never deleted.
 */

type TRosterEntry = z.output<typeof ZRosterEntry>;

async function present(ctx: AccessContext, rows: readonly WelfareRosterTable[]): Promise<TRosterEntry[]> {
  const today = localDate(ctx.clock());
  const households = await householdsById(
    ctx.db,
    rows.map((r) => r.household_id),
  );
  return rows.flatMap((r) => {
    const household = households.get(r.household_id);
    if (!household) return [];
    return [
      {
        id: r.id,
        household: { householdId: household.householdId, address: household.address, name: household.name },
        policyId: r.policy_id,
        amountFen: r.amount_fen,
        startsOn: r.starts_on,
        reviewDueOn: r.review_due_on,
        reviewOverdue: r.ended_on === null && r.review_due_on < today,
        endedOn: r.ended_on,
        endReason: r.end_reason,
      },
    ];
  });
}

function readOf(ctx: AccessContext, row: WelfareRosterTable) {
  return welfareRead(ctx, { type: 'welfare_roster', id: row.id, communityId: row.community_id });
}

export async function listRoster(ctx: AccessContext, query: z.output<typeof ZRosterQuery>) {
  await requirePermission(ctx, 'welfare.read');
  const rows = await currentRoster(ctx.db, ctx.actor.scope, query);
  const recipients = await present(ctx, rows);
  await recordReads(
    ctx,
    rows.map((r) => readOf(ctx, r)),
  );
  return { recipients };
}

/**
 * The yearly review: evaluate again today. Eligible → the next review a year from today, at the new
 * amount; not eligible → the row ends today, naming the decision; needs evidence → unchanged, still due.
 */
export async function reviewRosterEntry(
  ctx: AccessContext,
  id: string,
  lang: Language,
): Promise<z.output<typeof ZRosterReview>> {
  await requirePermission(ctx, 'welfare.write');
  const row = await findRosterEntryInScope(ctx.db, ctx.actor.scope, id);
  if (!row)
    return denyNotFound(ctx, new AppError('welfare.roster_entry_not_found'), { type: 'welfare_roster', id });
  if (row.ended_on !== null) throw new AppError('welfare.roster_entry_ended');
  const household = await householdOr404(ctx, row.household_id);
  const today = localDate(ctx.clock());
  const decision = await keepDecision(ctx, household, policyOrFail(row.policy_id), today, null);
  const change: Parameters<typeof updateOpenRosterEntry>[2] =
    decision.outcome === 'eligible'
      ? { review_due_on: oneYearAfter(today), amount_fen: decision.amount_fen }
      : decision.outcome === 'not_eligible'
        ? {
            ended_on: today,
            end_reason: `年度复核不再符合条件（认定 ${decision.id}）· yearly review: no longer eligible (decision ${decision.id})`,
          }
        : {};
  await ctx.db.transaction().execute(async (trx) => {
    if (Object.keys(change).length > 0 && !(await updateOpenRosterEntry(trx, row.id, change))) {
      throw new AppError('welfare.roster_entry_ended');
    }
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'welfare.roster.reviewed',
        targetType: 'welfare_roster',
        targetId: row.id,
        communityId: row.community_id,
        fieldClass: 'finance',
        detail: { decisionId: decision.id, outcome: decision.outcome },
      }),
    ]);
  });
  const [recipient] = await present(ctx, [{ ...row, ...change }]);
  const [presented] = await presentDecisions(ctx, [decision], lang);
  await recordReads(ctx, [readOf(ctx, row)]);
  if (!recipient || !presented) throw new Error(`roster entry ${row.id} could not be presented`);
  return { recipient, decision: presented };
}
