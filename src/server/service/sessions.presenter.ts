import type { Kysely } from 'kysely';
import type { ServiceUnit } from '../../domain/service/value';
import type { TSession } from '../../shared/contracts/service';
import type { Actor } from '../auth/actor';
import { refOf, residentsById, userNames } from '../care/keysMoney.common';
import type { DB, ServiceSessionTable } from '../db/schema';
import { bookingsOf, signupsOf } from './sessions.repository';
import { runsStation } from './station.common';

type SessionSummary = Omit<TSession, 'bookings' | 'signups'>;

/**
 * Sessions as each caller may see them. Staff see every booking and volunteer; a chain role the
 * bookings of their own households; a volunteer the people of the sessions they signed up for.
 */
export async function presentSessions(
  db: Kysely<DB>,
  rows: readonly ServiceSessionTable[],
): Promise<SessionSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [services, names, counts] = await Promise.all([
    db
      .selectFrom('service_kind')
      .select(['id', 'name_zh', 'name_en', 'unit'])
      .where('id', 'in', [...new Set(rows.map((r) => r.service_id))])
      .execute(),
    userNames(
      db,
      rows.map((r) => r.organiser_user_id),
    ),
    db
      .selectFrom('service_signup')
      .select(['session_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('session_id', 'in', ids)
      .groupBy('session_id')
      .execute(),
  ]);
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const signedUp = new Map(counts.map((c) => [c.session_id, Number(c.n)]));
  return rows.map((r) => {
    const s = serviceById.get(r.service_id);
    return {
      id: r.id,
      communityId: r.community_id,
      service: {
        id: r.service_id,
        nameZh: s?.name_zh ?? '',
        nameEn: s?.name_en ?? '',
        unit: (s?.unit ?? 'visit') as ServiceUnit,
      },
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      place: { kind: r.place as 'station' | 'home', buildingId: r.building_id },
      capacity: r.capacity,
      booked: r.booked,
      volunteersNeeded: r.volunteers_needed,
      signedUp: signedUp.get(r.id) ?? 0,
      organiser: names.get(r.organiser_user_id) ?? '',
      note: r.note,
      seriesId: r.series_id,
      cancelledAt: r.cancelled_at,
      movedFrom: r.moved_from,
      changeReason: r.change_reason,
    };
  });
}

export async function presentSession(
  db: Kysely<DB>,
  actor: Actor,
  row: ServiceSessionTable,
): Promise<TSession> {
  const [[summary], bookings, signups] = await Promise.all([
    presentSessions(db, [row]),
    bookingsOf(db, [row.id]),
    signupsOf(db, [row.id]),
  ]);
  const staff = runsStation(actor);
  const servesHere = signups.some((s) => s.user_id === actor.user.id);
  const households = actor.scope.householdIds;
  const visible = bookings.filter(
    (b) =>
      staff ||
      servesHere ||
      (households !== null &&
        actor.scope.communityIds.includes(b.community_id) &&
        households.has(b.household_id)),
  );
  const residents = await residentsById(
    db,
    visible.map((b) => b.resident_id),
  );
  return {
    ...(summary as SessionSummary),
    bookings: visible.flatMap((b) => {
      const resident = residents.get(b.resident_id);
      if (!resident) return [];
      return [
        {
          id: b.id,
          resident: refOf(resident),
          homeVisit: b.home_visit === 1,
          bookedAt: b.booked_at,
          served: b.served === null ? null : b.served === 1,
        },
      ];
    }),
    signups:
      staff || servesHere
        ? signups.map((s) => ({
            id: s.id,
            volunteerId: s.volunteer_id,
            name: s.name,
            phone: s.phone,
            checkedInAt: s.checked_in_at,
            checkedOutAt: s.checked_out_at,
            noShow: s.no_show_at !== null,
          }))
        : [],
  };
}
