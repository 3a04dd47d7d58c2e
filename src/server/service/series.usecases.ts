import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { addDays } from '../../domain/care/schedule';
import { type SeriesRule, seriesDays } from '../../domain/service/series';
import type {
  ZBookingInput,
  ZCancelSessionInput,
  ZMoveSessionInput,
  ZSeriesInput,
  ZSignupInput,
} from '../../shared/contracts/service';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { residentInScope, residentsById } from '../care/keysMoney.common';
import { localDate } from '../clock';
import { timeOrderedId } from '../db/ids';
import type { DB, ServiceSeriesTable, ServiceSessionTable } from '../db/schema';
import { AppError } from '../http/errors';
import { serviceOr404 } from './catalogue.usecases';
import {
  changeSession,
  enrolmentsOf,
  findSeries,
  insertEnrolment,
  insertSeries,
  insertSeriesSession,
  insertSeriesSignup,
  phonesOf,
  seriesOf,
  seriesSignupsOf,
  sessionsOfSeries,
} from './series.repository';
import { presentSessions } from './sessions.presenter';
import {
  activeBooking,
  bookingsOf,
  buildingOfHousehold,
  insertBooking,
  signupsOf,
  takePlace,
} from './sessions.repository';
import { buildingOfPlace, sessionOr404 } from './sessions.usecases';
import { stationCommunities } from './station.common';
import { findSignup, insertSignup } from './volunteers.repository';
import { volunteerFor } from './volunteers.usecases';

/**
 * Recurring services (issue 20): a series is a rule (weekly or monthly, at a Beijing time) that
 * generates ordinary sessions some weeks ahead; residents enrolled are booked on each, volunteers of the
 * series signed up on each. A session of a series is otherwise like any other: booked, moved or
 * cancelled on its own.
 */

const ruleOf = (s: ServiceSeriesTable): SeriesRule =>
  s.rule === 'weekly'
    ? { rule: 'weekly', weekday: s.weekday ?? 1 }
    : { rule: 'monthly', monthDay: s.month_day ?? 1 };

async function seriesOr404(ctx: AccessContext, id: string): Promise<ServiceSeriesTable> {
  const row = await findSeries(ctx.db, id);
  if (!row || !stationCommunities(ctx.actor).includes(row.community_id))
    return denyNotFound(ctx, new AppError('service.series_not_found'), { type: 'service_series', id });
  return row;
}

/** Books the series' residents and signs up its volunteers on a session, as places allow. */
async function fillSession(
  trx: Kysely<DB>,
  series: ServiceSeriesTable,
  session: ServiceSessionTable,
  now: string,
): Promise<void> {
  for (const e of await enrolmentsOf(trx, series.id)) {
    if (await activeBooking(trx, session.id, e.resident_id)) continue;
    if (!(await takePlace(trx, session.id))) break;
    await insertBooking(trx, {
      id: randomUUID(),
      session_id: session.id,
      community_id: session.community_id,
      household_id: e.household_id,
      resident_id: e.resident_id,
      building_id: await buildingOfHousehold(trx, e.household_id),
      home_visit: e.home_visit,
      booked_by_user_id: e.enrolled_by_user_id,
      booked_at: now,
      cancelled_at: null,
      cancelled_by_user_id: null,
      served: null,
      served_recorded_by_user_id: null,
    });
  }
  for (const v of await seriesSignupsOf(trx, series.id)) {
    if (await findSignup(trx, session.id, v.volunteer_id)) continue;
    await insertSignup(trx, {
      id: randomUUID(),
      session_id: session.id,
      volunteer_id: v.volunteer_id,
      signed_up_by_user_id: v.signed_up_by_user_id,
      signed_up_at: now,
      checked_in_at: null,
      checked_out_at: null,
      no_show_at: null,
    });
  }
}

/**
 * The sessions still to come that the rule gives up to today + weeksAhead; a day already generated is
 * skipped, and a day another server makes at the same moment is left to it. Answers how many were made.
 */
export async function generate(trx: Kysely<DB>, series: ServiceSeriesTable, now: Date): Promise<number> {
  const today = localDate(now);
  const [, from] = [series.starts_on, today].sort() as [string, string];
  const horizon = addDays(today, series.weeks_ahead * 7);
  const to = series.ends_on && series.ends_on < horizon ? series.ends_on : horizon;
  const have = new Set((await sessionsOfSeries(trx, series.id)).map((s) => s.series_day));
  let made = 0;
  for (const day of seriesDays(ruleOf(series), from, to)) {
    if (have.has(day)) continue;
    const starts = new Date(`${day}T${series.start_time}:00+08:00`);
    const session: ServiceSessionTable = {
      id: timeOrderedId(starts),
      community_id: series.community_id,
      service_id: series.service_id,
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + series.minutes * 60_000).toISOString(),
      place: series.place,
      building_id: series.building_id,
      capacity: series.capacity,
      booked: 0,
      volunteers_needed: series.volunteers_needed,
      organiser_user_id: series.organiser_user_id,
      note: series.note,
      qr_secret: randomBytes(24).toString('base64url'),
      created_at: now.toISOString(),
      series_id: series.id,
      series_day: day,
      moved_from: null,
      change_reason: null,
      cancelled_at: null,
    };
    if (!(await insertSeriesSession(trx, session))) continue;
    made += 1;
    await fillSession(trx, series, session, now.toISOString());
  }
  return made;
}

/** Sessions of the series not yet started and not cancelled: what an enrolment or a sign-up reaches. */
async function comingSessions(db: Kysely<DB>, seriesId: string, now: Date) {
  return (await sessionsOfSeries(db, seriesId)).filter(
    (s) => s.cancelled_at === null && s.starts_at > now.toISOString(),
  );
}

export async function getSeries(ctx: AccessContext, id: string) {
  await requirePermission(ctx, 'service.read');
  return presentSeries(ctx, await seriesOr404(ctx, id));
}

/** The station's series, each with its sessions from today on (the past ones are on each session's page). */
export async function listSeries(ctx: AccessContext) {
  await requirePermission(ctx, 'service.read');
  const today = new Date(`${localDate(ctx.clock())}T00:00:00+08:00`).toISOString();
  const rows = await seriesOf(ctx.db, stationCommunities(ctx.actor));
  return { series: await Promise.all(rows.map((s) => presentSeries(ctx, s, today))) };
}

async function presentSeries(ctx: AccessContext, series: ServiceSeriesTable, fromIso?: string) {
  const [all, enrolled, volunteers] = await Promise.all([
    sessionsOfSeries(ctx.db, series.id),
    enrolmentsOf(ctx.db, series.id),
    seriesSignupsOf(ctx.db, series.id),
  ]);
  return {
    id: series.id,
    serviceId: series.service_id,
    rule: series.rule,
    weekday: series.weekday,
    monthDay: series.month_day,
    startTime: series.start_time,
    minutes: series.minutes,
    startsOn: series.starts_on,
    endsOn: series.ends_on,
    weeksAhead: series.weeks_ahead,
    enrolled: enrolled.length,
    volunteers: volunteers.length,
    sessions: await presentSessions(ctx.db, fromIso ? all.filter((s) => s.starts_at >= fromIso) : all),
  };
}

async function audited(
  ctx: AccessContext,
  action: string,
  series: ServiceSeriesTable,
  work: (trx: Kysely<DB>) => Promise<void>,
) {
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    await work(trx);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action,
        targetType: 'service_series',
        targetId: series.id,
        communityId: series.community_id,
      }),
    ]);
  });
  return getSeries(ctx, series.id);
}

export async function createSeries(ctx: AccessContext, input: z.output<typeof ZSeriesInput>) {
  await requirePermission(ctx, 'service.manage');
  const service = await serviceOr404(ctx, input.serviceId);
  const buildingId = await buildingOfPlace(ctx, service.community_id, input.place);
  if (input.endsOn && input.endsOn < input.startsOn)
    throw new AppError('service.invalid_times', {}, 'endsOn');
  const series: ServiceSeriesTable = {
    id: randomUUID(),
    community_id: service.community_id,
    service_id: service.id,
    rule: input.rule,
    weekday: input.rule === 'weekly' ? (input.weekday ?? null) : null,
    month_day: input.rule === 'monthly' ? (input.monthDay ?? null) : null,
    start_time: input.startTime,
    minutes: input.minutes,
    place: input.place.kind,
    building_id: buildingId,
    capacity: input.capacity,
    volunteers_needed: input.volunteersNeeded,
    starts_on: input.startsOn,
    ends_on: input.endsOn ?? null,
    weeks_ahead: input.weeksAhead,
    note: input.note ?? null,
    organiser_user_id: ctx.actor.user.id,
    created_at: ctx.clock().toISOString(),
  };
  return audited(ctx, 'service.series_create', series, async (trx) => {
    await insertSeries(trx, series);
    await generate(trx, series, ctx.clock());
  });
}

export async function generateSeries(ctx: AccessContext, id: string) {
  await requirePermission(ctx, 'service.manage');
  const series = await seriesOr404(ctx, id);
  return audited(ctx, 'service.series_generate', series, async (trx) => {
    await generate(trx, series, ctx.clock());
  });
}

/** A resident enrolled is booked on every coming session of the series, and on those generated later. */
export async function enrolResident(ctx: AccessContext, id: string, input: z.output<typeof ZBookingInput>) {
  await requirePermission(ctx, 'service.book');
  const series = await seriesOr404(ctx, id);
  const resident = await residentInScope(ctx.db, ctx.actor.scope, input.residentId);
  if (!resident || resident.communityId !== series.community_id)
    return denyNotFound(ctx, new AppError('registry.resident_not_found'), {
      type: 'resident',
      id: input.residentId,
    });
  const now = ctx.clock();
  const coming = await comingSessions(ctx.db, series.id, now);
  return audited(ctx, 'service.series_enrol', series, async (trx) => {
    const added = await insertEnrolment(trx, {
      id: randomUUID(),
      series_id: series.id,
      community_id: series.community_id,
      household_id: resident.householdId,
      resident_id: resident.residentId,
      home_visit: input.homeVisit ? 1 : 0,
      enrolled_by_user_id: ctx.actor.user.id,
      enrolled_at: now.toISOString(),
    });
    if (!added) throw new AppError('service.already_enrolled');
    for (const session of coming) await fillSession(trx, series, session, now.toISOString());
  });
}

/** A volunteer of the series is signed up on every coming session; one date alone is POST /sessions/:id/signups. */
export async function joinSeries(ctx: AccessContext, id: string, input: z.output<typeof ZSignupInput>) {
  await requirePermission(ctx, 'service.volunteer');
  const series = await seriesOr404(ctx, id);
  const volunteer = await volunteerFor(ctx, series, input.volunteerId);
  const now = ctx.clock();
  const coming = await comingSessions(ctx.db, series.id, now);
  return audited(ctx, 'service.series_signup', series, async (trx) => {
    const added = await insertSeriesSignup(trx, {
      id: randomUUID(),
      series_id: series.id,
      volunteer_id: volunteer.id,
      signed_up_by_user_id: ctx.actor.user.id,
      signed_up_at: now.toISOString(),
    });
    if (!added) throw new AppError('service.already_in_series');
    for (const session of coming) await fillSession(trx, series, session, now.toISOString());
  });
}

/** Everyone booked or signed up on a session, to be told of a change. */
async function toTell(ctx: AccessContext, session: ServiceSessionTable) {
  const [bookings, signups] = await Promise.all([
    bookingsOf(ctx.db, [session.id]),
    signupsOf(ctx.db, [session.id]),
  ]);
  const ids = bookings.map((b) => b.resident_id);
  const [residents, phones] = await Promise.all([residentsById(ctx.db, ids), phonesOf(ctx.db, ids)]);
  return {
    residentsToTell: bookings.flatMap((b) => {
      const r = residents.get(b.resident_id);
      return r
        ? [
            {
              residentId: r.residentId,
              householdId: r.householdId,
              name: r.name,
              address: r.address,
              phone: phones.get(b.resident_id) ?? null,
              homeVisit: b.home_visit === 1,
            },
          ]
        : [];
    }),
    volunteersToTell: signups.map((s) => ({ volunteerId: s.volunteer_id, name: s.name, phone: s.phone })),
  };
}

async function changed(
  ctx: AccessContext,
  id: string,
  action: string,
  change: (session: ServiceSessionTable) => Parameters<typeof changeSession>[2],
) {
  await requirePermission(ctx, 'service.manage');
  const session = await sessionOr404(ctx, id);
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await changeSession(trx, session.id, change(session))))
      throw new AppError('service.session_cancelled');
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action,
        targetType: 'service_session',
        targetId: session.id,
        communityId: session.community_id,
      }),
    ]);
  });
  const after = (await sessionOr404(ctx, id)) as ServiceSessionTable;
  const [presented] = await presentSessions(ctx.db, [after]);
  return { session: presented as NonNullable<typeof presented>, ...(await toTell(ctx, after)) };
}

export function cancelSession(ctx: AccessContext, id: string, input: z.output<typeof ZCancelSessionInput>) {
  return changed(ctx, id, 'service.session_cancel', () => ({
    cancelled_at: ctx.clock().toISOString(),
    change_reason: input.reason,
  }));
}

export async function moveSession(ctx: AccessContext, id: string, input: z.output<typeof ZMoveSessionInput>) {
  const startsAt = new Date(input.startsAt).toISOString();
  const endsAt = new Date(input.endsAt).toISOString();
  if (endsAt <= startsAt) throw new AppError('service.invalid_times', {}, 'endsAt');
  return changed(ctx, id, 'service.session_move', (session) => ({
    starts_at: startsAt,
    ends_at: endsAt,
    moved_from: session.moved_from ?? session.starts_at,
    change_reason: input.reason,
  }));
}
