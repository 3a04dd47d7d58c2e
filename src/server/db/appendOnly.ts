import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect';

/**
 * Makes the database itself refuse to change or remove a table's rows, whatever code runs against it
 * (as for audit_event): ledgers whose corrections must be new entries. For migrations.
 */
export async function refuseChanges(db: Kysely<unknown>, table: string): Promise<void> {
  const t = sql.raw(table);
  const message = sql.lit(`${table} is append-only`);
  if (isPostgres(db)) {
    const fn = sql.raw(`${table}_append_only`);
    await sql`
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION ${message};
      END;
      $$`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_no_change`)} BEFORE UPDATE OR DELETE ON ${t}
      FOR EACH ROW EXECUTE FUNCTION ${fn}()`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${t}
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`.execute(db);
  } else {
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_no_update`)} BEFORE UPDATE ON ${t}
      BEGIN SELECT RAISE(ABORT, ${message}); END`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_no_delete`)} BEFORE DELETE ON ${t}
      BEGIN SELECT RAISE(ABORT, ${message}); END`.execute(db);
  }
}

/** Undoes `refuseChanges` after the table is dropped (SQLite drops its triggers with the table). */
export async function dropRefusal(db: Kysely<unknown>, table: string): Promise<void> {
  if (isPostgres(db)) await sql`DROP FUNCTION ${sql.raw(`${table}_append_only`)}()`.execute(db);
}
