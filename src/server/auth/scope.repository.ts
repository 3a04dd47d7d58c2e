import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema';
import type { Scope } from './scope';

export async function communitiesOfSubdistrict(db: Kysely<DB>, subdistrictId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('community')
    .select('id')
    .where('subdistrict_id', '=', subdistrictId)
    .execute();
  return rows.map((r) => r.id);
}

/** Positions held today: begun on or before `today`, not yet ended. */
export async function currentPositionsInCommunity(db: Kysely<DB>, communityId: string, today: string) {
  const rows = await db
    .selectFrom('liaison_position')
    .select(['id', 'parent_id', 'user_id', 'tier'])
    .where('community_id', '=', communityId)
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', today)]))
    .execute();
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, userId: r.user_id, tier: r.tier }));
}

export async function currentAssignedHouseholds(
  db: Kysely<DB>,
  positionIds: string[],
  today: string,
): Promise<string[]> {
  if (positionIds.length === 0) return [];
  const rows = await db
    .selectFrom('household_assignment')
    .select('household_id')
    .distinct()
    .where('position_id', 'in', positionIds)
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', today)]))
    .execute();
  return rows.map((r) => r.household_id);
}

/**
 * The filter every query over households applies: the one place the scope turns into SQL.
 * Works for any query that has the household table in it.
 */
export function householdInScope(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'household'>) => {
    if (scope.communityIds.length === 0) return sql<boolean>`1 = 0`;
    const inCommunity = eb('household.community_id', 'in', scope.communityIds);
    if (scope.householdIds === null) return inCommunity;
    if (scope.householdIds.size === 0) return sql<boolean>`1 = 0`;
    return eb.and([inCommunity, eb('household.id', 'in', [...scope.householdIds])]);
  };
}

/**
 * One household by id, within scope. The id is checked against the scope's households here rather
 * than sent as a list of every one of them: a building leader's or party member's list would be bound
 * and searched on each lookup, the hottest of which is recording a report. The rest of the rule is
 * `householdInScope`'s.
 */
export function oneHouseholdInScope(scope: Scope, householdId: string) {
  const listed = scope.householdIds === null || scope.householdIds.has(householdId);
  const inCommunities = householdInScope({ ...scope, householdIds: null });
  return (eb: ExpressionBuilder<DB, 'household'>) =>
    listed ? eb.and([eb('household.id', '=', householdId), inCommunities(eb)]) : sql<boolean>`1 = 0`;
}
