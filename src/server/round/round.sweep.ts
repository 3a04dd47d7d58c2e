import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { cstDate } from '../../domain/care/schedule';
import { isoWeekday, pileDays, pilingUp } from '../../domain/round/round';
import { type AuditEntry, appendAudit } from '../audit/audit.repository';
import { sweepCheckins } from '../care/ladder';
import { committeesOf, leadersOf, parentsOf } from '../care/ladder.repository';
import type { Clock } from '../clock';
import type { DB, RoundSignalTable, RoundTaskTable } from '../db/schema';
import { repeatEvery } from '../repeat';
import type { FeedBus } from '../reports/feed';
import {
  activePlansOf,
  claimDay,
  claimEscalations,
  firstSteps,
  firstTaskPositions,
  insertRoundTasks,
  insertSignals,
  linkCheckins,
  makePapers,
  missedCheckins,
  occupantsOf,
  ownPileDays,
  pilesWithoutSignal,
} from './round.repository';

export interface RoundSweepDeps {
  db: Kysely<DB>;
  clock: Clock;
  feed: FeedBus;
}

/** A task to go and see waits this long with the building leader before the one above gets it too. */
const ESCALATE_AFTER_MS = 24 * 3_600_000;
const AUDIT_CHUNK = 2_000;

export interface RoundSweepResult {
  papersMade: boolean;
  signals: number;
  ladders: number;
  tasks: number;
  escalated: number;
}

/**
 * One sweep of the round: make the day's papers (once a day, whichever server claims the day), raise
 * a signal for each household whose papers pile up, and pass a day-old "去看看" one tier up. Every
 * step is decided in the database — a unique open signal per household, a claimed day, a claimed
 * escalation — so several servers sweeping at once land each thing once.
 */
export async function sweepRound(deps: RoundSweepDeps): Promise<RoundSweepResult> {
  const now = deps.clock();
  const at = now.toISOString();
  const today = cstDate(now);
  const papersMade = await deps.db.transaction().execute(async (trx) => {
    if (!(await claimDay(trx, today, at))) return false;
    await makePapers(trx, today, isoWeekday(today), at);
    return true;
  });
  const raised = await deps.db.transaction().execute((trx) => raiseSignals(trx, now, today));
  const escalated = await deps.db.transaction().execute((trx) => escalate(trx, now, today));
  // The ladder's first steps are due now: take them at once rather than at the check-in worker's next turn.
  if (raised.ladders > 0) await sweepCheckins(deps);
  return { papersMade, ...raised, escalated };
}

async function raiseSignals(trx: Kysely<DB>, now: Date, today: string) {
  const at = now.toISOString();
  const piles = await pilesWithoutSignal(trx);
  if (piles.length === 0) return { signals: 0, ladders: 0, tasks: 0 };
  const householdIds = piles.map((p) => p.household_id);
  const [occupants, own, plans] = await Promise.all([
    occupantsOf(trx, householdIds),
    ownPileDays(trx, householdIds),
    activePlansOf(trx, householdIds),
  ]);
  const occupantsOfHousehold = new Map<string, typeof occupants>();
  for (const o of occupants) {
    occupantsOfHousehold.set(o.household_id, [...(occupantsOfHousehold.get(o.household_id) ?? []), o]);
  }
  const checkinPlanOf = new Map(plans.filter((p) => p.checkin_time !== null).map((p) => [p.household_id, p]));
  const rows: RoundSignalTable[] = [];
  for (const pile of piles) {
    const people = occupantsOfHousehold.get(pile.household_id) ?? [];
    const days = pileDays(
      people.map((p) => ({ birthDate: p.birth_date })),
      today,
      own.get(pile.household_id) ?? null,
    );
    const signal = pilingUp({ oldestLeft: pile.oldest, seenStillThere: Number(pile.seen) > 0 }, today, days);
    if (!signal) continue;
    rows.push({
      id: randomUUID(),
      community_id: pile.community_id,
      household_id: pile.household_id,
      resident_id: checkinPlanOf.get(pile.household_id)?.resident_id ?? people[0]?.id ?? null,
      reason: signal.reason,
      since: pile.oldest,
      days: signal.days,
      pile_days: days,
      raised_at: at,
      open_household_id: pile.household_id,
      checkin_id: null,
      escalated_at: null,
      closed_at: null,
      closed_reason: null,
    });
  }
  // One order for every server, so two sweeping at once wait on each other instead of deadlocking.
  rows.sort((a, b) => (a.household_id < b.household_id ? -1 : 1));
  const inserted = await insertSignals(trx, rows);
  const raised = rows.filter((r) => inserted.has(r.id));
  const withCheckin = raised.filter((r) => checkinPlanOf.has(r.household_id));
  const without = raised.filter((r) => !checkinPlanOf.has(r.household_id));

  // A resident with a consented daily check-in: the papers count as a missed check-in, and its ladder starts.
  const checkinOfPlan = await missedCheckins(
    trx,
    withCheckin.map((r) => {
      const plan = checkinPlanOf.get(r.household_id) as NonNullable<ReturnType<typeof checkinPlanOf.get>>;
      return {
        id: randomUUID(),
        plan_id: plan.id,
        community_id: plan.community_id,
        household_id: plan.household_id,
        date: today,
        due_at: at,
        grace_until: at,
        state: 'missed',
        way: null,
        recorded_at: null,
        recorded_by_user_id: null,
        note: '报纸没有取走',
        outcome: null,
        outcome_note: null,
        outcome_at: null,
        outcome_by_user_id: null,
        ladder_step: 0,
        created_at: at,
      };
    }),
    today,
  );
  const links = new Map<string, string>();
  for (const r of withCheckin) {
    const planId = checkinPlanOf.get(r.household_id)?.id ?? '';
    const checkinId = checkinOfPlan.get(planId);
    if (checkinId) links.set(r.id, checkinId);
  }
  await firstSteps(
    trx,
    [...new Set(links.values())].map((checkinId) => ({
      id: randomUUID(),
      checkin_id: checkinId,
      step: 1,
      due_at: at,
      done_at: null,
      outcome: null,
      notified: null,
      key_holders: null,
    })),
  );
  await linkCheckins(trx, links);

  // Anyone else: the building leader gets a task to go and see (the committee, where no leader serves).
  const leaders = await leadersOf(
    trx,
    without.map((r) => r.household_id),
    today,
  );
  const committees = await committeesOf(
    trx,
    without.map((r) => r.community_id),
    today,
  );
  const tasks = without.flatMap((r): RoundTaskTable[] => {
    const positionId = leaders.get(r.household_id) ?? committees.get(r.community_id);
    return positionId ? [task(r, positionId, 1, at)] : [];
  });
  await insertRoundTasks(trx, tasks);
  const entries = raised.map(
    (r): AuditEntry => ({
      action: 'round.signal',
      outcome: 'success',
      actorRole: 'system',
      targetType: 'round_signal',
      targetId: r.id,
      communityId: r.community_id,
      residentId: r.resident_id,
      detail: { reason: r.reason, days: r.days, checkin: links.has(r.id) },
    }),
  );
  // appendAudit binds 15 parameters per entry in one statement; SQLite takes 32,766 at most.
  for (let i = 0; i < entries.length; i += AUDIT_CHUNK)
    await appendAudit(trx, now, entries.slice(i, i + AUDIT_CHUNK));

  return { signals: raised.length, ladders: links.size, tasks: tasks.length };
}

function task(
  signal: Pick<RoundSignalTable, 'id' | 'community_id' | 'household_id'>,
  positionId: string,
  step: number,
  at: string,
): RoundTaskTable {
  return {
    id: randomUUID(),
    community_id: signal.community_id,
    signal_id: signal.id,
    household_id: signal.household_id,
    position_id: positionId,
    step,
    created_at: at,
    done_at: null,
  };
}

/** A day after a "去看看" went to the building leader, the party member above gets one too. */
async function escalate(trx: Kysely<DB>, now: Date, today: string) {
  const at = now.toISOString();
  const claimed = await claimEscalations(trx, new Date(now.getTime() - ESCALATE_AFTER_MS).toISOString(), at);
  if (claimed.length === 0) return 0;
  const first = await firstTaskPositions(
    trx,
    claimed.map((c) => c.id),
  );
  const parents = await parentsOf(trx, [...first.values()]);
  const committees = await committeesOf(
    trx,
    claimed.map((c) => c.community_id),
    today,
  );
  const tasks = claimed.flatMap((c): RoundTaskTable[] => {
    const below = first.get(c.id);
    const positionId = (below ? parents.get(below) : undefined) ?? committees.get(c.community_id);
    return positionId && positionId !== below ? [task(c, positionId, 2, at)] : [];
  });
  await insertRoundTasks(trx, tasks);
  return tasks.length;
}

/** Runs `sweepRound` every `intervalMs`, never two runs at once; returns the function that stops it. */
export function startRoundWorker(
  deps: RoundSweepDeps,
  intervalMs: number,
  onError: (error: unknown) => void,
) {
  return repeatEvery(intervalMs, () => sweepRound(deps), onError);
}
