import type { Kysely } from 'kysely';
import { windowEnd } from '../../domain/reports/deadlines';
import { oneUp } from '../../domain/reports/responsibility';
import { isOpen } from '../../domain/reports/states';
import type { ReportState } from '../../shared/contracts/reports';
import type { Tier } from '../../shared/roles';
import { appendAudit } from '../audit/audit.repository';
import { type Clock, localDate } from '../clock';
import type { DB } from '../db/schema';
import { repeatEvery } from '../repeat';
import type { FeedBus, FeedSignal } from './feed';
import {
  addEscalationStep,
  addEvent,
  claimStep,
  dueSteps,
  findReportRow,
  findUrgency,
  updateReport,
} from './reports.repository';
import { pathForReport } from './reports.usecases';

export interface EscalationDeps {
  db: Kysely<DB>;
  clock: Clock;
  feed: FeedBus;
}

/**
 * Moves every report whose acknowledgement deadline has passed one tier up, once per step. Deadlines
 * live in the database, so steps missed while the server was down are taken at the next run; each is
 * claimed by one conditional update, so two servers (or a retry) never take the same step twice.
 */
export async function escalateDue(deps: EscalationDeps, batch = 200): Promise<number> {
  const now = deps.clock();
  const at = now.toISOString();
  let moved = 0;
  for (const step of await dueSteps(deps.db, at, batch)) {
    const signal = await deps.db.transaction().execute(async (trx): Promise<FeedSignal | null> => {
      const report = await findReportRow(trx, step.report_id);
      const stillWaiting = report && report.acknowledged_at === null && isOpen(report.state as ReportState);
      if (
        !(await claimStep(trx, step.id, at, stillWaiting ? 'escalated' : 'stopped')) ||
        !report ||
        !stillWaiting
      ) {
        return null;
      }
      const path = await pathForReport(
        trx,
        {
          communityId: report.community_id,
          householdId: report.household_id,
          recordedByPositionId: report.recorded_by_position_id,
        },
        localDate(now),
      );
      const up = oneUp(path, { positionId: step.position_id ?? '', tier: step.tier as Tier });
      if (!up) {
        await addEvent(trx, {
          reportId: report.id,
          at,
          actorUserId: null,
          kind: 'overdue_at_top',
          detail: { step: step.step },
        });
        return { kind: 'escalated', reportId: report.id, at };
      }
      const urgency = await findUrgency(trx, report.urgency);
      await updateReport(trx, report.id, {
        responsible_position_id: up.positionId,
        responsible_tier: up.tier,
      });
      await addEscalationStep(
        trx,
        {
          reportId: report.id,
          step: step.step + 1,
          tier: up.tier,
          positionId: up.positionId,
          dueAt: windowEnd(now, urgency?.ack_window ?? 'minutes:120').toISOString(),
        },
        at,
      );
      await addEvent(trx, {
        reportId: report.id,
        at,
        actorUserId: null,
        kind: 'escalated',
        detail: { step: step.step + 1, fromTier: step.tier, toTier: up.tier },
      });
      await appendAudit(trx, now, [
        {
          action: 'reports.escalate',
          outcome: 'success',
          actorRole: 'system',
          targetType: 'report',
          targetId: report.id,
          communityId: report.community_id,
          detail: { step: step.step + 1, toTier: up.tier },
        },
      ]);
      return { kind: 'escalated', reportId: report.id, at };
    });
    if (signal) {
      moved++;
      await deps.feed.publish(signal);
    }
  }
  return moved;
}

/** Runs `escalateDue` every `intervalMs`, never two runs at once; returns the function that stops it. */
export function startEscalationWorker(
  deps: EscalationDeps,
  intervalMs: number,
  onError: (error: unknown) => void,
) {
  return repeatEvery(intervalMs, () => escalateDue(deps), onError);
}
