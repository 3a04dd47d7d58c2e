import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { correctionMinutes, totalsByMonth } from '../../domain/service/hours';
import type { THours, ZHoursCorrectionInput } from '../../shared/contracts/service';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import type { ServiceVolunteerTable } from '../db/schema';
import { AppError } from '../http/errors';
import { correctionsOf, findHours, hoursOf } from './hours.repository';
import { runsStation, stationCommunities } from './station.common';
import { findVolunteer, insertHours, volunteerOfUser } from './volunteers.repository';
import { presentVolunteer } from './volunteers.usecases';

/**
 * Each volunteer's hours: an append-only ledger (the database refuses UPDATE and DELETE); a correction
 * is a new entry carrying the difference and naming the entry it corrects, with the reason.
 */

/** Staff see their station's volunteers; a volunteer only their own record. */
async function volunteerOr404(ctx: AccessContext, id: string): Promise<ServiceVolunteerTable> {
  const row = await findVolunteer(ctx.db, id);
  const reachable =
    row &&
    (runsStation(ctx.actor)
      ? stationCommunities(ctx.actor).includes(row.community_id)
      : row.user_id === ctx.actor.user.id);
  if (!row || !reachable)
    return denyNotFound(ctx, new AppError('service.volunteer_not_found'), { type: 'service_volunteer', id });
  return row;
}

async function yearOfHours(
  ctx: AccessContext,
  volunteer: ServiceVolunteerTable,
  year: number,
): Promise<THours> {
  const rows = await hoursOf(ctx.db, volunteer.id, `${year}-01-01`, `${year}-12-31`);
  const entries = rows.map((r) => ({
    id: r.id,
    workedOn: r.worked_on,
    minutes: r.minutes,
    sessionId: r.session_id,
    service: r.service,
    correctsId: r.corrects_id,
    reason: r.reason,
    recordedAt: r.recorded_at,
  }));
  const { months, total } = totalsByMonth(entries);
  return {
    volunteer: presentVolunteer(volunteer),
    year,
    entries,
    months: [...months].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, minutes]) => ({ month, minutes })),
    totalMinutes: total,
  };
}

function yearOr(ctx: AccessContext, year: number | undefined): number {
  return year ?? Number(localDate(ctx.clock()).slice(0, 4));
}

export async function volunteerHours(ctx: AccessContext, id: string, year: number | undefined) {
  await requirePermission(ctx, 'service.hours.read');
  return yearOfHours(ctx, await volunteerOr404(ctx, id), yearOr(ctx, year));
}

export async function myHours(ctx: AccessContext, year: number | undefined) {
  await requirePermission(ctx, 'service.hours.read');
  const own = await volunteerOfUser(ctx.db, ctx.actor.user.id);
  if (!own) throw new AppError('service.not_a_volunteer');
  return yearOfHours(ctx, own, yearOr(ctx, year));
}

/** Sets an entry to the minutes it should have had, by a new entry with the difference. */
export async function correctHours(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZHoursCorrectionInput>,
): Promise<THours> {
  await requirePermission(ctx, 'service.manage');
  const found = await findHours(ctx.db, id);
  // A correction of a correction corrects the original, so every entry names the one it fixes.
  const original = found?.corrects_id ? await findHours(ctx.db, found.corrects_id) : found;
  if (!original || !stationCommunities(ctx.actor).includes(original.community_id))
    return denyNotFound(ctx, new AppError('service.hours_not_found'), { type: 'service_hours', id });
  const ledger = [original, ...(await correctionsOf(ctx.db, original.id))].map((e) => ({
    id: e.id,
    workedOn: e.worked_on,
    minutes: e.minutes,
    correctsId: e.corrects_id,
  }));
  const difference = correctionMinutes(ledger, original.id, input.minutes);
  if (difference === 0) throw new AppError('service.hours_correction_same');
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    const entryId = randomUUID();
    await insertHours(trx, {
      id: entryId,
      community_id: original.community_id,
      volunteer_id: original.volunteer_id,
      session_id: original.session_id,
      worked_on: original.worked_on,
      minutes: difference,
      corrects_id: original.id,
      reason: input.reason,
      recorded_by_user_id: ctx.actor.user.id,
      recorded_at: now.toISOString(),
    });
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'service.hours_correct',
        targetType: 'service_hours',
        targetId: original.id,
        communityId: original.community_id,
        detail: { entryId, difference },
      }),
    ]);
  });
  const volunteer = (await findVolunteer(ctx.db, original.volunteer_id)) as ServiceVolunteerTable;
  return yearOfHours(ctx, volunteer, Number(original.worked_on.slice(0, 4)));
}

/** The year's hours with the community's name, for the printed certificate. */
export async function hoursCertificate(ctx: AccessContext, id: string, year: number | undefined) {
  const hours = await volunteerHours(ctx, id, year);
  const community = await ctx.db
    .selectFrom('community')
    .select('name')
    .where('id', '=', hours.volunteer.communityId)
    .executeTakeFirst();
  return { hours, communityName: community?.name ?? '' };
}
