import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/server/db/schema';

/** What an intruder with the database file does first: removes the audit trail's append-only triggers. */
export async function liftTriggers(db: Kysely<DB>, postgres: boolean) {
  if (postgres) {
    await sql`ALTER TABLE audit_event DISABLE TRIGGER USER`.execute(db);
  } else {
    await sql`DROP TRIGGER audit_event_no_update`.execute(db);
    await sql`DROP TRIGGER audit_event_no_delete`.execute(db);
  }
}
