import type { Kysely } from 'kysely';

/**
 * Issue 19, "Speed": a building leader's round looks up her 25 households by id within her community
 * (`household.community_id IN (…) AND household.id IN (…)`, the scope's rule). With (community_id) alone,
 * SQLite without statistics took the community index and walked every household of the community —
 * 5,000 in the benchmark — to keep 25. On (community_id, id) both terms are the way in: one probe per id.
 * The new index answers everything the old one did (its first column), so it replaces it: no index more
 * for a household write to pay for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('household_community_id_idx')
    .on('household')
    .columns(['community_id', 'id'])
    .execute();
  await db.schema.dropIndex('household_community_idx').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('household_community_idx').on('household').columns(['community_id']).execute();
  await db.schema.dropIndex('household_community_id_idx').execute();
}
