import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { addDays } from '../../domain/care/schedule';
import type {
  TSession,
  ZAttendanceInput,
  ZBookingInput,
  ZSessionInput,
  ZSessionListQuery,
} from '../../shared/contracts/service';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { residentInScope } from '../care/keysMoney.common';
import { localDate } from '../clock';
import { timeOrderedId } from '../db/ids';
import type { ServiceBookingTable, ServiceSessionTable } from '../db/schema';
import { AppError } from '../http/errors';
import { onceForKey } from '../http/idempotency';
import { serviceOr404 } from './catalogue.usecases';
import { presentSession, presentSessions } from './sessions.presenter';
import {
  activeBooking,
  buildingOfHousehold,
  cancelBooking,
  findBooking,
  findSession,
  givePlaceBack,
  insertBooking,
  insertSession,
  recordServed,
  sessionsBetween,
  takePlace,
} from './sessions.repository';
import { stationCommunities } from './station.common';
import { revalueSessions } from './value.usecases';

/** Sessions of the station, the residents booked for them, and who was served. */

/** Midnight in Beijing at the start of `day`, as an ISO instant. */
export function beijingMidnight(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

export async function sessionOr404(ctx: AccessContext, id: string): Promise<ServiceSessionTable> {
  const row = await findSession(ctx.db, id);
  if (!row || !stationCommunities(ctx.actor).includes(row.community_id))
    return denyNotFound(ctx, new AppError('service.session_not_found'), { type: 'service_session', id });
  return row;
}

export async function getSession(ctx: AccessContext, id: string): Promise<TSession> {
  await requirePermission(ctx, 'service.read');
  return presentSession(ctx.db, ctx.actor, await sessionOr404(ctx, id));
}

/** The caller's station's sessions from `from` (default today) for 31 days, or up to `to`. */
export function sessionsInRange(
  ctx: AccessContext,
  query: z.output<typeof ZSessionListQuery>,
): Promise<ServiceSessionTable[]> {
  const from = query.from ?? localDate(ctx.clock());
  const to = query.to ?? addDays(from, 31);
  return sessionsBetween(
    ctx.db,
    stationCommunities(ctx.actor),
    beijingMidnight(from),
    beijingMidnight(addDays(to, 1)),
  );
}

export async function listSessions(ctx: AccessContext, query: z.output<typeof ZSessionListQuery>) {
  await requirePermission(ctx, 'service.read');
  return { items: await presentSessions(ctx.db, await sessionsInRange(ctx, query)) };
}

/** Where a session (or series) is held: the station, or at home in a building of the service's community. */
export async function buildingOfPlace(
  ctx: AccessContext,
  communityId: string,
  place: z.output<typeof ZSessionInput>['place'],
): Promise<string | null> {
  if (place.kind !== 'home') return null;
  const building = await ctx.db
    .selectFrom('building')
    .select('id')
    .where('id', '=', place.buildingId)
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  if (!building) throw new AppError('register.building_not_found', {}, 'place.buildingId');
  return building.id;
}

export async function createSession(ctx: AccessContext, input: z.output<typeof ZSessionInput>) {
  await requirePermission(ctx, 'service.manage');
  const service = await serviceOr404(ctx, input.serviceId);
  const startsAt = new Date(input.startsAt).toISOString();
  const endsAt = new Date(input.endsAt).toISOString();
  if (endsAt <= startsAt) throw new AppError('service.invalid_times', {}, 'endsAt');
  const buildingId = await buildingOfPlace(ctx, service.community_id, input.place);
  const row: ServiceSessionTable = {
    id: timeOrderedId(new Date(startsAt)),
    community_id: service.community_id,
    service_id: service.id,
    starts_at: startsAt,
    ends_at: endsAt,
    place: input.place.kind,
    building_id: buildingId,
    capacity: input.capacity,
    booked: 0,
    volunteers_needed: input.volunteersNeeded,
    organiser_user_id: ctx.actor.user.id,
    note: input.note ?? null,
    qr_secret: randomBytes(24).toString('base64url'),
    created_at: ctx.clock().toISOString(),
    series_id: null,
    series_day: null,
    moved_from: null,
    change_reason: null,
    cancelled_at: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertSession(trx, row);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'service.session_create',
        targetType: 'service_session',
        targetId: row.id,
        communityId: row.community_id,
      }),
    ]);
  });
  return presentSession(ctx.db, ctx.actor, row);
}

/** A resident is booked by whoever has her household in scope, while places are left. */
export async function bookResident(
  ctx: AccessContext,
  sessionId: string,
  input: z.output<typeof ZBookingInput>,
  idempotencyKey: string | undefined,
): Promise<TSession> {
  await requirePermission(ctx, 'service.book');
  const session = await sessionOr404(ctx, sessionId);
  const resident = await residentInScope(ctx.db, ctx.actor.scope, input.residentId);
  if (!resident || resident.communityId !== session.community_id) {
    return denyNotFound(ctx, new AppError('registry.resident_not_found'), {
      type: 'resident',
      id: input.residentId,
    });
  }
  const now = ctx.clock();
  if (now.toISOString() >= session.ends_at) throw new AppError('service.session_over');
  if (session.cancelled_at) throw new AppError('service.session_cancelled');
  try {
    return await onceForKey(ctx, idempotencyKey, { sessionId, ...input }, async (trx) => {
      if (await activeBooking(trx, session.id, resident.residentId))
        throw new AppError('service.already_booked');
      if (!(await takePlace(trx, session.id))) throw new AppError('service.session_full');
      const booking: ServiceBookingTable = {
        id: randomUUID(),
        session_id: session.id,
        community_id: session.community_id,
        household_id: resident.householdId,
        resident_id: resident.residentId,
        building_id: await buildingOfHousehold(trx, resident.householdId),
        home_visit: input.homeVisit ? 1 : 0,
        booked_by_user_id: ctx.actor.user.id,
        booked_at: now.toISOString(),
        cancelled_at: null,
        cancelled_by_user_id: null,
        served: null,
        served_recorded_by_user_id: null,
      };
      await insertBooking(trx, booking);
      await appendAudit(trx, now, [
        byActor(ctx.actor, {
          action: 'service.book',
          targetType: 'service_booking',
          targetId: booking.id,
          residentId: booking.resident_id,
          communityId: booking.community_id,
          detail: { sessionId: session.id, homeVisit: input.homeVisit },
        }),
      ]);
      return presentSession(trx, ctx.actor, { ...session, booked: session.booked + 1 });
    });
  } catch (error) {
    // The same resident booked twice at once: the unique index lets one through.
    if (!(error instanceof AppError) && (await activeBooking(ctx.db, session.id, resident.residentId)))
      throw new AppError('service.already_booked');
    throw error;
  }
}

/** A booking the caller may act on: staff any of their station's, a chain role their households'. */
async function bookingOr404(ctx: AccessContext, id: string): Promise<ServiceBookingTable> {
  const row = await findBooking(ctx.db, id);
  const households = ctx.actor.scope.householdIds;
  const reachable =
    row &&
    ctx.actor.scope.communityIds.includes(row.community_id) &&
    (households === null || households.has(row.household_id));
  if (!row || !reachable)
    return denyNotFound(ctx, new AppError('service.booking_not_found'), { type: 'service_booking', id });
  return row;
}

export async function cancelResidentBooking(ctx: AccessContext, id: string): Promise<TSession> {
  await requirePermission(ctx, 'service.book');
  const booking = await bookingOr404(ctx, id);
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await cancelBooking(trx, booking.id, ctx.actor.user.id, now.toISOString())))
      throw new AppError('service.booking_cancelled');
    await givePlaceBack(trx, booking.session_id);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'service.cancel',
        targetType: 'service_booking',
        targetId: booking.id,
        residentId: booking.resident_id,
        communityId: booking.community_id,
      }),
    ]);
  });
  return getSession(ctx, booking.session_id);
}

/** Served or not: each served booking is one service delivered, valued at the session's time. */
export async function recordAttendance(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZAttendanceInput>,
): Promise<TSession> {
  await requirePermission(ctx, 'service.manage');
  const booking = await bookingOr404(ctx, id);
  if (booking.cancelled_at) throw new AppError('service.booking_cancelled');
  await ctx.db.transaction().execute(async (trx) => {
    await recordServed(trx, booking.id, input.served, ctx.actor.user.id);
    await revalueSessions(trx, [booking.session_id]);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'service.attendance',
        targetType: 'service_booking',
        targetId: booking.id,
        residentId: booking.resident_id,
        communityId: booking.community_id,
        detail: { served: input.served },
      }),
    ]);
  });
  return getSession(ctx, booking.session_id);
}
