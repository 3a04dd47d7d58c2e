import type { Kysely } from 'kysely';
import { dropRefusal, refuseChanges } from '../appendOnly';

/**
 * A closed month: the community's monthly figures as they stood when the committee closed it, with the
 * SHA-256 of them, so the report of that month reads the same whenever it is fetched. One row a
 * community and month; a month is closed once, and the database refuses to change or remove it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('desk_month_close')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .addColumn('closed_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addUniqueConstraint('desk_month_close_community_month_key', ['community_id', 'month'])
    .execute();
  await refuseChanges(db, 'desk_month_close');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('desk_month_close').execute();
  await dropRefusal(db, 'desk_month_close');
}
