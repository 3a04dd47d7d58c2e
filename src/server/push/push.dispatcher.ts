import type { Kysely } from 'kysely';
import type { PushKind, TPushMessage } from '../../shared/contracts/push';
import type { DB } from '../db/schema';
import type { FeedBus, FeedSignal, SavedReport } from '../reports/feed';
import { presentSummaries } from '../reports/reports.presenters';
import { emergencyReportMessage, ladderStepMessage, reportAssignedMessage } from './push.messages';
import {
  committeeUsers,
  forgetSubscription,
  ladderStepOf,
  reportPeople,
  subscriptionsFor,
  usersOfPositions,
} from './push.repository';
import type { PushSender } from './push.sender';

interface Notice {
  kind: PushKind;
  userIds: string[];
  message: TPushMessage;
}

const LADDER_SIGNALS = new Set(['checkin_missed', 'checkin_door_visit', 'checkin_escalated']);

/** What must not wait for someone to open Linli, and whom it goes to. */
async function noticesFor(db: Kysely<DB>, signal: FeedSignal, saved?: SavedReport): Promise<Notice[]> {
  if (signal.kind === 'created' || signal.kind === 'escalated') {
    const people = await reportPeople(db, signal.reportId);
    if (!people) return [];
    const summary =
      saved?.summary ??
      (
        await presentSummaries(
          db,
          await db.selectFrom('report').selectAll().where('id', '=', signal.reportId).execute(),
          'zh-CN',
        )
      )[0];
    if (!summary) return [];
    const notices: Notice[] = [];
    const responsible = (await usersOfPositions(db, [people.responsible_position_id ?? ''])).filter(
      (id) => id !== people.recorded_by_user_id,
    );
    if (responsible.length > 0) {
      notices.push({
        kind: 'report_assigned',
        userIds: responsible,
        message: reportAssignedMessage(summary, signal.kind === 'escalated'),
      });
    }
    if (signal.kind === 'created' && summary.emergency) {
      const committee = (await committeeUsers(db, people.community_id)).filter(
        (id) => id !== people.recorded_by_user_id && !responsible.includes(id),
      );
      notices.push({
        kind: 'emergency_report',
        userIds: committee,
        message: emergencyReportMessage(summary),
      });
    }
    return notices;
  }
  if (LADDER_SIGNALS.has(signal.kind) && 'checkinId' in signal) {
    const step = await ladderStepOf(db, signal.checkinId, signal.step);
    return [
      {
        kind: 'ladder_step',
        userIds: await usersOfPositions(db, step.positionIds),
        message: ladderStepMessage(signal.checkinId, signal.step, step.place),
      },
    ];
  }
  return [];
}

export async function dispatch(
  deps: { db: Kysely<DB>; sender: PushSender },
  signal: FeedSignal,
  saved?: SavedReport,
): Promise<number> {
  let sent = 0;
  for (const notice of await noticesFor(deps.db, signal, saved)) {
    for (const subscription of await subscriptionsFor(deps.db, notice.userIds, notice.kind)) {
      const result = await deps.sender.send(subscription, notice.message);
      if (result === 'sent') sent++;
      if (result === 'gone') await forgetSubscription(deps.db, subscription.id);
    }
  }
  return sent;
}

/**
 * Sends a push notice for each signal this server publishes: an emergency report to the committee, a
 * report to the person now responsible for it, a ladder step to the people it names. Only this server's
 * own signals, so with several servers each notice goes out once. Returns the function that stops it.
 */
export function startPushDispatcher(
  deps: { db: Kysely<DB>; feed: FeedBus; sender: PushSender },
  onError: (error: unknown) => void,
): () => void {
  return deps.feed.subscribeOwn((signal, saved) => {
    dispatch(deps, signal, saved).catch(onError);
  });
}
