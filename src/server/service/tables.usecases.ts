import type {
  TBookingTableQuery,
  TBookingTableRow,
  THoursTableQuery,
  THoursTableRow,
  TOrderTableQuery,
  TOrderTableRow,
  TSessionTableQuery,
  TSessionTableRow,
  TVolunteerTableQuery,
  TVolunteerTableRow,
} from '../../shared/contracts/serviceTables';
import { type AuditEntry, appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { canSee } from '../auth/scope';
import { userNames } from '../care/keysMoney.common';
import { localDate } from '../clock';
import { AppError } from '../http/errors';
import { findService } from './catalogue.repository';
import { findRound } from './purchases.repository';
import { findSession } from './sessions.repository';
import { stationCommunities } from './station.common';
import {
  bookingTablePage,
  communityOfBuilding,
  goodsOfOrders,
  hoursTablePage,
  orderTablePage,
  readingsOfBookings,
  sessionTablePage,
  volunteerTablePage,
} from './tables.repository';
import { findVolunteer } from './volunteers.repository';

/**
 * The station's office tables (issue 23). Each list checks the caller's right first, then every id named
 * in a filter: one outside the caller's station is a 404 (and audited), exactly like the record's own path.
 * The rows are then read within the caller's communities, and for bookings and orders their households.
 */

type Page = { limit: number; offset: number };

/** A service, session, round, volunteer or building named in a filter must be of the caller's station. */
async function namedInStation(
  ctx: AccessContext,
  named: {
    serviceId?: string;
    sessionId?: string;
    roundId?: string;
    buildingId?: string;
    volunteerId?: string;
  },
): Promise<void> {
  const mine = stationCommunities(ctx.actor);
  const check = async (
    id: string | undefined,
    find: (id: string) => Promise<string | undefined>,
    code:
      | 'service.not_found'
      | 'service.session_not_found'
      | 'service.round_not_found'
      | 'service.volunteer_not_found'
      | 'register.building_not_found',
    type: string,
  ) => {
    if (!id) return;
    const community = await find(id);
    if (!community || !mine.includes(community)) await denyNotFound(ctx, new AppError(code), { type, id });
  };
  await check(
    named.serviceId,
    async (id) => (await findService(ctx.db, id))?.community_id,
    'service.not_found',
    'service_kind',
  );
  await check(
    named.sessionId,
    async (id) => (await findSession(ctx.db, id))?.community_id,
    'service.session_not_found',
    'service_session',
  );
  await check(
    named.roundId,
    async (id) => (await findRound(ctx.db, id))?.community_id,
    'service.round_not_found',
    'purchase_round',
  );
  await check(
    named.volunteerId,
    async (id) => (await findVolunteer(ctx.db, id))?.community_id,
    'service.volunteer_not_found',
    'service_volunteer',
  );
  await check(
    named.buildingId,
    (id) => communityOfBuilding(ctx.db, id),
    'register.building_not_found',
    'building',
  );
}

function address(r: { buildingNumber: string; entranceNumber: string; floor: number; room: string }) {
  return {
    buildingNumber: r.buildingNumber,
    entranceNumber: r.entranceNumber,
    floor: r.floor,
    room: r.room,
    label: `${r.buildingNumber}-${r.entranceNumber}-${r.room}`,
  };
}

// Sessions

export async function sessionTable(
  ctx: AccessContext,
  query: TSessionTableQuery,
  page: Page = query,
): Promise<{ total: number; items: TSessionTableRow[] }> {
  await requirePermission(ctx, 'service.read');
  await namedInStation(ctx, query);
  const { total, items } = await sessionTablePage(
    ctx.db,
    stationCommunities(ctx.actor),
    query,
    ctx.clock(),
    page,
  );
  const names = await userNames(
    ctx.db,
    items.map((r) => r.organiserUserId),
  );
  return {
    total,
    items: items.map((r) => {
      const signedUp = Number(r.signedUp);
      return {
        id: r.id,
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        serviceId: r.serviceId,
        serviceZh: r.serviceZh,
        serviceEn: r.serviceEn,
        place: r.place === 'home' ? 'home' : 'station',
        buildingNumber: r.buildingNumber,
        capacity: r.capacity,
        booked: r.booked,
        volunteersNeeded: r.volunteersNeeded,
        signedUp,
        short: Math.max(0, r.volunteersNeeded - signedUp),
        organiser: names.get(r.organiserUserId) ?? '',
        cancelled: r.cancelledAt !== null,
        seriesId: r.seriesId,
      };
    }),
  };
}

// Bookings

/**
 * Bookings of the residents the caller may see. The blood pressure taken at the session goes only to the
 * roles that see health information, and each one answered is written to the audit trail as a read.
 */
export async function bookingTable(
  ctx: AccessContext,
  query: TBookingTableQuery,
  page: Page = query,
  purpose = 'bookings_table',
): Promise<{ total: number; items: TBookingTableRow[] }> {
  await requirePermission(ctx, 'service.book');
  await namedInStation(ctx, query);
  const { total, items } = await bookingTablePage(
    ctx.db,
    ctx.actor.scope,
    stationCommunities(ctx.actor),
    query,
    page,
  );
  const withHealth = canSee(ctx.actor.scope, 'health');
  const readings = withHealth ? await readingsOfBookings(ctx.db, items) : new Map();
  if (readings.size > 0) {
    const reads: AuditEntry[] = [...readings.values()].map((r) =>
      byActor(ctx.actor, {
        action: 'read.sensitive',
        targetType: 'service_reading',
        targetId: r.id,
        residentId: r.residentId,
        communityId: r.communityId,
        fieldClass: 'health',
        purpose,
      }),
    );
    await ctx.db.transaction().execute((trx) => appendAudit(trx, ctx.clock(), reads));
  }
  return {
    total,
    items: items.map((r) => {
      const reading = readings.get(r.id);
      return {
        id: r.id,
        sessionId: r.sessionId,
        startsAt: r.startsAt,
        serviceZh: r.serviceZh,
        serviceEn: r.serviceEn,
        residentId: r.residentId,
        householdId: r.householdId,
        name: r.name,
        address: address(r),
        homeVisit: r.homeVisit === 1,
        bookedAt: r.bookedAt,
        served: r.served === null ? null : r.served === 1,
        cancelledAt: r.cancelledAt,
        bloodPressure: reading ? `${reading.systolic}/${reading.diastolic}` : null,
      };
    }),
  };
}

// Volunteers

/** The period a volunteers table counts over: as asked, else this calendar year. */
export function volunteerPeriod(
  ctx: AccessContext,
  query: { from?: string | undefined; to?: string | undefined },
) {
  const year = localDate(ctx.clock()).slice(0, 4);
  return { from: query.from ?? `${year}-01-01`, to: query.to ?? `${year}-12-31` };
}

export async function volunteerTable(
  ctx: AccessContext,
  query: TVolunteerTableQuery,
  page: Page = query,
): Promise<{ total: number; from: string; to: string; items: TVolunteerTableRow[] }> {
  await requirePermission(ctx, 'service.manage');
  const period = volunteerPeriod(ctx, query);
  if (period.from > period.to) throw new AppError('service.invalid_times', {}, 'to');
  const { total, items } = await volunteerTablePage(
    ctx.db,
    stationCommunities(ctx.actor),
    { ...query, ...period },
    page,
  );
  return {
    total,
    ...period,
    items: items.map((r) => ({
      id: r.id,
      name: r.name,
      phone: r.phone,
      hasAccount: r.userId !== null,
      minutes: Number(r.minutes ?? 0),
      sessions: Number(r.sessions ?? 0),
      noShows: Number(r.noShows ?? 0),
      lastWorkedOn: typeof r.lastWorkedOn === 'string' ? r.lastWorkedOn : null,
    })),
  };
}

// Orders

export async function orderTable(
  ctx: AccessContext,
  query: TOrderTableQuery,
  page: Page = query,
): Promise<{ total: number; items: TOrderTableRow[] }> {
  await requirePermission(ctx, 'service.purchases.order');
  await namedInStation(ctx, query);
  const { total, items } = await orderTablePage(
    ctx.db,
    ctx.actor.scope,
    stationCommunities(ctx.actor),
    query,
    page,
  );
  const goods = await goodsOfOrders(
    ctx.db,
    items.map((r) => r.id),
  );
  return {
    total,
    items: items.map((r) => ({
      id: r.id,
      roundId: r.roundId,
      roundTitle: r.roundTitle,
      householdId: r.householdId,
      address: address(r),
      goods: goods.get(r.id) ?? '',
      dueFen: Number(r.dueFen ?? 0),
      placedAt: r.placedAt,
      deliveredAt: r.deliveredAt,
      receivedBy: r.receivedBy,
      collectedFen: r.collectedFen,
    })),
  };
}

// Hours, entry by entry

export async function hoursTable(
  ctx: AccessContext,
  query: THoursTableQuery,
  page: Page = query,
): Promise<{ total: number; items: THoursTableRow[] }> {
  await requirePermission(ctx, 'service.manage');
  await namedInStation(ctx, query);
  const { total, items } = await hoursTablePage(ctx.db, stationCommunities(ctx.actor), query, page);
  return {
    total,
    items: items.map((r) => ({
      id: r.id,
      volunteerId: r.volunteerId,
      name: r.name,
      workedOn: r.workedOn,
      minutes: r.minutes,
      serviceZh: r.serviceZh,
      serviceEn: r.serviceEn,
      correction: r.correctsId !== null,
      reason: r.reason,
    })),
  };
}
