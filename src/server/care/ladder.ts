import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ladderRecipients } from '../../domain/care/ladder';
import {
  addDays,
  checkinDueOn,
  cstDate,
  graceEnd,
  isStale,
  nextLadderStep,
} from '../../domain/care/schedule';
import { LADDER_DELAY_MINUTES, type LadderStep } from '../../shared/contracts/care';
import type { Language } from '../../shared/errors';
import { type AuditEntry, appendAudit } from '../audit/audit.repository';
import type { Scope } from '../auth/scope';
import type { Clock } from '../clock';
import type { CheckinTable, DB } from '../db/schema';
import { repeatEvery } from '../repeat';
import type { CheckinSignal, FeedBus } from '../reports/feed';
import { findCheckin } from './checkins.repository';
import { checkinVisibleTo, presentCheckins } from './checkins.usecases';
import {
  claimPlans,
  climbCheckins,
  committeesOf,
  dueSteps,
  insertCheckins,
  insertLadderSteps,
  insertTasks,
  keyHoldersOf,
  leadersOf,
  parentsOf,
  plansPastGrace,
  stopSteps,
  takeSteps,
} from './ladder.repository';
import { planRowsById } from './plans.repository';

export interface LadderDeps {
  db: Kysely<DB>;
  clock: Clock;
  feed: FeedBus;
}

const STEP_SIGNAL: Record<LadderStep, CheckinSignal['kind']> = {
  1: 'checkin_missed',
  2: 'checkin_escalated',
  3: 'checkin_door_visit',
};
const STEP_TASK = { 1: 'reminder', 2: 'escalation', 3: 'door_visit' } as const;
const AUDIT_CHUNK = 2_000;

/** A ladder step about to be taken for a check-in, with the plan facts that decide whom it tells. */
interface StepTarget {
  checkinId: string;
  planId: string;
  communityId: string;
  householdId: string;
  residentId: string;
  responsiblePositionId: string | null;
  standInPositionId: string | null;
  step: LadderStep;
}

interface Notice extends StepTarget {
  positions: string[];
  keyHolders: string[];
  readKeys: boolean;
}

/** Whom each step tells (`ladderRecipients`), with each lookup one query for the whole batch. */
async function noticesFor(db: Kysely<DB>, today: string, targets: readonly StepTarget[]): Promise<Notice[]> {
  if (targets.length === 0) return [];
  const escalating = targets.filter((t) => t.step === 2);
  const [leaders, committees, keys] = await Promise.all([
    leadersOf(
      db,
      targets.filter((t) => t.responsiblePositionId === null).map((t) => t.householdId),
      today,
    ),
    committeesOf(
      db,
      targets.map((t) => t.communityId),
      today,
    ),
    keyHoldersOf(
      db,
      escalating.map((t) => t.residentId),
    ),
  ]);
  const responsibleOf = (t: StepTarget) => t.responsiblePositionId ?? leaders.get(t.householdId) ?? null;
  const parents = await parentsOf(
    db,
    escalating.map(responsibleOf).filter((p): p is string => p !== null),
  );
  return targets.map((t) => {
    const responsible = responsibleOf(t);
    const held = t.step === 2 ? keys.get(t.residentId) : undefined;
    const positions = ladderRecipients(t.step, {
      responsible,
      standIn: t.standInPositionId,
      upOneTier: (responsible ? parents.get(responsible) : undefined) ?? null,
      committee: committees.get(t.communityId) ?? null,
      keyHolders: held?.positionIds ?? [],
    });
    return { ...t, positions, keyHolders: held?.names ?? [], readKeys: (held?.keyIds.length ?? 0) > 0 };
  });
}

/**
 * What follows a step taken, for the whole batch in the caller's transaction: the tasks, the next step
 * (waiting its full delay from now, so a long outage costs one step, not all of them) and the audit
 * entries in one append. Returns the live feed signals, to publish after the commit.
 */
async function followSteps(trx: Kysely<DB>, now: Date, taken: readonly Notice[]): Promise<CheckinSignal[]> {
  if (taken.length === 0) return [];
  const at = now.toISOString();
  await insertTasks(
    trx,
    taken.flatMap((n) =>
      n.positions.map((positionId) => ({
        id: randomUUID(),
        community_id: n.communityId,
        checkin_id: n.checkinId,
        plan_id: n.planId,
        step: n.step,
        kind: STEP_TASK[n.step],
        position_id: positionId,
        created_at: at,
        done_at: null,
      })),
    ),
  );
  await insertLadderSteps(
    trx,
    taken.flatMap((n) => {
      const next = nextLadderStep(n.step);
      if (!next) return [];
      const dueAt = new Date(now.getTime() + LADDER_DELAY_MINUTES[next] * 60_000).toISOString();
      return [pendingStep(n.checkinId, next, dueAt)];
    }),
  );
  const entries = taken.flatMap((n): AuditEntry[] => {
    const own: AuditEntry[] = [
      {
        action: 'care.checkin_ladder',
        outcome: 'success',
        actorRole: 'system',
        targetType: 'checkin',
        targetId: n.checkinId,
        communityId: n.communityId,
        residentId: n.residentId,
        detail: { step: n.step, notified: n.positions.length, keyHolders: n.keyHolders.length },
      },
    ];
    if (n.readKeys) {
      own.push({
        action: 'read.sensitive',
        outcome: 'success',
        actorRole: 'system',
        targetType: 'checkin',
        targetId: n.checkinId,
        communityId: n.communityId,
        residentId: n.residentId,
        fieldClass: 'keys',
        purpose: 'checkin_ladder',
      });
    }
    return own;
  });
  // appendAudit writes one statement of 15 parameters per entry: SQLite takes 32,766 parameters at most.
  for (let i = 0; i < entries.length; i += AUDIT_CHUNK) {
    await appendAudit(trx, now, entries.slice(i, i + AUDIT_CHUNK));
  }
  return taken.map((n) => ({ kind: STEP_SIGNAL[n.step], checkinId: n.checkinId, step: n.step, at }));
}

function pendingStep(checkinId: string, step: LadderStep, dueAt: string) {
  return {
    id: randomUUID(),
    checkin_id: checkinId,
    step,
    due_at: dueAt,
    done_at: null,
    outcome: null,
    notified: null,
    key_holders: null,
  };
}

async function publishAll(feed: FeedBus, signals: readonly CheckinSignal[]) {
  for (const signal of signals) await feed.publish(signal);
}

/**
 * Opens the check-ins whose grace period has ended without one being recorded, and takes their first
 * ladder step at once (it is due at the end of the grace period, which has passed): one row per plan and
 * day (unique). Plans are moved on to their next check-in by one conditional update, so two servers (or
 * a restart) never open the same one twice. The cost follows the plans past their grace period, found
 * by index, not the number of plans.
 */
async function openMissed(deps: LadderDeps, now: Date, batch: number): Promise<number> {
  let opened = 0;
  // After an outage a plan may be several days behind: each round moves it one day on.
  for (let round = 0; round < 10; round++) {
    const { found, opened: n } = await openMissedRound(deps, now, batch);
    opened += n;
    if (found === 0) break;
  }
  return opened;
}

/** One batch in one transaction: all of it lands, or none. */
async function openMissedRound(deps: LadderDeps, now: Date, batch: number) {
  const at = now.toISOString();
  const today = cstDate(now);
  const result = await deps.db.transaction().execute(async (trx) => {
    const plans = await plansPastGrace(trx, at, batch);
    const days = plans.flatMap((plan) => {
      const { next_checkin_due_at: dueAt, next_checkin_miss_at: missAt, checkin_time: time } = plan;
      if (!dueAt || !missAt || !time) return [];
      const date = cstDate(new Date(dueAt));
      const nextDue = checkinDueOn(addDays(date, 1), time);
      const nextMiss = graceEnd(nextDue, plan.checkin_grace_minutes ?? 30);
      // After a long outage only the latest missed day climbs the ladder; older ones stay "missed".
      const stale = isStale(nextMiss, now);
      return [{ plan, date, dueAt, missAt, nextDue, nextMiss, stale, checkinId: randomUUID() }];
    });
    const claimed = await claimPlans(
      trx,
      days.map((d) => ({
        id: d.plan.id,
        oldMissAt: d.missAt,
        dueAt: d.nextDue.toISOString(),
        missAt: d.nextMiss.toISOString(),
      })),
    );
    const claimedDays = days.filter((d) => claimed.has(d.plan.id));
    // A check-in recorded (or an outcome given) in time already holds the day: nothing is opened for it.
    const inserted = await insertCheckins(
      trx,
      claimedDays.map(
        (d): CheckinTable => ({
          id: d.checkinId,
          plan_id: d.plan.id,
          community_id: d.plan.community_id,
          household_id: d.plan.household_id,
          date: d.date,
          due_at: d.dueAt,
          grace_until: d.missAt,
          state: 'missed',
          way: null,
          recorded_at: null,
          recorded_by_user_id: null,
          note: null,
          outcome: null,
          outcome_note: null,
          outcome_at: null,
          outcome_by_user_id: null,
          ladder_step: d.stale ? 0 : 1,
          created_at: at,
        }),
      ),
    );
    const climbing = claimedDays.filter((d) => !d.stale && inserted.has(d.checkinId));
    const notices = await noticesFor(
      trx,
      today,
      climbing.map((d) => ({
        checkinId: d.checkinId,
        planId: d.plan.id,
        communityId: d.plan.community_id,
        householdId: d.plan.household_id,
        residentId: d.plan.resident_id,
        responsiblePositionId: d.plan.responsible_position_id,
        standInPositionId: d.plan.stand_in_position_id,
        step: 1,
      })),
    );
    const missAtOf = new Map<string, string>(climbing.map((d) => [d.checkinId, d.missAt]));
    await insertLadderSteps(
      trx,
      notices.map((n) => ({
        ...pendingStep(n.checkinId, 1, missAtOf.get(n.checkinId) ?? at),
        done_at: at,
        outcome: 'sent',
        notified: JSON.stringify(n.positions),
        key_holders: JSON.stringify(n.keyHolders),
      })),
    );
    return { found: plans.length, signals: await followSteps(trx, now, notices) };
  });
  await publishAll(deps.feed, result.signals);
  return { found: result.found, opened: result.signals.length };
}

/**
 * Takes one batch of ladder steps past their time, once, in one transaction: tells the people of each
 * step and schedules the next. A step whose check-in was answered (or whose plan ended) is closed as
 * `stopped`.
 */
async function climb(deps: LadderDeps, now: Date, batch: number): Promise<{ found: number; taken: number }> {
  const at = now.toISOString();
  const today = cstDate(now);
  const result = await deps.db.transaction().execute(async (trx) => {
    const due = await dueSteps(trx, at, batch);
    const climbing = new Set<string>();
    for (const step of [1, 2, 3] as const) {
      const ids = due.filter((d) => d.step === step).map((d) => d.checkin_id);
      if (ids.length === 0) continue;
      for (const id of await climbCheckins(trx, ids, step, step >= 2 ? 'escalated' : 'missed')) {
        climbing.add(id);
      }
    }
    const notices = await noticesFor(
      trx,
      today,
      due
        .filter((d) => climbing.has(d.checkin_id))
        .map((d) => ({
          checkinId: d.checkin_id,
          planId: d.plan_id,
          communityId: d.community_id,
          householdId: d.household_id,
          residentId: d.resident_id,
          responsiblePositionId: d.responsible_position_id,
          standInPositionId: d.stand_in_position_id,
          step: d.step as LadderStep,
        })),
    );
    const stepIdOf = new Map(due.map((d) => [d.checkin_id, d.id]));
    const taken = await takeSteps(
      trx,
      at,
      notices.map((n) => ({
        id: stepIdOf.get(n.checkinId) ?? '',
        notified: JSON.stringify(n.positions),
        keyHolders: JSON.stringify(n.keyHolders),
      })),
    );
    await stopSteps(
      trx,
      at,
      due.filter((d) => !climbing.has(d.checkin_id)).map((d) => d.id),
    );
    const signals = await followSteps(
      trx,
      now,
      notices.filter((n) => taken.has(stepIdOf.get(n.checkinId) ?? '')),
    );
    return { found: due.length, signals };
  });
  await publishAll(deps.feed, result.signals);
  return { found: result.found, taken: result.signals.length };
}

/** One sweep: open the check-ins just missed (taking their first step), then take the ladder steps that are due. */
export async function sweepCheckins(
  deps: LadderDeps,
  batch = 500,
): Promise<{ opened: number; steps: number }> {
  const now = deps.clock();
  const opened = await openMissed(deps, now, batch);
  // Drain every step due now: when a whole district misses its check-ins at once (an outage), the
  // last reminder must not wait for later sweeps. Each step taken schedules the next in the future.
  let steps = opened;
  for (;;) {
    const { found, taken } = await climb(deps, now, batch);
    steps += taken;
    if (found < batch) break;
  }
  return { opened, steps };
}
/** Runs `sweepCheckins` every `intervalMs`, never two runs at once; returns the function that stops it. */
export function startCheckinWorker(deps: LadderDeps, intervalMs: number, onError: (error: unknown) => void) {
  return repeatEvery(intervalMs, () => sweepCheckins(deps), onError);
}

/** Live feed: one `checkin` event per ladder step to each open screen whose scope holds the household. */
export async function deliverCheckin(
  db: Kysely<DB>,
  clock: Clock,
  screens: Iterable<{ scope: Scope; lang: Language; write: (chunk: string) => void }>,
  signal: CheckinSignal,
): Promise<void> {
  const row = await findCheckin(db, signal.checkinId);
  if (!row) return;
  const plan = (await planRowsById(db, [row.plan_id])).get(row.plan_id);
  if (!plan) return;
  for (const screen of screens) {
    if (!checkinVisibleTo(screen.scope, row)) continue;
    const [checkin] = await presentCheckins(db, screen.scope, [{ plan, row, date: row.date }], clock());
    screen.write(
      `event: checkin\ndata: ${JSON.stringify({ kind: signal.kind, at: signal.at, step: signal.step, checkin })}\n\n`,
    );
  }
}
