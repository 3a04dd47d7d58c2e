import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect';

/**
 * One counter that every change to what a scope is made of moves: user accounts, communities, liaison
 * positions and household assignments. Servers keep scopes and chain paths in memory and trust them
 * only while the counter they were read under is still the database's, so a reassignment or a disabled
 * account takes effect at the next request on every server. Triggers move it, not the code, so no
 * write path can forget to.
 */
const SCOPE_TABLES = ['user_account', 'community', 'liaison_position', 'household_assignment'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scope_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO scope_version (id, version) VALUES (1, 0)`.execute(db);
  if (isPostgres(db)) {
    await sql`
      CREATE FUNCTION scope_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE scope_version SET version = version + 1 WHERE id = 1;
        RETURN NULL;
      END;
      $$`.execute(db);
    for (const table of SCOPE_TABLES) {
      // Per statement: a bulk load of assignments moves the counter once, not once a row.
      await sql`
        CREATE TRIGGER ${sql.raw(`${table}_scope_version`)}
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.raw(table)}
        FOR EACH STATEMENT EXECUTE FUNCTION scope_version_bump()`.execute(db);
    }
  } else {
    for (const table of SCOPE_TABLES) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        await sql`
          CREATE TRIGGER ${sql.raw(`${table}_scope_version_${event.toLowerCase()}`)}
          AFTER ${sql.raw(event)} ON ${sql.raw(table)}
          BEGIN UPDATE scope_version SET version = version + 1 WHERE id = 1; END`.execute(db);
      }
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    for (const table of SCOPE_TABLES)
      await sql`DROP TRIGGER ${sql.raw(`${table}_scope_version`)} ON ${sql.raw(table)}`.execute(db);
    await sql`DROP FUNCTION scope_version_bump()`.execute(db);
  } else {
    for (const table of SCOPE_TABLES)
      for (const event of ['insert', 'update', 'delete'])
        await sql`DROP TRIGGER ${sql.raw(`${table}_scope_version_${event}`)}`.execute(db);
  }
  await db.schema.dropTable('scope_version').execute();
}
