import type { Kysely } from 'kysely';

/**
 * What a person chose for how Linli looks to them (长辈模式 and its text size), kept with the account so it
 * follows them to another phone. One row per account, written only when they first choose.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_preference')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('user_account.id'))
    .addColumn('elder_mode', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('text_step', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('elder_offered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_preference').execute();
}
