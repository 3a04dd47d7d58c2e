import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';
import type { z } from 'zod';
import { minutesBetween } from '../../domain/service/hours';
import type {
  TSession,
  TVolunteer,
  ZCheckInput,
  ZSessionListQuery,
  ZSignupInput,
  ZVolunteerInput,
} from '../../shared/contracts/service';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import type { ServiceSessionTable, ServiceVolunteerTable } from '../db/schema';
import { AppError } from '../http/errors';
import { minutesByVolunteer } from './hours.repository';
import { presentSession, presentSessions } from './sessions.presenter';
import { sessionOr404, sessionsInRange } from './sessions.usecases';
import { oneCommunity, runsStation, stationCommunities } from './station.common';
import { revalueSessions } from './value.usecases';
import {
  findSignup,
  findVolunteer,
  insertHours,
  insertSignup,
  insertVolunteer,
  markCheckedIn,
  markCheckedOut,
  markNoShows,
  sessionsSignedUpFor,
  volunteerOfUser,
  volunteersOf,
} from './volunteers.repository';

/** Volunteers, their sign-ups, and check-in and check-out at a session (by QR code or the organiser). */

export function presentVolunteer(v: ServiceVolunteerTable): TVolunteer {
  return {
    id: v.id,
    communityId: v.community_id,
    name: v.name,
    phone: v.phone,
    userId: v.user_id,
    residentId: v.resident_id,
  };
}

export async function listVolunteers(ctx: AccessContext) {
  await requirePermission(ctx, 'service.manage');
  const communities = stationCommunities(ctx.actor);
  const year = Number(localDate(ctx.clock()).slice(0, 4));
  const [rows, minutes] = await Promise.all([
    volunteersOf(ctx.db, communities),
    minutesByVolunteer(ctx.db, communities, `${year}-01-01`, `${year}-12-31`),
  ]);
  return {
    year,
    items: rows.map((v) => ({ ...presentVolunteer(v), yearMinutes: minutes.get(v.id) ?? 0 })),
  };
}

export async function createVolunteer(ctx: AccessContext, input: z.output<typeof ZVolunteerInput>) {
  await requirePermission(ctx, 'service.manage');
  const communityId = await oneCommunity(ctx, input.communityId);
  if (input.userId) {
    const user = await ctx.db
      .selectFrom('user_account')
      .select(['id', 'role'])
      .where('id', '=', input.userId)
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    // An account of another community (or none) is not found, as in the path (issue 21).
    if (!user)
      return denyNotFound(ctx, new AppError('service.volunteer_user_not_found', {}, 'userId'), {
        type: 'user',
        id: input.userId,
      });
    if (user.role !== 'volunteer' || (await volunteerOfUser(ctx.db, input.userId)))
      throw new AppError('service.volunteer_user_invalid', {}, 'userId');
  }
  if (input.residentId) {
    const resident = await ctx.db
      .selectFrom('resident')
      .select('id')
      .where('id', '=', input.residentId)
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    if (!resident) throw new AppError('registry.resident_not_found', {}, 'residentId');
  }
  const row: ServiceVolunteerTable = {
    id: randomUUID(),
    community_id: communityId,
    name: input.name,
    phone: input.phone ?? null,
    user_id: input.userId ?? null,
    resident_id: input.residentId ?? null,
    created_by_user_id: ctx.actor.user.id,
    created_at: ctx.clock().toISOString(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertVolunteer(trx, row);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'service.volunteer_create',
        targetType: 'service_volunteer',
        targetId: row.id,
        communityId,
      }),
    ]);
  });
  return presentVolunteer(row);
}

/**
 * The signed-in volunteer's coming sessions in one answer: those they signed up for, and the others not
 * yet over, which they could still join. Ended sessions are left out of both.
 */
export async function mySessions(ctx: AccessContext, query: z.output<typeof ZSessionListQuery>) {
  await requirePermission(ctx, 'service.volunteer');
  const own = await volunteerOfUser(ctx.db, ctx.actor.user.id);
  if (!own) throw new AppError('service.not_a_volunteer');
  const now = ctx.clock().toISOString();
  const coming = (await sessionsInRange(ctx, query)).filter(
    (s) => s.community_id === own.community_id && s.ends_at > now,
  );
  const signedUp = await sessionsSignedUpFor(
    ctx.db,
    own.id,
    coming.map((s) => s.id),
  );
  const [mine, open] = await Promise.all([
    presentSessions(
      ctx.db,
      coming.filter((s) => signedUp.has(s.id)),
    ),
    presentSessions(
      ctx.db,
      coming.filter((s) => !signedUp.has(s.id)),
    ),
  ]);
  return { mine, open };
}

/**
 * Whom an action is for: a volunteer always themselves (their account's record); the organiser the
 * volunteer they name, of the session's community.
 */
export async function volunteerFor(
  ctx: AccessContext,
  session: Pick<ServiceSessionTable, 'community_id'>,
  volunteerId: string | undefined,
): Promise<ServiceVolunteerTable> {
  if (!runsStation(ctx.actor)) {
    const own = await volunteerOfUser(ctx.db, ctx.actor.user.id);
    if (!own || own.community_id !== session.community_id) throw new AppError('service.not_a_volunteer');
    // Someone else's record is outside a volunteer's scope: the same 404 as a record that does not exist.
    if (volunteerId && volunteerId !== own.id) {
      return denyNotFound(ctx, new AppError('service.volunteer_not_found'), {
        type: 'service_volunteer',
        id: volunteerId,
      });
    }
    return own;
  }
  if (!volunteerId) throw new AppError('request.invalid', { detail: 'volunteerId' }, 'volunteerId');
  const named = await findVolunteer(ctx.db, volunteerId);
  if (!named || named.community_id !== session.community_id)
    return denyNotFound(ctx, new AppError('service.volunteer_not_found'), {
      type: 'service_volunteer',
      id: volunteerId,
    });
  return named;
}

export async function signUp(
  ctx: AccessContext,
  sessionId: string,
  input: z.output<typeof ZSignupInput>,
): Promise<TSession> {
  await requirePermission(ctx, 'service.volunteer');
  const session = await sessionOr404(ctx, sessionId);
  const volunteer = await volunteerFor(ctx, session, input.volunteerId);
  const now = ctx.clock();
  if (now.toISOString() >= session.ends_at) throw new AppError('service.session_over');
  if (session.cancelled_at) throw new AppError('service.session_cancelled');
  if (await findSignup(ctx.db, session.id, volunteer.id)) throw new AppError('service.already_signed_up');
  await ctx.db.transaction().execute(async (trx) => {
    await insertSignup(trx, {
      id: randomUUID(),
      session_id: session.id,
      volunteer_id: volunteer.id,
      signed_up_by_user_id: ctx.actor.user.id,
      signed_up_at: now.toISOString(),
      checked_in_at: null,
      checked_out_at: null,
      no_show_at: null,
    });
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'service.signup',
        targetType: 'service_session',
        targetId: session.id,
        communityId: session.community_id,
        detail: { volunteerId: volunteer.id },
      }),
    ]);
  });
  return presentSession(ctx.db, ctx.actor, session);
}

/** The code in the session's QR: an HMAC of the session id under the session's own secret. */
export function checkinCode(session: Pick<ServiceSessionTable, 'id' | 'qr_secret'>): string {
  return createHmac('sha256', session.qr_secret).update(session.id).digest('base64url').slice(0, 22);
}

function codeMatches(session: ServiceSessionTable, code: string): boolean {
  const want = Buffer.from(checkinCode(session));
  const got = Buffer.from(code);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** The QR the organiser shows on their phone: the signed check-in address of this session. */
export async function checkinQrSvg(ctx: AccessContext, sessionId: string, origin: string): Promise<string> {
  await requirePermission(ctx, 'service.manage');
  const session = await sessionOr404(ctx, sessionId);
  const url = `${origin}/service/checkin/${session.id}?code=${checkinCode(session)}`;
  return QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

const CHECKIN_OPENS_MINUTES = 60;

/** A volunteer proves presence with the QR's code; the organiser's own list needs none. */
async function checkTarget(ctx: AccessContext, sessionId: string, input: z.output<typeof ZCheckInput>) {
  await requirePermission(ctx, 'service.volunteer');
  const session = await sessionOr404(ctx, sessionId);
  const volunteer = await volunteerFor(ctx, session, input.volunteerId);
  if (!runsStation(ctx.actor) && !(input.code && codeMatches(session, input.code)))
    throw new AppError('service.checkin_code_invalid', {}, 'code');
  return { session, volunteer };
}

export async function checkIn(ctx: AccessContext, sessionId: string, input: z.output<typeof ZCheckInput>) {
  const { session, volunteer } = await checkTarget(ctx, sessionId, input);
  const now = ctx.clock();
  const opens = new Date(Date.parse(session.starts_at) - CHECKIN_OPENS_MINUTES * 60_000).toISOString();
  if (now.toISOString() < opens || now.toISOString() > session.ends_at)
    throw new AppError('service.checkin_closed');
  await ctx.db.transaction().execute(async (trx) => {
    // Arriving without signing up first is common; the scan signs them up.
    let signup = await findSignup(trx, session.id, volunteer.id);
    if (!signup) {
      signup = {
        id: randomUUID(),
        session_id: session.id,
        volunteer_id: volunteer.id,
        signed_up_by_user_id: ctx.actor.user.id,
        signed_up_at: now.toISOString(),
        checked_in_at: null,
        checked_out_at: null,
        no_show_at: null,
      };
      await insertSignup(trx, signup);
    }
    await markCheckedIn(trx, signup.id, now.toISOString());
    await revalueSessions(trx, [session.id]);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'service.checkin',
        targetType: 'service_session',
        targetId: session.id,
        communityId: session.community_id,
        detail: { volunteerId: volunteer.id },
      }),
    ]);
  });
  return presentSession(ctx.db, ctx.actor, session);
}

/** Check-out writes the hours: the minutes between check-in and now, on the session's day. */
export async function checkOut(ctx: AccessContext, sessionId: string, input: z.output<typeof ZCheckInput>) {
  const { session, volunteer } = await checkTarget(ctx, sessionId, input);
  const signup = await findSignup(ctx.db, session.id, volunteer.id);
  if (!signup?.checked_in_at) throw new AppError('service.not_checked_in');
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await markCheckedOut(trx, signup.id, now.toISOString())))
      throw new AppError('service.already_checked_out');
    const hoursId = randomUUID();
    await insertHours(trx, {
      id: hoursId,
      community_id: session.community_id,
      volunteer_id: volunteer.id,
      session_id: session.id,
      worked_on: localDate(new Date(session.starts_at)),
      minutes: minutesBetween(signup.checked_in_at as string, now.toISOString()),
      corrects_id: null,
      reason: null,
      recorded_by_user_id: ctx.actor.user.id,
      recorded_at: now.toISOString(),
    });
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'service.checkout',
        targetType: 'service_session',
        targetId: session.id,
        communityId: session.community_id,
        detail: { volunteerId: volunteer.id, hoursId },
      }),
    ]);
  });
  return presentSession(ctx.db, ctx.actor, session);
}

/** After the session, everyone signed up who never checked in is recorded as a no-show. */
export async function recordNoShows(ctx: AccessContext, sessionId: string) {
  await requirePermission(ctx, 'service.manage');
  const session = await sessionOr404(ctx, sessionId);
  const now = ctx.clock();
  if (now.toISOString() < session.ends_at) throw new AppError('service.session_not_over');
  await ctx.db.transaction().execute(async (trx) => {
    const count = await markNoShows(trx, session.id, now.toISOString());
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'service.no_shows',
        targetType: 'service_session',
        targetId: session.id,
        communityId: session.community_id,
        detail: { count },
      }),
    ]);
  });
  return presentSession(ctx.db, ctx.actor, session);
}
