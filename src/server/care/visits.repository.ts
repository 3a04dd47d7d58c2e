import type { Kysely } from 'kysely';
import type { CareFollowupTable, CareVisitPolicyTable, CareVisitTable, DB } from '../db/schema';

export async function insertVisit(
  trx: Kysely<DB>,
  visit: CareVisitTable,
  policies: readonly CareVisitPolicyTable[],
  followUps: readonly CareFollowupTable[],
) {
  await trx.insertInto('care_visit').values(visit).execute();
  if (policies.length > 0)
    await trx
      .insertInto('care_visit_policy')
      .values([...policies])
      .execute();
  if (followUps.length > 0)
    await trx
      .insertInto('care_followup')
      .values([...followUps])
      .execute();
}

/**
 * An in-person visit answers the visits that declared events made due for its plan: every open one of
 * an event declared before the visit.
 */
export async function answerEventVisits(trx: Kysely<DB>, planId: string, visitId: string, visitedAt: string) {
  await trx
    .updateTable('care_event_visit')
    .set({ visit_id: visitId, visited_at: visitedAt })
    .where('plan_id', '=', planId)
    .where('visit_id', 'is', null)
    .where('event_id', 'in', (eb) =>
      eb.selectFrom('care_event').select('care_event.id').where('care_event.declared_at', '<=', visitedAt),
    )
    .execute();
}

export async function visitsOfPlan(db: Kysely<DB>, planId: string, limit: number) {
  return db
    .selectFrom('care_visit')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('visited_at', 'desc')
    .limit(limit)
    .execute();
}

export async function visitsById(db: Kysely<DB>, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('care_visit')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export async function partsOfVisits(db: Kysely<DB>, visitIds: readonly string[]) {
  if (visitIds.length === 0) return { policies: [], followUps: [] };
  const [policies, followUps] = await Promise.all([
    db
      .selectFrom('care_visit_policy')
      .selectAll()
      .where('visit_id', 'in', [...visitIds])
      .execute(),
    db
      .selectFrom('care_followup')
      .selectAll()
      .where('visit_id', 'in', [...visitIds])
      .orderBy('sort')
      .execute(),
  ]);
  return { policies, followUps };
}

export async function findFollowUp(db: Kysely<DB>, id: string) {
  return db.selectFrom('care_followup').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Links a follow-up to the report it became; only the first link wins. */
export async function linkFollowUpReport(trx: Kysely<DB>, id: string, reportId: string): Promise<boolean> {
  const result = await trx
    .updateTable('care_followup')
    .set({ report_id: reportId })
    .where('id', '=', id)
    .where('report_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
