import type { Kysely } from 'kysely';

/**
 * `resident_community_idx` (community_id) repeats the first column of the four search indexes on
 * (community_id, name / name_initials / name_pinyin / phone_tail), each of which answers a lookup by
 * community as well. Every resident written paid for it anyway: one index of eight, the largest share
 * of a register import's time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('resident_community_idx').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('resident_community_idx').on('resident').columns(['community_id']).execute();
}
