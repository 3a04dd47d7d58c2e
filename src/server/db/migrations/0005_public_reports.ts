import type { Kysely } from 'kysely';

/**
 * Residents reporting through their building's public page: every accepted attempt is kept for an hour
 * or more, per phone and per IP address, so the limits hold across restarts and across servers. Only a
 * SHA-256 of the phone or address is kept, never the value itself.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('public_intake_attempt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // `phone` or `ip`
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('public_intake_attempt_idx')
    .on('public_intake_attempt')
    .columns(['kind', 'subject_hash', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('public_intake_attempt').execute();
}
