import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../db/schema';

export interface Open311Filter {
  ids: readonly string[] | null;
  serviceCodes: readonly string[] | null;
  states: readonly string[] | null;
  from: string | null;
  to: string | null;
  communityId: string | null;
  updatedAfter: string | null;
  updatedBefore: string | null;
  limit: number;
  offset: number;
}

/** When a report last changed: its latest timeline entry (the first is its creation). */
const updatedAt = (eb: ExpressionBuilder<DB, 'report'>) =>
  eb.fn.coalesce(
    eb
      .selectFrom('report_event')
      .select((e) => e.fn.max('report_event.at').as('at'))
      .whereRef('report_event.report_id', '=', 'report.id'),
    eb.ref('report.created_at'),
  );

/** Reports for the public Open311 view: only what it shows, never phones, names or households. */
export async function open311Reports(db: Kysely<DB>, filter: Open311Filter) {
  let query = db
    .selectFrom('report')
    .innerJoin('community', 'community.id', 'report.community_id')
    .leftJoin('household', 'household.id', 'report.household_id')
    .select((eb) => [
      'report.id',
      'report.community_id',
      'community.name as community_name',
      'report.category',
      'report.urgency',
      'report.state',
      'report.description',
      'report.responsible_tier',
      'report.referred_to',
      'report.merged_into',
      'report.created_at',
      'report.feedback_due_at',
      'report.building_id',
      'report.entrance_id',
      'household.building_id as household_building_id',
      'household.entrance_id as household_entrance_id',
      updatedAt(eb).as('updated_at'),
    ]);
  if (filter.ids) {
    // The spec: with service_request_id, every other filter is ignored.
    if (filter.ids.length === 0) return [];
    query = query.where('report.id', 'in', filter.ids);
  } else {
    if (filter.serviceCodes) {
      if (filter.serviceCodes.length === 0) return [];
      query = query.where('report.category', 'in', filter.serviceCodes);
    }
    if (filter.states && filter.states.length > 0) query = query.where('report.state', 'in', filter.states);
    if (filter.from) query = query.where('report.created_at', '>=', filter.from);
    if (filter.to) query = query.where('report.created_at', '<=', filter.to);
    if (filter.communityId) query = query.where('report.community_id', '=', filter.communityId);
    const { updatedAfter, updatedBefore } = filter;
    if (updatedAfter) query = query.where((eb) => eb(updatedAt(eb), '>', updatedAfter));
    if (updatedBefore) query = query.where((eb) => eb(updatedAt(eb), '<', updatedBefore));
  }
  // The id breaks ties of one instant, so that pages never overlap or skip.
  return query
    .orderBy('report.created_at', 'desc')
    .orderBy('report.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

export type Open311ReportRow = Awaited<ReturnType<typeof open311Reports>>[number];

export async function buildingsAndEntrances(
  db: Kysely<DB>,
  buildingIds: readonly string[],
  entranceIds: readonly string[],
) {
  const [buildings, entrances] = await Promise.all([
    buildingIds.length === 0
      ? []
      : db.selectFrom('building').select(['id', 'number']).where('id', 'in', buildingIds).execute(),
    entranceIds.length === 0
      ? []
      : db.selectFrom('entrance').select(['id', 'number']).where('id', 'in', entranceIds).execute(),
  ]);
  return {
    buildings: new Map(buildings.map((b) => [b.id, b.number])),
    entrances: new Map(entrances.map((e) => [e.id, e.number])),
  };
}

/** A place of the community by id: a building, or an entrance (with its building). */
export async function placeById(db: Kysely<DB>, communityId: string, id: string) {
  const building = await db
    .selectFrom('building')
    .select(['id'])
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  if (building) return { buildingId: building.id, entranceId: null };
  const entrance = await db
    .selectFrom('entrance')
    .innerJoin('building', 'building.id', 'entrance.building_id')
    .select(['entrance.id', 'entrance.building_id'])
    .where('entrance.id', '=', id)
    .where('building.community_id', '=', communityId)
    .executeTakeFirst();
  return entrance ? { buildingId: entrance.building_id, entranceId: entrance.id } : null;
}

/** A place of the community by its numbers; the household only when the room is one lived in now. */
export async function placeByNumbers(
  db: Kysely<DB>,
  communityId: string,
  numbers: { building: string; entrance: string | null; room: string | null },
) {
  const building = await db
    .selectFrom('building')
    .select(['id'])
    .where('community_id', '=', communityId)
    .where('number', '=', numbers.building)
    .executeTakeFirst();
  if (!building) return null;
  if (numbers.entrance === null) return { buildingId: building.id, entranceId: null, householdId: null };
  const entrance = await db
    .selectFrom('entrance')
    .select(['id'])
    .where('building_id', '=', building.id)
    .where('number', '=', numbers.entrance)
    .executeTakeFirst();
  if (!entrance) return null;
  const household =
    numbers.room === null
      ? undefined
      : await db
          .selectFrom('household')
          .select(['id'])
          .where('entrance_id', '=', entrance.id)
          .where('room', '=', numbers.room)
          .where('moved_out_at', 'is', null)
          .executeTakeFirst();
  return { buildingId: building.id, entranceId: entrance.id, householdId: household?.id ?? null };
}
