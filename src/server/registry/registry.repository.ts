import type { Kysely } from 'kysely';
import type { CareTag } from '../../shared/careTags';
import type { Tier } from '../../shared/roles';
import type { Scope } from '../auth/scope';
import { householdInScope, oneHouseholdInScope } from '../auth/scope.repository';
import type { DB } from '../db/schema';
import { hasServingLeader } from '../liaison/coverage.sql';

export interface HouseholdRecord {
  id: string;
  communityId: string;
  buildingNumber: string;
  entranceNumber: string;
  floor: number;
  room: string;
}

export interface ResidentRecord {
  id: string;
  householdId: string;
  communityId: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string | null;
  idNumber: string | null;
  phone: string | null;
  relation: string;
  preferredLanguage: string;
  careTags: CareTag[];
}

/** Households in scope with their address, not moved out; the round (issue 19) reads them too. */
export function householdQuery(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('household')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .select([
      'household.id as id',
      'household.community_id as communityId',
      'building.number as buildingNumber',
      'entrance.number as entranceNumber',
      'household.floor as floor',
      'household.room as room',
    ])
    .where('household.moved_out_at', 'is', null)
    .where(householdInScope(scope));
}

export async function findHousehold(
  db: Kysely<DB>,
  scope: Scope,
  id: string,
): Promise<HouseholdRecord | undefined> {
  return householdQuery(db, scope).where('household.id', '=', id).executeTakeFirst();
}

/** A household's community and address within the caller's scope, for work that needs no more of it. */
export async function householdPlaceInScope(
  db: Kysely<DB>,
  scope: Scope,
  id: string,
): Promise<Pick<HouseholdRecord, 'communityId' | 'buildingNumber' | 'entranceNumber' | 'room'> | undefined> {
  return db
    .selectFrom('household')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .select([
      'household.community_id as communityId',
      'building.number as buildingNumber',
      'entrance.number as entranceNumber',
      'household.room',
    ])
    .where(oneHouseholdInScope(scope, id))
    .executeTakeFirst();
}

async function careTagsOf(db: Kysely<DB>, residentIds: string[]): Promise<Map<string, CareTag[]>> {
  const tags = new Map<string, CareTag[]>();
  if (residentIds.length === 0) return tags;
  const rows = await db
    .selectFrom('resident_care_tag')
    .select(['resident_id', 'tag'])
    .where('resident_id', 'in', residentIds)
    .orderBy('tag')
    .execute();
  for (const row of rows)
    tags.set(row.resident_id, [...(tags.get(row.resident_id) ?? []), row.tag as CareTag]);
  return tags;
}

/** Members of the given households, present residents only; households must already be scope-checked. */
export async function residentsOfHouseholds(
  db: Kysely<DB>,
  householdIds: string[],
): Promise<ResidentRecord[]> {
  if (householdIds.length === 0) return [];
  const rows = await db
    .selectFrom('resident')
    .select([
      'id',
      'household_id as householdId',
      'community_id as communityId',
      'name',
      'gender',
      'birth_date as birthDate',
      'id_number as idNumber',
      'phone',
      'relation',
      'preferred_language as preferredLanguage',
    ])
    .where('household_id', 'in', householdIds)
    .where('moved_out_at', 'is', null)
    .orderBy('household_id')
    .orderBy('birth_date')
    .execute();
  const tags = await careTagsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, careTags: tags.get(r.id) ?? [] }));
}

export interface LiaisonContactRecord {
  tier: Tier;
  name: string;
  phone: string | null;
}

/** The building leader of the household today and every position above them, bottom first. */
export async function liaisonPathOf(db: Kysely<DB>, householdId: string, today: string) {
  const assignment = await db
    .selectFrom('household_assignment')
    .select('position_id')
    .where('household_id', '=', householdId)
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', today)]))
    .executeTakeFirst();
  const path: LiaisonContactRecord[] = [];
  let positionId: string | null = assignment?.position_id ?? null;
  const seen = new Set<string>();
  while (positionId && !seen.has(positionId)) {
    seen.add(positionId);
    const position = await db
      .selectFrom('liaison_position')
      .select(['tier', 'person_name', 'phone', 'parent_id'])
      .where('id', '=', positionId)
      .executeTakeFirst();
    if (!position) break;
    path.push({ tier: position.tier as Tier, name: position.person_name, phone: position.phone });
    positionId = position.parent_id;
  }
  return path;
}

export async function communitiesByIds(db: Kysely<DB>, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('community').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute();
}

/** Counts for the home page, all within scope. */
export async function scopeCounts(db: Kysely<DB>, scope: Scope, bornOnOrBefore80: string, today: string) {
  const households = db
    .selectFrom('household')
    .where('household.moved_out_at', 'is', null)
    .where(householdInScope(scope));
  const residents = households
    .innerJoin('resident', 'resident.household_id', 'household.id')
    .where('resident.moved_out_at', 'is', null);
  const [h, r, alone, old, uncovered] = await Promise.all([
    households.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    residents.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    residents
      .innerJoin('resident_care_tag', 'resident_care_tag.resident_id', 'resident.id')
      .where('resident_care_tag.tag', '=', 'lives_alone')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    residents
      .where('resident.birth_date', '<=', bornOnOrBefore80)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    households
      .where((eb) => eb.not(hasServingLeader(eb, today)))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    households: Number(h.n),
    residents: Number(r.n),
    livingAlone: Number(alone.n),
    over80: Number(old.n),
    withoutBuildingLeader: Number(uncovered.n),
  };
}
