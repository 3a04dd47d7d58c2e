import { addDays } from '../../domain/care/schedule';
import { type AccessContext, requirePermission } from '../auth/permissions';
import { residentsById } from '../care/keysMoney.common';
import { localDate } from '../clock';
import { presentSessions } from './sessions.presenter';
import { bookingsOf, sessionsBetween, signupsOf } from './sessions.repository';
import { beijingMidnight } from './sessions.usecases';
import { stationCommunities } from './station.common';

/** The organiser's look ahead: whom to remind about tomorrow, and which sessions lack volunteers. */

export async function remindersForTomorrow(ctx: AccessContext) {
  await requirePermission(ctx, 'service.manage');
  const tomorrow = addDays(localDate(ctx.clock()), 1);
  const rows = await sessionsBetween(
    ctx.db,
    stationCommunities(ctx.actor),
    beijingMidnight(tomorrow),
    beijingMidnight(addDays(tomorrow, 1)),
  );
  const ids = rows.map((r) => r.id);
  const [sessions, signups, bookings] = await Promise.all([
    presentSessions(ctx.db, rows),
    signupsOf(ctx.db, ids),
    bookingsOf(ctx.db, ids),
  ]);
  const residents = await residentsById(
    ctx.db,
    bookings.map((b) => b.resident_id),
  );
  return {
    date: tomorrow,
    items: sessions.map((session) => ({
      session,
      volunteers: signups
        .filter((s) => s.session_id === session.id)
        .map((s) => ({ name: s.name, phone: s.phone })),
      residents: bookings
        .filter((b) => b.session_id === session.id)
        .flatMap((b) => {
          const r = residents.get(b.resident_id);
          return r ? [{ name: r.name, address: r.address.label, homeVisit: b.home_visit === 1 }] : [];
        }),
    })),
  };
}

/** Sessions in the next `days` days with fewer volunteers signed up than needed. */
export async function shortOfVolunteers(ctx: AccessContext, days: number) {
  await requirePermission(ctx, 'service.manage');
  const now = ctx.clock();
  const rows = await sessionsBetween(
    ctx.db,
    stationCommunities(ctx.actor),
    now.toISOString(),
    beijingMidnight(addDays(localDate(now), days + 1)),
  );
  const sessions = await presentSessions(ctx.db, rows);
  return {
    items: sessions
      .filter((s) => s.signedUp < s.volunteersNeeded)
      .map((s) => ({ ...s, short: s.volunteersNeeded - s.signedUp })),
  };
}
