import type { Kysely } from 'kysely';

/**
 * The subdistrict overview's "open past deadline" count read every report its communities ever had.
 *
 * It asks for open reports whose feedback deadline has passed. The only index with the deadline led with
 * the community alone, and nearly every report's deadline is in the past, so SQLite walked all of a
 * community's history and fetched each row to look at its state: 66 ms for ten communities with a year
 * of history, growing with the years kept. Open reports are a few hundred of those thousands; with the
 * state between the community and the deadline the count is read from the index alone (0.9 ms).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('report_open_due_idx')
    .on('report')
    .columns(['community_id', 'state', 'feedback_due_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('report_open_due_idx').execute();
}
