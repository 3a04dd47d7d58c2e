import type { Kysely } from 'kysely';
import type { CareTag } from '../../shared/careTags';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import type { DB } from '../db/schema';
import { hasServingLeader } from '../liaison/coverage.sql';

export interface BuildingRecord {
  id: string;
  communityId: string;
  number: string;
  name: string | null;
  floors: number;
  entrances: { id: string; number: string }[];
  households: number;
}

/**
 * Buildings of the caller's communities that hold at least one household in scope (all of them for
 * community-wide roles), with the count of those households.
 */
export async function buildingsInScope(
  db: Kysely<DB>,
  scope: Scope,
  communityId?: string,
): Promise<BuildingRecord[]> {
  if (scope.communityIds.length === 0) return [];
  let buildingsQuery = db
    .selectFrom('building')
    .select(['id', 'community_id', 'number', 'name', 'floors'])
    .where('community_id', 'in', scope.communityIds);
  if (communityId) buildingsQuery = buildingsQuery.where('community_id', '=', communityId);
  const [buildings, counts] = await Promise.all([
    buildingsQuery.execute(),
    db
      .selectFrom('household')
      .select(['household.building_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('household.moved_out_at', 'is', null)
      .where(householdInScope(scope))
      .groupBy('household.building_id')
      .execute(),
  ]);
  const countOf = new Map(counts.map((c) => [c.building_id, Number(c.n)]));
  const visible = buildings.filter((b) => scope.householdIds === null || countOf.has(b.id));
  const entrances =
    visible.length === 0
      ? []
      : await db
          .selectFrom('entrance')
          .select(['id', 'building_id', 'number'])
          .where(
            'building_id',
            'in',
            visible.map((b) => b.id),
          )
          .execute();
  return visible
    .map((b) => ({
      id: b.id,
      communityId: b.community_id,
      number: b.number,
      name: b.name,
      floors: b.floors,
      entrances: entrances
        .filter((e) => e.building_id === b.id)
        .map((e) => ({ id: e.id, number: e.number }))
        .sort((x, y) => x.number.localeCompare(y.number, 'zh-CN', { numeric: true })),
      households: countOf.get(b.id) ?? 0,
    }))
    .sort((x, y) => x.number.localeCompare(y.number, 'zh-CN', { numeric: true }));
}

export interface FlatRecord {
  householdId: string;
  entranceId: string;
  floor: number;
  room: string;
  inScope: boolean;
  memberCount: number;
  careTags: CareTag[];
  hasBuildingLeader: boolean;
  openReports: number;
}

/** Every present household of one building, marked whether it is the caller's to see. */
export async function flatsOfBuilding(
  db: Kysely<DB>,
  scope: Scope,
  buildingId: string,
  today: string,
): Promise<FlatRecord[]> {
  const households = await db
    .selectFrom('household')
    .select(['id', 'entrance_id', 'floor', 'room'])
    .where('building_id', '=', buildingId)
    .where('moved_out_at', 'is', null)
    .execute();
  const visibleIds = households
    .filter((h) => scope.householdIds === null || scope.householdIds.has(h.id))
    .map((h) => h.id);
  const details = new Map<
    string,
    { members: number; tags: Set<CareTag>; covered: boolean; reports: number }
  >();
  for (const id of visibleIds) details.set(id, { members: 0, tags: new Set(), covered: false, reports: 0 });
  for (let i = 0; i < visibleIds.length; i += 500) {
    const ids = visibleIds.slice(i, i + 500);
    const [members, tags, covered, reports] = await Promise.all([
      db
        .selectFrom('resident')
        .select(['household_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('household_id', 'in', ids)
        .where('moved_out_at', 'is', null)
        .groupBy('household_id')
        .execute(),
      db
        .selectFrom('resident_care_tag')
        .innerJoin('resident', 'resident.id', 'resident_care_tag.resident_id')
        .select(['resident.household_id', 'resident_care_tag.tag'])
        .where('resident.household_id', 'in', ids)
        .where('resident.moved_out_at', 'is', null)
        .execute(),
      db
        .selectFrom('household')
        .select('household.id as household_id')
        .where('household.id', 'in', ids)
        .where((eb) => hasServingLeader(eb, today))
        .execute(),
      db
        .selectFrom('report')
        .select(['household_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('household_id', 'in', ids)
        .where('state', 'in', ['new', 'acknowledged', 'in_progress'])
        .groupBy('household_id')
        .execute(),
    ]);
    for (const r of reports) {
      const d = r.household_id ? details.get(r.household_id) : undefined;
      if (d) d.reports = Number(r.n);
    }
    for (const m of members) {
      const d = details.get(m.household_id);
      if (d) d.members = Number(m.n);
    }
    for (const t of tags) details.get(t.household_id)?.tags.add(t.tag as CareTag);
    for (const c of covered) {
      const d = details.get(c.household_id);
      if (d) d.covered = true;
    }
  }
  return households.map((h) => {
    const d = details.get(h.id);
    return {
      householdId: h.id,
      entranceId: h.entrance_id,
      floor: h.floor,
      room: h.room,
      inScope: d !== undefined,
      memberCount: d?.members ?? 0,
      careTags: d ? [...d.tags].sort() : [],
      hasBuildingLeader: d?.covered ?? false,
      openReports: d?.reports ?? 0,
    };
  });
}
