import type { Kysely } from 'kysely';

/**
 * Signed checkpoints of the audit chain (sequence, hash, time). The signature is made with a key kept
 * outside the database, so whoever can write the database can delete checkpoints but not forge one;
 * the copy appended to a file off the data folder shows deletions too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_checkpoint')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_checkpoint_seq_idx').on('audit_checkpoint').columns(['seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_checkpoint').execute();
}
