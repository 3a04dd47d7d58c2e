import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
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
import type { DB } from '../db/schema';
import { committeeOf, leaderOf, positionPath } from '../liaison/liaison.repository';
import type { CheckinSignal, FeedBus } from '../reports/feed';
import {
  addLadderStep,
  addTasks,
  claimLadderStep,
  claimPlanCheckin,
  dueLadderSteps,
  findCheckin,
  insertCheckin,
  OPEN_STATES,
  plansPastGrace,
  updateCheckin,
} from './checkins.repository';
import { checkinVisibleTo, presentCheckins } from './checkins.usecases';
import { type PlanRow, planRowsById } from './plans.repository';

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

/**
 * The key holders of a resident from the key register (issue 5, door keys): keys not yet returned.
 * Holders with a position in the chain get a task; the names of all are kept on the ladder step.
 */
async function keyHoldersOf(trx: Kysely<DB>, plan: PlanRow) {
  const keys = await trx
    .selectFrom('care_key')
    .leftJoin('liaison_position', 'liaison_position.id', 'care_key.holder_position_id')
    .select([
      'care_key.id',
      'care_key.holder_position_id',
      'care_key.holder_name',
      'liaison_position.person_name',
    ])
    .where('care_key.resident_id', '=', plan.resident_id)
    .where('care_key.returned_on', 'is', null)
    .execute();
  return {
    keyIds: keys.map((k) => k.id),
    positionIds: keys.map((k) => k.holder_position_id).filter((x): x is string => x !== null),
    names: keys.map((k) => k.holder_name ?? k.person_name ?? '').filter((n) => n !== ''),
  };
}

/**
 * Opens the check-ins whose grace period has ended without one being recorded: one row per plan and
 * day (unique), and the ladder's first step. Each plan is moved on to its next check-in by one
 * conditional update, so two servers (or a restart) never open the same one twice. The cost follows
 * the plans past their grace period, found by index, not the number of plans.
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

async function openMissedRound(deps: LadderDeps, now: Date, batch: number) {
  const at = now.toISOString();
  let opened = 0;
  const plans = await plansPastGrace(deps.db, at, batch);
  for (const plan of plans) {
    if (!plan.next_checkin_due_at || !plan.next_checkin_miss_at || !plan.checkin_time) continue;
    const dueAt = plan.next_checkin_due_at;
    const missAt = plan.next_checkin_miss_at;
    const time = plan.checkin_time;
    const grace = plan.checkin_grace_minutes ?? 30;
    await deps.db.transaction().execute(async (trx) => {
      const date = cstDate(new Date(dueAt));
      const nextDue = checkinDueOn(addDays(date, 1), time);
      const nextMiss = graceEnd(nextDue, grace);
      const claimed = await claimPlanCheckin(trx, plan.id, missAt, {
        dueAt: nextDue.toISOString(),
        missAt: nextMiss.toISOString(),
      });
      if (!claimed) return;
      const id = randomUUID();
      // A check-in recorded (or an outcome given) in time already holds the day: nothing to open.
      const inserted = await insertCheckin(trx, {
        id,
        plan_id: plan.id,
        community_id: plan.community_id,
        household_id: plan.household_id,
        date,
        due_at: dueAt,
        grace_until: missAt,
        state: 'missed',
        way: null,
        recorded_at: null,
        recorded_by_user_id: null,
        note: null,
        outcome: null,
        outcome_note: null,
        outcome_at: null,
        outcome_by_user_id: null,
        ladder_step: 0,
        created_at: at,
      });
      // After a long outage only the latest missed day climbs the ladder; older ones stay "missed".
      if (inserted && !isStale(nextMiss, now)) {
        await addLadderStep(trx, id, 1, missAt);
        opened++;
      }
    });
  }
  return { found: plans.length, opened };
}

/** Takes every ladder step past its time, once: tells the people of that step and schedules the next. */
async function climb(deps: LadderDeps, now: Date, batch: number): Promise<number> {
  const at = now.toISOString();
  const today = cstDate(now);
  let taken = 0;
  for (const step of await dueLadderSteps(deps.db, at, batch)) {
    const signal = await deps.db.transaction().execute(async (trx): Promise<CheckinSignal | null> => {
      const checkin = await findCheckin(trx, step.checkin_id);
      const plan = checkin ? (await planRowsById(trx, [checkin.plan_id])).get(checkin.plan_id) : undefined;
      // Climbing while nobody has answered and the plan still has its check-in (not ended, consent kept).
      const climbing =
        checkin !== undefined &&
        (OPEN_STATES as readonly string[]).includes(checkin.state) &&
        plan !== undefined &&
        plan.ended_at === null &&
        plan.checkin_time !== null;
      const claimed = await claimLadderStep(trx, step.id, at, climbing ? 'sent' : 'stopped');
      if (!claimed || !checkin || !plan || !climbing) return null;
      const n = step.step as LadderStep;
      const responsible = plan.responsible_position_id ?? (await leaderOf(trx, plan.household_id, today));
      const committee = await committeeOf(trx, plan.community_id, today);
      let notified: (string | null)[] = [];
      let keyHolders: string[] = [];
      const audit: AuditEntry[] = [];
      if (n === 1) {
        notified = [responsible, plan.stand_in_position_id];
      } else if (n === 2) {
        const path = responsible ? await positionPath(trx, responsible) : [];
        const keys = await keyHoldersOf(trx, plan);
        keyHolders = keys.names;
        notified = [path[1]?.positionId ?? committee, ...keys.positionIds];
        if (keys.keyIds.length > 0) {
          audit.push({
            action: 'read.sensitive',
            outcome: 'success',
            actorRole: 'system',
            targetType: 'checkin',
            targetId: checkin.id,
            communityId: plan.community_id,
            residentId: plan.resident_id,
            fieldClass: 'keys',
            purpose: 'checkin_ladder',
          });
        }
      } else {
        notified = [committee];
      }
      // Nobody in the chain for this step: the committee stands in.
      let positions = [...new Set(notified.filter((p): p is string => p !== null))];
      if (positions.length === 0 && committee) positions = [committee];
      await trx
        .updateTable('checkin_ladder')
        .set({ notified: JSON.stringify(positions), key_holders: JSON.stringify(keyHolders) })
        .where('id', '=', step.id)
        .execute();
      await addTasks(trx, checkin, n, STEP_TASK[n], positions, at);
      await updateCheckin(trx, checkin.id, { ladder_step: n, state: n >= 2 ? 'escalated' : 'missed' });
      const next = nextLadderStep(n);
      // The next step waits its full delay from now, so a long outage costs one step, not all of them.
      if (next) {
        await addLadderStep(
          trx,
          checkin.id,
          next,
          new Date(now.getTime() + LADDER_DELAY_MINUTES[next] * 60_000).toISOString(),
        );
      }
      await appendAudit(trx, now, [
        {
          action: 'care.checkin_ladder',
          outcome: 'success',
          actorRole: 'system',
          targetType: 'checkin',
          targetId: checkin.id,
          communityId: plan.community_id,
          residentId: plan.resident_id,
          detail: { step: n, notified: positions.length, keyHolders: keyHolders.length },
        },
        ...audit,
      ]);
      return { kind: STEP_SIGNAL[n], checkinId: checkin.id, step: n, at };
    });
    if (signal) {
      taken++;
      await deps.feed.publish(signal);
    }
  }
  return taken;
}

/** One sweep: open the check-ins just missed, then take the ladder steps that are due. */
export async function sweepCheckins(
  deps: LadderDeps,
  batch = 500,
): Promise<{ opened: number; steps: number }> {
  const now = deps.clock();
  const opened = await openMissed(deps, now, batch);
  // Drain every step due now: when a whole district misses its check-ins at once (an outage), the
  // last first reminder must not wait for later sweeps. Each step taken schedules the next in the future.
  let steps = 0;
  for (;;) {
    const taken = await climb(deps, now, batch);
    steps += taken;
    if (taken < batch) break;
  }
  return { opened, steps };
}

/** Runs `sweepCheckins` every `intervalMs`, never two runs at once; returns the function that stops it. */
export function startCheckinWorker(deps: LadderDeps, intervalMs: number, onError: (error: unknown) => void) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepCheckins(deps)
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
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
