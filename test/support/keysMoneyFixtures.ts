import type { TestApp } from './testApp';

/**
 * The building leader's own position, a household of theirs with a resident, and a resident outside
 * what the leader and their party member look after.
 */
export async function careFixtures(t: TestApp) {
  const db = t.database.db;
  const c1 = t.seed.communityIds[0] as string;
  const leader = t.seed.users.find((u) => u.username === 'buildingleader');
  if (!leader) throw new Error('no seeded building leader');
  const position = await db
    .selectFrom('liaison_position')
    .select(['id', 'parent_id'])
    .where('user_id', '=', leader.id)
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  const assigned = await db
    .selectFrom('household_assignment')
    .innerJoin('resident', 'resident.household_id', 'household_assignment.household_id')
    .select(['resident.id as residentId', 'household_assignment.household_id as householdId'])
    .where('household_assignment.position_id', '=', position.id)
    .where('household_assignment.valid_to', 'is', null)
    .orderBy('resident.id')
    .execute();
  const mine = assigned[0];
  const alsoMine = assigned.find((a) => a.householdId !== mine?.householdId) ?? assigned[1];
  if (!mine || !alsoMine) throw new Error('the building leader needs two residents');
  // Outside the leader's party member too: the households of every leader under the same parent.
  const underParent = await db
    .selectFrom('household_assignment')
    .innerJoin('liaison_position', 'liaison_position.id', 'household_assignment.position_id')
    .select('household_assignment.household_id')
    .where((eb) =>
      eb.or([
        eb('liaison_position.parent_id', '=', position.parent_id as string),
        eb('liaison_position.id', '=', position.parent_id as string),
      ]),
    )
    .where('household_assignment.valid_to', 'is', null)
    .execute();
  const elsewhere = await db
    .selectFrom('resident')
    .select(['id', 'household_id'])
    .where('community_id', '=', c1)
    .where('household_id', 'not in', [
      ...assigned.map((a) => a.householdId),
      ...underParent.map((a) => a.household_id),
    ])
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return {
    leaderPositionId: position.id,
    parentPositionId: position.parent_id as string,
    residentId: mine.residentId,
    otherOwnResidentId: alsoMine.residentId,
    elsewhereResidentId: elsewhere.id,
  };
}
