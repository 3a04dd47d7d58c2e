import type { Kysely } from 'kysely';
import type { DB, ServiceHoursTable } from '../db/schema';

/** A volunteer's entries worked within [from, to] (days), with the service of each session. */
export async function hoursOf(db: Kysely<DB>, volunteerId: string, from: string, to: string) {
  return db
    .selectFrom('service_hours')
    .leftJoin('service_session', 'service_session.id', 'service_hours.session_id')
    .leftJoin('service_kind', 'service_kind.id', 'service_session.service_id')
    .selectAll('service_hours')
    .select('service_kind.name_zh as service')
    .where('service_hours.volunteer_id', '=', volunteerId)
    .where('service_hours.worked_on', '>=', from)
    .where('service_hours.worked_on', '<=', to)
    .orderBy('service_hours.worked_on')
    .orderBy('service_hours.recorded_at')
    .execute();
}

export async function findHours(db: Kysely<DB>, id: string): Promise<ServiceHoursTable | undefined> {
  return db.selectFrom('service_hours').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function correctionsOf(db: Kysely<DB>, id: string): Promise<ServiceHoursTable[]> {
  return db.selectFrom('service_hours').selectAll().where('corrects_id', '=', id).execute();
}

/** Minutes per volunteer worked within [from, to] (days), corrections included, for the communities given. */
export async function minutesByVolunteer(
  db: Kysely<DB>,
  communityIds: readonly string[],
  from: string,
  to: string,
): Promise<Map<string, number>> {
  if (communityIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('service_hours')
    .select(['volunteer_id', (eb) => eb.fn.sum<number>('minutes').as('minutes')])
    .where('community_id', 'in', [...communityIds])
    .where('worked_on', '>=', from)
    .where('worked_on', '<=', to)
    .groupBy('volunteer_id')
    .execute();
  return new Map(rows.map((r) => [r.volunteer_id, Number(r.minutes)]));
}
