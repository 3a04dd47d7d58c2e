import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../db/dialect';
import type { DB, ReportPhotoTable } from '../db/schema';

/**
 * Holds the report's row until the transaction ends, so two uploads (or two answers) at once cannot
 * both pass a check made on the report. SQLite has one writer at a time already.
 */
export async function lockReport(trx: Kysely<DB>, reportId: string): Promise<void> {
  if (isPostgres(trx)) await sql`SELECT id FROM report WHERE id = ${reportId} FOR UPDATE`.execute(trx);
}

export async function countPhotos(db: Kysely<DB>, reportId: string): Promise<number> {
  const row = await db
    .selectFrom('report_photo')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('report_id', '=', reportId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertPhoto(trx: Kysely<DB>, row: ReportPhotoTable): Promise<void> {
  await trx.insertInto('report_photo').values(row).execute();
}

export async function findPhoto(db: Kysely<DB>, reportId: string, photoId: string) {
  return db
    .selectFrom('report_photo')
    .selectAll()
    .where('id', '=', photoId)
    .where('report_id', '=', reportId)
    .executeTakeFirst();
}
