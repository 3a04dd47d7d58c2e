import type { Kysely } from 'kysely';
import type { THouseholdRef } from '../../shared/contracts/welfare';
import type { Scope } from '../auth/scope';
import { oneHouseholdInScope } from '../auth/scope.repository';
import type { DB } from '../db/schema';

/** The relations that name the head of a household, as registers write them. */
const HEAD_RELATIONS = ['户主', '本人', 'head', 'self'];

export interface WelfareHousehold extends THouseholdRef {
  communityId: string;
}

function anyHousehold(db: Kysely<DB>) {
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
    ]);
}

function householdQuery(db: Kysely<DB>) {
  return anyHousehold(db).where('household.moved_out_at', 'is', null);
}

/** A present household in the caller's scope, with its address and head. */
export async function householdInScopeById(
  db: Kysely<DB>,
  scope: Scope,
  id: string,
): Promise<WelfareHousehold | undefined> {
  const row = await householdQuery(db).where(oneHouseholdInScope(scope, id)).executeTakeFirst();
  if (!row) return undefined;
  return (await withHeads(db, [row]))[0];
}

/** Every present household of a community, for evaluating them all at once. */
export async function householdsOfCommunity(
  db: Kysely<DB>,
  communityId: string,
): Promise<WelfareHousehold[]> {
  const rows = await householdQuery(db).where('household.community_id', '=', communityId).execute();
  return withHeads(db, rows);
}

export async function householdsById(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, WelfareHousehold>> {
  if (ids.length === 0) return new Map();
  const rows = await anyHousehold(db)
    .where('household.id', 'in', [...new Set(ids)])
    .execute();
  return new Map((await withHeads(db, rows)).map((h) => [h.householdId, h]));
}

type Row = {
  id: string;
  communityId: string;
  buildingNumber: string;
  entranceNumber: string;
  floor: number;
  room: string;
};

async function withHeads(db: Kysely<DB>, rows: Row[]): Promise<WelfareHousehold[]> {
  const heads = new Map<string, { name: string; isHead: boolean }>();
  for (let i = 0; i < rows.length; i += 500) {
    const members = await db
      .selectFrom('resident')
      .select(['household_id', 'name', 'relation'])
      .where(
        'household_id',
        'in',
        rows.slice(i, i + 500).map((r) => r.id),
      )
      .where('moved_out_at', 'is', null)
      .orderBy('created_at')
      .execute();
    for (const m of members) {
      const isHead = HEAD_RELATIONS.includes(m.relation);
      const known = heads.get(m.household_id);
      if (!known || (isHead && !known.isHead)) heads.set(m.household_id, { name: m.name, isHead });
    }
  }
  return rows.map((r) => ({
    householdId: r.id,
    communityId: r.communityId,
    name: heads.get(r.id)?.name ?? '',
    address: {
      buildingNumber: r.buildingNumber,
      entranceNumber: r.entranceNumber,
      floor: r.floor,
      room: r.room,
      label: `${r.buildingNumber}-${r.entranceNumber}-${r.room}`,
    },
  }));
}

/** The head's name (or the first member's) of each household, for tables that already hold the address. */
export async function headsOf(db: Kysely<DB>, householdIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(householdIds)];
  const heads = new Map<string, { name: string; isHead: boolean }>();
  for (let i = 0; i < ids.length; i += 500) {
    const members = await db
      .selectFrom('resident')
      .select(['household_id', 'name', 'relation'])
      .where('household_id', 'in', ids.slice(i, i + 500))
      .where('moved_out_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const m of members) {
      const isHead = HEAD_RELATIONS.includes(m.relation);
      const known = heads.get(m.household_id);
      if (!known || (isHead && !known.isHead)) heads.set(m.household_id, { name: m.name, isHead });
    }
  }
  return new Map([...heads].map(([id, h]) => [id, h.name]));
}
