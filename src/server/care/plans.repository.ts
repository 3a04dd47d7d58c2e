import type { Kysely } from 'kysely';
import type { TPositionRef } from '../../shared/contracts/care';
import type { Tier } from '../../shared/roles';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import type { CarePlanTable, DB } from '../db/schema';

export interface PlanRow extends CarePlanTable {
  resident_name: string;
  building_id: string;
  building_number: string;
  entrance_number: string;
  floor: number;
  room: string;
}

/** Care plans joined with their resident and address, limited to the households in the caller's scope. */
export function planQuery(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('care_plan')
    .innerJoin('household', 'household.id', 'care_plan.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .innerJoin('resident', 'resident.id', 'care_plan.resident_id')
    .selectAll('care_plan')
    .select([
      'resident.name as resident_name',
      'building.id as building_id',
      'building.number as building_number',
      'entrance.number as entrance_number',
      'household.floor as floor',
      'household.room as room',
    ])
    .where(householdInScope(scope));
}

/** The same join without a scope: for the ladder worker, which acts for the system. */
export async function planRowsById(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, PlanRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('care_plan')
    .innerJoin('household', 'household.id', 'care_plan.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .innerJoin('resident', 'resident.id', 'care_plan.resident_id')
    .selectAll('care_plan')
    .select([
      'resident.name as resident_name',
      'building.id as building_id',
      'building.number as building_number',
      'entrance.number as entrance_number',
      'household.floor as floor',
      'household.room as room',
    ])
    .where('care_plan.id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findPlanInScope(
  db: Kysely<DB>,
  scope: Scope,
  id: string,
): Promise<PlanRow | undefined> {
  return planQuery(db, scope).where('care_plan.id', '=', id).executeTakeFirst();
}

export async function listPlansInScope(
  db: Kysely<DB>,
  scope: Scope,
  filter: {
    buildingId?: string | undefined;
    householdId?: string | undefined;
    householdIds?: readonly string[];
    positionId?: string | undefined;
    includeEnded?: boolean;
    withCheckin?: boolean;
    activeBetween?: { from: string; to: string };
    limit: number;
  },
): Promise<PlanRow[]> {
  let query = planQuery(db, scope);
  if (filter.buildingId) query = query.where('household.building_id', '=', filter.buildingId);
  if (filter.householdId) query = query.where('care_plan.household_id', '=', filter.householdId);
  if (filter.householdIds) {
    if (filter.householdIds.length === 0) return [];
    query = query.where('care_plan.household_id', 'in', [...filter.householdIds]);
  }
  if (filter.positionId) {
    const positionId = filter.positionId;
    query = query.where((eb) =>
      eb.or([
        eb('care_plan.responsible_position_id', '=', positionId),
        eb('care_plan.stand_in_position_id', '=', positionId),
      ]),
    );
  }
  if (filter.activeBetween) {
    const { from, to } = filter.activeBetween;
    query = query
      .where('care_plan.created_at', '<', to)
      .where((eb) => eb.or([eb('care_plan.ended_at', 'is', null), eb('care_plan.ended_at', '>=', from)]));
  } else if (!filter.includeEnded) {
    query = query.where('care_plan.ended_at', 'is', null);
  }
  if (filter.withCheckin) query = query.where('care_plan.checkin_time', 'is not', null);
  return query
    .orderBy('building.number')
    .orderBy('household.room')
    .orderBy('care_plan.created_at')
    .limit(filter.limit)
    .execute();
}

export async function activePlanOfResident(db: Kysely<DB>, residentId: string) {
  return db
    .selectFrom('care_plan')
    .select('id')
    .where('resident_id', '=', residentId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}

export async function insertPlan(trx: Kysely<DB>, row: CarePlanTable) {
  await trx.insertInto('care_plan').values(row).execute();
}

export async function updatePlan(trx: Kysely<DB>, id: string, set: Partial<CarePlanTable>) {
  await trx.updateTable('care_plan').set(set).where('id', '=', id).execute();
}

/** A position held today in the community, for a plan's responsible person or stand-in. */
export async function servingPosition(db: Kysely<DB>, communityId: string, id: string, today: string) {
  return db
    .selectFrom('liaison_position')
    .select(['id', 'tier', 'person_name'])
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', today)]))
    .executeTakeFirst();
}

export async function positionRefs(db: Kysely<DB>, ids: readonly (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
  if (wanted.length === 0) return new Map<string, TPositionRef>();
  const rows = await db
    .selectFrom('liaison_position')
    .select(['id', 'person_name', 'tier'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(
    rows.map((r) => [r.id, { positionId: r.id, name: r.person_name, tier: r.tier as Tier } as TPositionRef]),
  );
}

/** The last in-person visit of each plan (phone calls are recorded, but are not visits). */
export async function lastVisits(db: Kysely<DB>, planIds: readonly string[]) {
  if (planIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('care_visit')
    .select(['plan_id', (eb) => eb.fn.max('visited_at').as('last')])
    .where('plan_id', 'in', [...planIds])
    .where('how', '=', 'in_person')
    .groupBy('plan_id')
    .execute();
  return new Map(rows.map((r) => [r.plan_id, String(r.last)]));
}

/** Visits due because of declared events and not yet made. */
export async function openEventVisits(db: Kysely<DB>, planIds: readonly string[]) {
  if (planIds.length === 0) return [];
  return db
    .selectFrom('care_event_visit')
    .innerJoin('care_event', 'care_event.id', 'care_event_visit.event_id')
    .select([
      'care_event_visit.plan_id',
      'care_event_visit.event_id',
      'care_event_visit.due_at',
      'care_event.kind',
    ])
    .where('care_event_visit.plan_id', 'in', [...planIds])
    .where('care_event_visit.visit_id', 'is', null)
    .orderBy('care_event_visit.due_at')
    .execute();
}

/** In-person visits per plan between two instants. */
export async function visitCounts(db: Kysely<DB>, planIds: readonly string[], from: string, to: string) {
  if (planIds.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('care_visit')
    .select(['plan_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('plan_id', 'in', [...planIds])
    .where('how', '=', 'in_person')
    .where('visited_at', '>=', from)
    .where('visited_at', '<', to)
    .groupBy('plan_id')
    .execute();
  return new Map(rows.map((r) => [r.plan_id, Number(r.n)]));
}

/** Visits made due by events, per plan, whose deadline falls between two instants. */
export async function eventVisitCounts(db: Kysely<DB>, planIds: readonly string[], from: string, to: string) {
  if (planIds.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('care_event_visit')
    .select(['plan_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('plan_id', 'in', [...planIds])
    .where('due_at', '>=', from)
    .where('due_at', '<', to)
    .groupBy('plan_id')
    .execute();
  return new Map(rows.map((r) => [r.plan_id, Number(r.n)]));
}

/** Active plans of a community, or of one building in it: the plans a declared event reaches. */
export async function activePlansIn(db: Kysely<DB>, communityId: string, buildingId: string | null) {
  let query = db
    .selectFrom('care_plan')
    .innerJoin('household', 'household.id', 'care_plan.household_id')
    .select('care_plan.id')
    .where('care_plan.community_id', '=', communityId)
    .where('care_plan.ended_at', 'is', null);
  if (buildingId) query = query.where('household.building_id', '=', buildingId);
  return (await query.execute()).map((r) => r.id);
}
