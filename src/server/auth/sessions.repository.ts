import type { Kysely } from 'kysely';
import type { DB, SessionTable } from '../db/schema';

export async function insertSession(
  db: Kysely<DB>,
  session: Omit<SessionTable, 'revoked_at'>,
): Promise<void> {
  await db
    .insertInto('session')
    .values({ ...session, revoked_at: null })
    .execute();
}

/** A session not revoked, with the scope version read in the same statement (one round trip a request). */
export async function findLiveSession(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('session')
    .selectAll()
    .select((eb) =>
      eb.selectFrom('scope_version').select('version').where('scope_version.id', '=', 1).as('scope_version'),
    )
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchSession(db: Kysely<DB>, id: string, at: string): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function revokeSession(db: Kysely<DB>, id: string, at: string): Promise<void> {
  await db.updateTable('session').set({ revoked_at: at }).where('id', '=', id).execute();
}

export async function revokeSessionsOfUser(db: Kysely<DB>, userId: string, at: string): Promise<void> {
  await db
    .updateTable('session')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}
