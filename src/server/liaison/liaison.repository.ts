import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ChainPosition } from '../../domain/liaison/chain';
import type { Tier } from '../../shared/roles';
import type { DB } from '../db/schema';
import { hasServingLeader } from './coverage.sql';

function servingOn(today: string) {
  return <T extends 'liaison_position' | 'household_assignment'>(table: T) =>
    // biome-ignore lint/suspicious/noExplicitAny: the same two date columns exist on both tables
    (eb: any) =>
      eb.and([
        eb(`${table}.valid_from`, '<=', today),
        eb.or([eb(`${table}.valid_to`, 'is', null), eb(`${table}.valid_to`, '>', today)]),
      ]);
}

/** Positions held today in one community, with the households each covers directly today. */
export async function currentChain(
  db: Kysely<DB>,
  communityId: string,
  today: string,
): Promise<ChainPosition[]> {
  const serving = servingOn(today);
  const [positions, counts] = await Promise.all([
    db
      .selectFrom('liaison_position')
      .select(['id', 'parent_id', 'tier', 'person_name', 'phone'])
      .where('community_id', '=', communityId)
      .where(serving('liaison_position'))
      .execute(),
    db
      .selectFrom('household_assignment')
      .innerJoin('household', 'household.id', 'household_assignment.household_id')
      .select(['household_assignment.position_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('household.community_id', '=', communityId)
      .where('household.moved_out_at', 'is', null)
      .where(serving('household_assignment'))
      .groupBy('household_assignment.position_id')
      .execute(),
  ]);
  const countOf = new Map(counts.map((c) => [c.position_id, Number(c.n)]));
  return positions.map((p) => ({
    id: p.id,
    parentId: p.parent_id,
    tier: p.tier as Tier,
    personName: p.person_name,
    phone: p.phone,
    directHouseholds: countOf.get(p.id) ?? 0,
  }));
}

/** Every position's upper position, ended ones included, to tell "no upper" from "upper has left". */
export async function parentsOfAll(db: Kysely<DB>, communityId: string): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('liaison_position')
    .select(['id', 'parent_id'])
    .where('community_id', '=', communityId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}

export async function findPosition(db: Kysely<DB>, id: string) {
  return db.selectFrom('liaison_position').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPosition(
  trx: Kysely<DB>,
  row: {
    id: string;
    communityId: string;
    tier: Tier;
    personName: string;
    phone: string | null;
    parentId: string | null;
    userId: string | null;
    validFrom: string;
  },
) {
  await trx
    .insertInto('liaison_position')
    .values({
      id: row.id,
      community_id: row.communityId,
      tier: row.tier,
      person_name: row.personName,
      phone: row.phone,
      user_id: row.userId,
      parent_id: row.parentId,
      valid_from: row.validFrom,
      valid_to: null,
    })
    .execute();
  await trx
    .insertInto('liaison_parent_history')
    .values({
      id: randomUUID(),
      position_id: row.id,
      parent_id: row.parentId,
      valid_from: row.validFrom,
      valid_to: null,
    })
    .execute();
}

/** Moves a position under a new upper position from a date; the old link is closed, not erased. */
export async function reassignParent(
  trx: Kysely<DB>,
  positionId: string,
  parentId: string,
  validFrom: string,
) {
  await trx
    .updateTable('liaison_parent_history')
    .set({ valid_to: validFrom })
    .where('position_id', '=', positionId)
    .where('valid_to', 'is', null)
    .execute();
  await trx
    .insertInto('liaison_parent_history')
    .values({
      id: randomUUID(),
      position_id: positionId,
      parent_id: parentId,
      valid_from: validFrom,
      valid_to: null,
    })
    .execute();
  await trx
    .updateTable('liaison_position')
    .set({ parent_id: parentId })
    .where('id', '=', positionId)
    .execute();
}

/** A person leaves a post: the position ends, and so do its household assignments. */
export async function endPosition(trx: Kysely<DB>, positionId: string, validTo: string) {
  await trx.updateTable('liaison_position').set({ valid_to: validTo }).where('id', '=', positionId).execute();
  await trx
    .updateTable('liaison_parent_history')
    .set({ valid_to: validTo })
    .where('position_id', '=', positionId)
    .where('valid_to', 'is', null)
    .execute();
  await trx
    .updateTable('household_assignment')
    .set({ valid_to: validTo })
    .where('position_id', '=', positionId)
    .where('valid_to', 'is', null)
    .execute();
}

/** Gives a household a building leader from a date; the previous cover ends that day. */
export async function assignHousehold(
  trx: Kysely<DB>,
  householdId: string,
  positionId: string,
  validFrom: string,
) {
  await trx
    .updateTable('household_assignment')
    .set({ valid_to: validFrom })
    .where('household_id', '=', householdId)
    .where('valid_to', 'is', null)
    .execute();
  await trx
    .insertInto('household_assignment')
    .values({
      id: randomUUID(),
      household_id: householdId,
      position_id: positionId,
      valid_from: validFrom,
      valid_to: null,
    })
    .execute();
}

export async function coverHistoryOfHousehold(db: Kysely<DB>, householdId: string) {
  return db
    .selectFrom('household_assignment')
    .innerJoin('liaison_position', 'liaison_position.id', 'household_assignment.position_id')
    .select([
      'liaison_position.id as positionId',
      'liaison_position.tier as tier',
      'liaison_position.person_name as personName',
      'household_assignment.valid_from as validFrom',
      'household_assignment.valid_to as validTo',
    ])
    .where('household_assignment.household_id', '=', householdId)
    .orderBy('household_assignment.valid_from', 'desc')
    .execute();
}

export async function parentHistoryOf(db: Kysely<DB>, positionId: string) {
  return db
    .selectFrom('liaison_parent_history')
    .innerJoin('liaison_position', 'liaison_position.id', 'liaison_parent_history.parent_id')
    .select([
      'liaison_position.id as positionId',
      'liaison_position.tier as tier',
      'liaison_position.person_name as personName',
      'liaison_parent_history.valid_from as validFrom',
      'liaison_parent_history.valid_to as validTo',
    ])
    .where('liaison_parent_history.position_id', '=', positionId)
    .orderBy('liaison_parent_history.valid_from', 'desc')
    .execute();
}

export async function householdsOfPosition(db: Kysely<DB>, positionId: string) {
  return db
    .selectFrom('household_assignment')
    .innerJoin('household', 'household.id', 'household_assignment.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .select([
      'household.id as householdId',
      'building.number as buildingNumber',
      'entrance.number as entranceNumber',
      'household.floor as floor',
      'household.room as room',
      'household_assignment.valid_from as validFrom',
      'household_assignment.valid_to as validTo',
    ])
    .where('household_assignment.position_id', '=', positionId)
    .orderBy('household_assignment.valid_to', 'desc')
    .orderBy('household.room')
    .execute();
}

export async function householdsWithoutLeader(db: Kysely<DB>, communityId: string, today: string) {
  return db
    .selectFrom('household')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .select([
      'household.id as householdId',
      'building.number as buildingNumber',
      'entrance.number as entranceNumber',
      'household.floor as floor',
      'household.room as room',
    ])
    .where('household.community_id', '=', communityId)
    .where('household.moved_out_at', 'is', null)
    .where((eb) => eb.not(hasServingLeader(eb, today)))
    .orderBy('building.number')
    .orderBy('household.room')
    .limit(1000)
    .execute();
}

/** The position and every position above it, bottom first. */
export async function positionPath(db: Kysely<DB>, positionId: string) {
  const path: { positionId: string; tier: Tier; personName: string; phone: string | null }[] = [];
  let next: string | null = positionId;
  while (next && !path.some((p) => p.positionId === next)) {
    const row = await db
      .selectFrom('liaison_position')
      .select(['id', 'tier', 'parent_id', 'person_name', 'phone'])
      .where('id', '=', next)
      .executeTakeFirst();
    if (!row) break;
    path.push({ positionId: row.id, tier: row.tier as Tier, personName: row.person_name, phone: row.phone });
    next = row.parent_id;
  }
  return path;
}

/** The building leader covering a household today, if any. */
export async function leaderOf(db: Kysely<DB>, householdId: string, today: string) {
  const row = await db
    .selectFrom('household_assignment')
    .innerJoin('liaison_position', 'liaison_position.id', 'household_assignment.position_id')
    .select('liaison_position.id')
    .where('household_assignment.household_id', '=', householdId)
    .where(servingOn(today)('household_assignment'))
    .where(servingOn(today)('liaison_position'))
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The committee position of a community today: the top of every path. */
export async function committeeOf(db: Kysely<DB>, communityId: string, today: string) {
  const row = await db
    .selectFrom('liaison_position')
    .select('id')
    .where('community_id', '=', communityId)
    .where('tier', '=', 'committee')
    .where(servingOn(today)('liaison_position'))
    .executeTakeFirst();
  return row?.id ?? null;
}
