import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../db/dialect';
import type { DB } from '../db/schema';

/** A building as its public page shows it: number, entrances and community — nothing about residents. */
export async function findBuildingForPublic(db: Kysely<DB>, id: string) {
  const building = await db
    .selectFrom('building')
    .innerJoin('community', 'community.id', 'building.community_id')
    .select([
      'building.id',
      'building.number',
      'building.name',
      'building.community_id',
      'community.name as community_name',
    ])
    .where('building.id', '=', id)
    .executeTakeFirst();
  if (!building) return undefined;
  const entrances = await db
    .selectFrom('entrance')
    .select(['id', 'number'])
    .where('building_id', '=', id)
    .orderBy('number')
    .execute();
  return { ...building, entrances };
}

export async function activeCategories(db: Kysely<DB>) {
  return db
    .selectFrom('report_category')
    .select(['code', 'name_zh', 'name_en'])
    .where('active', '=', 1)
    .orderBy('sort')
    .execute();
}

/** Households living at a room of the building (of one entrance when it is known). */
export async function householdsAt(
  db: Kysely<DB>,
  buildingId: string,
  entranceId: string | null,
  room: string,
) {
  let query = db
    .selectFrom('household')
    .select(['id', 'entrance_id'])
    .where('building_id', '=', buildingId)
    .where('room', '=', room)
    .where('moved_out_at', 'is', null);
  if (entranceId) query = query.where('entrance_id', '=', entranceId);
  return query.limit(2).execute();
}

/** Where a report is, for its resident: building and entrance numbers only. */
export async function placeNumbers(
  db: Kysely<DB>,
  report: { household_id: string | null; building_id: string | null; entrance_id: string | null },
) {
  if (report.household_id) {
    const row = await db
      .selectFrom('household')
      .innerJoin('building', 'building.id', 'household.building_id')
      .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
      .select(['building.number as building', 'entrance.number as entrance'])
      .where('household.id', '=', report.household_id)
      .executeTakeFirst();
    if (row) return row;
  }
  const [building, entrance] = await Promise.all([
    report.building_id
      ? db.selectFrom('building').select('number').where('id', '=', report.building_id).executeTakeFirst()
      : undefined,
    report.entrance_id
      ? db.selectFrom('entrance').select('number').where('id', '=', report.entrance_id).executeTakeFirst()
      : undefined,
  ]);
  return { building: building?.number ?? null, entrance: entrance?.number ?? null };
}

export async function findReportByToken(db: Kysely<DB>, token: string) {
  return db.selectFrom('report').selectAll().where('feedback_token', '=', token).executeTakeFirst();
}

export async function publicEvents(db: Kysely<DB>, reportId: string) {
  // Deliberately no join to user_account: the resident's view never names who acted.
  return db
    .selectFrom('report_event')
    .select(['at', 'kind', 'detail'])
    .where('report_id', '=', reportId)
    .orderBy('at')
    .execute();
}

export async function photoCount(db: Kysely<DB>, reportId: string): Promise<number> {
  const row = await db
    .selectFrom('report_photo')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('report_id', '=', reportId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The answers given since the report last closed (a reopened and closed-again report may be asked again). */
export async function feedbackSince(db: Kysely<DB>, reportId: string, since: string) {
  return db
    .selectFrom('report_feedback')
    .selectAll()
    .where('report_id', '=', reportId)
    .where('at', '>=', since)
    .orderBy('at', 'desc')
    .executeTakeFirst();
}

export async function insertFeedback(
  trx: Kysely<DB>,
  row: { reportId: string; solved: boolean; satisfied: boolean; recordedByUserId: string | null; at: string },
) {
  await trx
    .insertInto('report_feedback')
    .values({
      id: randomUUID(),
      report_id: row.reportId,
      solved: row.solved ? 1 : 0,
      satisfied: row.satisfied ? 1 : 0,
      recorded_by_user_id: row.recordedByUserId,
      at: row.at,
    })
    .execute();
}

export interface LimitSubject {
  kind: 'phone' | 'ip';
  hash: string;
  max: number;
}

/**
 * Counts each subject's attempts within the window and, when none is at its limit, records this one —
 * in one transaction, so the limit holds across servers and restarts. Answers the time the earliest
 * blocking attempt leaves the window, or null when the attempt was let through.
 */
export async function takeIntakeSlot(
  db: Kysely<DB>,
  subjects: readonly LimitSubject[],
  now: Date,
  windowMs: number,
): Promise<Date | null> {
  const since = new Date(now.getTime() - windowMs).toISOString();
  return db.transaction().execute(async (trx) => {
    if (isPostgres<DB>(trx)) {
      // One subject at a time, in a fixed order so two requests never wait on each other in a circle.
      for (const s of [...subjects].sort((a, b) => a.hash.localeCompare(b.hash))) {
        await sql`SELECT pg_advisory_xact_lock(hashtext(${`intake:${s.kind}:${s.hash}`}))`.execute(trx);
      }
    }
    let retryAt: Date | null = null;
    for (const s of subjects) {
      await trx
        .deleteFrom('public_intake_attempt')
        .where('kind', '=', s.kind)
        .where('subject_hash', '=', s.hash)
        .where('at', '<', since)
        .execute();
      const recent = await trx
        .selectFrom('public_intake_attempt')
        .select('at')
        .where('kind', '=', s.kind)
        .where('subject_hash', '=', s.hash)
        .where('at', '>=', since)
        .orderBy('at', 'desc')
        .limit(s.max)
        .execute();
      if (recent.length >= s.max) {
        // The oldest of the last `max` attempts must leave the window before another is allowed.
        const oldest = recent[recent.length - 1] as { at: string };
        const free = new Date(new Date(oldest.at).getTime() + windowMs);
        if (!retryAt || free > retryAt) retryAt = free;
      }
    }
    if (retryAt) return retryAt;
    await trx
      .insertInto('public_intake_attempt')
      .values(
        subjects.map((s) => ({
          id: randomUUID(),
          kind: s.kind,
          subject_hash: s.hash,
          at: now.toISOString(),
        })),
      )
      .execute();
    return null;
  });
}
