import type { Kysely } from 'kysely';

/**
 * Web Push: the phones a person receives notices on, and which notices they want. A subscription
 * holds only what sending needs (the push service's address and the browser's public keys).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('push_subscription')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('push_subscription_user_idx')
    .on('push_subscription')
    .columns(['user_id'])
    .execute();
  await db.schema
    .createTable('push_preference')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('user_account.id'))
    .addColumn('emergency_report', 'integer', (c) => c.notNull())
    .addColumn('report_assigned', 'integer', (c) => c.notNull())
    .addColumn('ladder_step', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('push_preference').execute();
  await db.schema.dropTable('push_subscription').execute();
}
