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
