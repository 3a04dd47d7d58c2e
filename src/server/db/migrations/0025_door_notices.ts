import type { Kysely } from 'kysely';

/**
 * Door notices (issue 23, "打印入户通知"): one row per notice as written (its words, date and phone), and one
 * row per door it was put on, so a household's history can say "贴了入户通知：…" and the printout can be
 * made again. The door row carries the household's community, so the printout is signed with it and
 * scoped by it without reading the household again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('door_notice')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('notice_date', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .execute();
  await db.schema
    .createTable('door_notice_household')
    .addColumn('notice_id', 'text', (c) => c.notNull().references('door_notice.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addPrimaryKeyConstraint('door_notice_household_pk', ['notice_id', 'household_id'])
    .execute();
  // A household's history reads its notices by household.
  await db.schema
    .createIndex('door_notice_household_household_idx')
    .on('door_notice_household')
    .columns(['household_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('door_notice_household').execute();
  await db.schema.dropTable('door_notice').execute();
}
