import type { Kysely } from 'kysely';
import type { ReportState } from '../../shared/contracts/reports';
import { isChainRole, type Role, type Tier } from '../../shared/roles';
import { appendAudit } from '../audit/audit.repository';
import { denyNotFound, requirePermission } from '../auth/permissions';
import type { Clock } from '../clock';
import type { DB, ReportTable } from '../db/schema';
import { AppError } from '../http/errors';
import type { FeedBus } from './feed';
import { lockReport } from './photos.repository';
import { feedbackSince, insertFeedback } from './public.repository';
import { addEvent, findReportInScope } from './reports.repository';
import { getReport, type ReportsContext } from './reports.usecases';

/** The endings after which the resident is asked the two questions; a merged report is asked through the one it joined. */
export const ANSWERABLE_STATES: readonly ReportState[] = ['resolved', 'referred', 'outside_remit'];

export interface FeedbackAnswers {
  solved: boolean;
  satisfied: boolean;
}

/** The tier a person acts at when recording feedback: community staff count as the committee. */
export function tierOfRole(role: Role): Tier | null {
  if (role === 'worker' || role === 'committee') return 'committee';
  return isChainRole(role) ? (role as Tier) : null;
}

/** Whether the closing questions can still be answered for the report's latest closing. */
export async function mayAnswer(db: Kysely<DB>, row: ReportTable): Promise<boolean> {
  if (!ANSWERABLE_STATES.includes(row.state as ReportState) || !row.closed_at) return false;
  return (await feedbackSince(db, row.id, row.closed_at)) === undefined;
}

/**
 * Records the two answers once per closing, with a timeline entry and an audit entry in one transaction.
 * `recordedBy` is null when the resident answered through their own link.
 */
export async function recordFeedback(
  deps: { db: Kysely<DB>; clock: Clock; feed: FeedBus },
  reportId: string,
  answers: FeedbackAnswers,
  recordedBy: { userId: string; role: string } | null,
  ip: string,
): Promise<void> {
  const now = deps.clock();
  const at = now.toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await lockReport(trx, reportId);
    const row = await trx
      .selectFrom('report')
      .selectAll()
      .where('id', '=', reportId)
      .executeTakeFirstOrThrow();
    if (!ANSWERABLE_STATES.includes(row.state as ReportState) || !row.closed_at) {
      throw new AppError('reports.feedback_not_closed');
    }
    if (await feedbackSince(trx, row.id, row.closed_at)) throw new AppError('reports.feedback_given');
    await insertFeedback(trx, {
      reportId,
      solved: answers.solved,
      satisfied: answers.satisfied,
      recordedByUserId: recordedBy?.userId ?? null,
      at,
    });
    await addEvent(trx, {
      reportId,
      at,
      actorUserId: recordedBy?.userId ?? null,
      kind: 'feedback',
      detail: { solved: answers.solved, satisfied: answers.satisfied, byResident: recordedBy === null },
    });
    await appendAudit(trx, now, [
      {
        action: recordedBy ? 'reports.feedback_in_person' : 'reports.feedback_by_resident',
        outcome: 'success',
        actorUserId: recordedBy?.userId ?? null,
        actorRole: recordedBy?.role ?? null,
        ip,
        targetType: 'report',
        targetId: reportId,
        communityId: row.community_id,
      },
    ]);
  });
  await deps.feed.publish({ kind: 'updated', reportId, at });
}

/**
 * The two answers heard in person, recorded by someone of another tier than the one that handled the
 * report, so no one marks their own work.
 */
export async function recordFeedbackInPerson(ctx: ReportsContext, id: string, answers: FeedbackAnswers) {
  await requirePermission(ctx, 'reports.feedback');
  const row = await findReportInScope(ctx.db, ctx.actor.scope, id);
  if (!row) return denyNotFound(ctx, new AppError('reports.not_found'), { type: 'report', id });
  const tier = tierOfRole(ctx.actor.user.role);
  if (!tier) throw new AppError('auth.forbidden');
  if (tier === row.responsible_tier) throw new AppError('reports.feedback_same_tier');
  await recordFeedback(
    ctx,
    id,
    answers,
    { userId: ctx.actor.user.id, role: ctx.actor.user.role },
    ctx.actor.ip,
  );
  return getReport(ctx, id);
}
