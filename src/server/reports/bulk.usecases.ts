import type { Kysely } from 'kysely';
import { isOpen, nextState } from '../../domain/reports/states';
import type { ReportState, TReportBulk, TReportBulkResult } from '../../shared/contracts/reports';
import { type ErrorCode, errorMessage } from '../../shared/errors';
import { type AuditEntry, appendAudit, byActor, deniedTarget } from '../audit/audit.repository';
import { requirePermission } from '../auth/permissions';
import type { DB, ReportTable } from '../db/schema';
import { AppError } from '../http/errors';
import { onceForKey } from '../http/idempotency';
import { activePosition, addEvent, findReportInScope, reassignOpenSteps } from './reports.repository';
import { mayHandle, type ReportsContext } from './reports.usecases';

type Position = NonNullable<Awaited<ReturnType<typeof activePosition>>>;

/**
 * Acknowledges, or hands to one person of the chain, many reports at once. Each report is decided on its
 * own: what may be done is done, what may not is refused with the reason in the caller's language. A report
 * outside the caller's scope is refused exactly as one that does not exist (and the attempt is audited).
 * Each change is conditional on the state it was decided from, so it lands once however often it is sent;
 * with an Idempotency-Key a retry gets the first answer.
 */
export async function bulkReports(
  ctx: ReportsContext,
  input: TReportBulk,
  idempotencyKey: string | undefined,
): Promise<TReportBulkResult> {
  await requirePermission(ctx, 'reports.handle');
  let position: Position | null = null;
  if (input.action === 'assign') {
    // Handing work to someone is the office's decision, not the chain's.
    if (ctx.actor.scope.chainPositionIds !== null) throw new AppError('auth.forbidden');
    const found = await activePosition(ctx.db, input.positionId);
    if (!found || !ctx.actor.scope.communityIds.includes(found.community_id)) {
      throw new AppError('reports.position_not_found', {}, 'positionId');
    }
    position = found;
  }
  const ids = [...new Set(input.ids)];
  const changed: string[] = [];
  const result = await onceForKey(ctx, idempotencyKey, input, async (trx) => {
    const answer: TReportBulkResult = { done: [], refused: [] };
    const refuse = (id: string, code: ErrorCode) =>
      answer.refused.push({ id, code, message: errorMessage(code, ctx.lang) });
    const now = ctx.clock();
    const at = now.toISOString();
    const audit: AuditEntry[] = [];
    for (const id of ids) {
      const row = await findReportInScope(trx, ctx.actor.scope, id);
      if (!row) {
        refuse(id, 'reports.not_found');
        audit.push(deniedTarget(ctx.actor, 'report', id));
        continue;
      }
      if (!mayHandle(ctx.actor, row)) {
        refuse(id, 'auth.forbidden');
        continue;
      }
      const outcome = position
        ? await assignOne(trx, ctx, row, position, at)
        : await acknowledgeOne(trx, ctx, row, at);
      if (outcome !== 'done') {
        refuse(id, outcome);
        continue;
      }
      answer.done.push({ id });
      changed.push(id);
      audit.push(
        byActor(ctx.actor, {
          action: position ? 'reports.assign' : 'reports.acknowledge',
          targetType: 'report',
          targetId: id,
          communityId: row.community_id,
          ...(position && { detail: { positionId: position.id, bulk: true } }),
          ...(!position && { detail: { bulk: true } }),
        }),
      );
    }
    if (audit.length > 0) await appendAudit(trx, now, audit);
    return answer;
  });
  const at = ctx.clock().toISOString();
  for (const id of changed) await ctx.feed.publish({ kind: 'updated', reportId: id, at });
  return result;
}

/** Changes the report only if it is still as it was read: a second copy of the request changes nothing. */
async function changeIfUnchanged(trx: Kysely<DB>, row: ReportTable, set: Partial<ReportTable>) {
  const result = await trx
    .updateTable('report')
    .set(set)
    .where('id', '=', row.id)
    .where('state', '=', row.state)
    .where((eb) =>
      row.responsible_position_id === null
        ? eb('responsible_position_id', 'is', null)
        : eb('responsible_position_id', '=', row.responsible_position_id),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function acknowledgeOne(
  trx: Kysely<DB>,
  ctx: ReportsContext,
  row: ReportTable,
  at: string,
): Promise<'done' | ErrorCode> {
  const next = nextState(row.state as ReportState, 'acknowledge');
  if (next === null) return 'reports.wrong_state';
  if (!(await changeIfUnchanged(trx, row, { state: next, acknowledged_at: row.acknowledged_at ?? at }))) {
    return 'reports.wrong_state';
  }
  // Acknowledged: the ladder stops here.
  await trx
    .updateTable('report_escalation')
    .set({ done_at: at, outcome: 'acknowledged' })
    .where('report_id', '=', row.id)
    .where('done_at', 'is', null)
    .execute();
  await addEvent(trx, {
    reportId: row.id,
    at,
    actorUserId: ctx.actor.user.id,
    kind: 'acknowledge',
    detail: { from: row.state, to: next },
  });
  return 'done';
}

async function assignOne(
  trx: Kysely<DB>,
  ctx: ReportsContext,
  row: ReportTable,
  position: Position,
  at: string,
): Promise<'done' | ErrorCode> {
  if (position.community_id !== row.community_id) return 'reports.position_not_found';
  if (!isOpen(row.state as ReportState)) return 'reports.wrong_state';
  if (row.responsible_position_id === position.id) return 'reports.already_assigned';
  const set = { responsible_position_id: position.id, responsible_tier: position.tier };
  if (!(await changeIfUnchanged(trx, row, set))) return 'reports.wrong_state';
  // The open step of the ladder now waits on the new person.
  await reassignOpenSteps(trx, row.id, position);
  await addEvent(trx, {
    reportId: row.id,
    at,
    actorUserId: ctx.actor.user.id,
    kind: 'assigned',
    detail: { to: position.person_name, tier: position.tier, from: row.responsible_tier },
  });
  return 'done';
}
