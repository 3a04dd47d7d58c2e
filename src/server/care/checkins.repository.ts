import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CheckinTable, DB } from '../db/schema';

/** States in which the ladder is still climbing. */
export const OPEN_STATES = ['missed', 'escalated'] as const;

export async function findCheckin(db: Kysely<DB>, id: string) {
  return db.selectFrom('checkin').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function checkinOn(db: Kysely<DB>, planId: string, date: string) {
  return db
    .selectFrom('checkin')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('date', '=', date)
    .executeTakeFirst();
}

/** The latest check-in of a plan whose ladder is still climbing, if any. */
export async function openCheckinOf(db: Kysely<DB>, planId: string) {
  return db
    .selectFrom('checkin')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('state', 'in', [...OPEN_STATES])
    .orderBy('date', 'desc')
    .executeTakeFirst();
}

/** Inserts a check-in unless one exists for the plan and day (the unique key decides); true when inserted. */
export async function insertCheckin(trx: Kysely<DB>, row: CheckinTable): Promise<boolean> {
  const result = await trx
    .insertInto('checkin')
    .values(row)
    .onConflict((oc) => oc.columns(['plan_id', 'date']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateCheckin(trx: Kysely<DB>, id: string, set: Partial<CheckinTable>) {
  await trx.updateTable('checkin').set(set).where('id', '=', id).execute();
}

/** Today's rows, and any older ones still climbing, of the given plans. */
export async function checkinsForPlans(db: Kysely<DB>, planIds: readonly string[], date: string) {
  if (planIds.length === 0) return [];
  return db
    .selectFrom('checkin')
    .selectAll()
    .where('plan_id', 'in', [...planIds])
    .where((eb) => eb.or([eb('date', '=', date), eb('state', 'in', [...OPEN_STATES])]))
    .orderBy('date')
    .execute();
}

export async function addLadderStep(trx: Kysely<DB>, checkinId: string, step: number, dueAt: string) {
  await trx
    .insertInto('checkin_ladder')
    .values({
      id: randomUUID(),
      checkin_id: checkinId,
      step,
      due_at: dueAt,
      done_at: null,
      outcome: null,
      notified: null,
      key_holders: null,
    })
    .onConflict((oc) => oc.columns(['checkin_id', 'step']).doNothing())
    .execute();
}

export async function ladderOf(db: Kysely<DB>, checkinIds: readonly string[]) {
  if (checkinIds.length === 0) return [];
  return db
    .selectFrom('checkin_ladder')
    .selectAll()
    .where('checkin_id', 'in', [...checkinIds])
    .orderBy('step')
    .execute();
}

/** Anyone recorded the check-in or its outcome: open steps stop, open tasks are done. */
export async function stopLadder(trx: Kysely<DB>, checkinId: string, at: string) {
  await trx
    .updateTable('checkin_ladder')
    .set({ done_at: at, outcome: 'stopped' })
    .where('checkin_id', '=', checkinId)
    .where('done_at', 'is', null)
    .execute();
  await trx
    .updateTable('care_task')
    .set({ done_at: at })
    .where('checkin_id', '=', checkinId)
    .where('done_at', 'is', null)
    .execute();
}

/** Plans whose next check-in's grace period has ended: the sweep's work, found by index. */
export async function plansPastGrace(db: Kysely<DB>, now: string, limit: number) {
  return db
    .selectFrom('care_plan')
    .select([
      'id',
      'community_id',
      'household_id',
      'checkin_time',
      'checkin_grace_minutes',
      'next_checkin_due_at',
      'next_checkin_miss_at',
    ])
    .where('next_checkin_miss_at', '<=', now)
    .orderBy('next_checkin_miss_at')
    .limit(limit)
    .execute();
}

/** Moves a plan on to its next check-in; only the update that still finds the old one wins. */
export async function claimPlanCheckin(
  trx: Kysely<DB>,
  planId: string,
  oldMissAt: string,
  next: { dueAt: string; missAt: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('care_plan')
    .set({ next_checkin_due_at: next.dueAt, next_checkin_miss_at: next.missAt })
    .where('id', '=', planId)
    .where('next_checkin_miss_at', '=', oldMissAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function dueLadderSteps(db: Kysely<DB>, now: string, limit: number) {
  return db
    .selectFrom('checkin_ladder')
    .selectAll()
    .where('done_at', 'is', null)
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .execute();
}

export async function claimLadderStep(trx: Kysely<DB>, id: string, at: string, outcome: 'sent' | 'stopped') {
  const result = await trx
    .updateTable('checkin_ladder')
    .set({ done_at: at, outcome })
    .where('id', '=', id)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function addTasks(
  trx: Kysely<DB>,
  checkin: { id: string; plan_id: string; community_id: string },
  step: number,
  kind: 'reminder' | 'escalation' | 'door_visit',
  positionIds: readonly string[],
  at: string,
) {
  if (positionIds.length === 0) return;
  await trx
    .insertInto('care_task')
    .values(
      positionIds.map((positionId) => ({
        id: randomUUID(),
        community_id: checkin.community_id,
        checkin_id: checkin.id,
        plan_id: checkin.plan_id,
        step,
        kind,
        position_id: positionId,
        created_at: at,
        done_at: null,
      })),
    )
    .execute();
}
