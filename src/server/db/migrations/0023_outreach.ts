import type { Kysely } from 'kysely';

/**
 * Outreach lists (走访名单, issue 23): a round of door visits a worker plans at a desk — "冬季高龄独居老人走访",
 * "新搬来住户上门登记" — and the households picked for it, each with what happened at the door. Not the
 * welfare area's computed outreach list of households that qualify for a policy.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outreach_list')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('due_on', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text', (c) => c.references('user_account.id'))
    .execute();
  await db.schema
    .createIndex('outreach_list_community_idx')
    .on('outreach_list')
    .columns(['community_id', 'closed_at', 'created_at'])
    .execute();
  await db.schema
    .createTable('outreach_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('list_id', 'text', (c) => c.notNull().references('outreach_list.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('added_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('recorded_at', 'text')
    .addUniqueConstraint('outreach_entry_list_household_key', ['list_id', 'household_id'])
    .execute();
  await db.schema
    .createIndex('outreach_entry_household_idx')
    .on('outreach_entry')
    .columns(['household_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outreach_entry').execute();
  await db.schema.dropTable('outreach_list').execute();
}
