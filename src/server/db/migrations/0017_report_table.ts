import type { Kysely } from 'kysely';

/**
 * Indexes for the reports table at a desk (issue 23): a community's reports by state, newest first (the
 * open and closed tabs and the state filter), and by feedback deadline (the deadline sort and overdue).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('report_community_state_idx')
    .on('report')
    .columns(['community_id', 'state', 'created_at'])
    .execute();
  await db.schema
    .createIndex('report_community_due_idx')
    .on('report')
    .columns(['community_id', 'feedback_due_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('report_community_due_idx').execute();
  await db.schema.dropIndex('report_community_state_idx').execute();
}
