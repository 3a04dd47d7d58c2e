import type { Kysely } from 'kysely';
import type { DB, WelfareFactsTable } from '../db/schema';

export async function latestFacts(
  db: Kysely<DB>,
  householdId: string,
): Promise<WelfareFactsTable | undefined> {
  return db
    .selectFrom('welfare_facts')
    .selectAll()
    .where('household_id', '=', householdId)
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The latest facts of every household of a community that has any, in one pass. */
export async function latestFactsOfCommunity(
  db: Kysely<DB>,
  communityId: string,
): Promise<Map<string, WelfareFactsTable>> {
  const rows = await db
    .selectFrom('welfare_facts')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  // Ordered oldest first, so the last row of each household wins.
  return new Map(rows.map((r) => [r.household_id, r]));
}

export async function insertFacts(trx: Kysely<DB>, row: WelfareFactsTable): Promise<void> {
  await trx.insertInto('welfare_facts').values(row).execute();
}

/** Households of a community that receive a policy today (an open roster row). */
export async function receivingHouseholds(
  db: Kysely<DB>,
  communityId: string,
  policyId: string,
  today: string,
): Promise<Map<string, number | null>> {
  const rows = await db
    .selectFrom('welfare_roster')
    .select(['household_id', 'amount_fen'])
    .where('community_id', '=', communityId)
    .where('policy_id', '=', policyId)
    .where('starts_on', '<=', today)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>', today)]))
    .execute();
  return new Map(rows.map((r) => [r.household_id, r.amount_fen]));
}
