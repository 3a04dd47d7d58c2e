import { type Kysely, PostgresAdapter } from 'kysely';

/** Migrations receive a bare Kysely; this tells them which database they are shaping. */
export function isPostgres<T>(db: Kysely<T>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
