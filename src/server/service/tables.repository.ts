import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { addDays } from '../../domain/care/schedule';
import type {
  TBookingTableQuery,
  THoursTableQuery,
  TOrderTableQuery,
  TSessionTableQuery,
  TVolunteerTableQuery,
} from '../../shared/contracts/serviceTables';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import { type PageRequest, pageWithTotal } from '../db/page';
import type { DB } from '../db/schema';

/**
 * The SQL of the station's office tables: each a filtered query within the caller's communities (and for
 * bookings and orders, their households), the rows of a page in the order asked for, and the total.
 * The export reads the same queries without the page. No rules here: the use cases decide who may list.
 */

type Sessions = Omit<TSessionTableQuery, 'limit' | 'offset' | 'sort'>;
type Bookings = Omit<TBookingTableQuery, 'limit' | 'offset' | 'sort'>;
type Volunteers = Omit<TVolunteerTableQuery, 'limit' | 'offset' | 'sort'> & { from: string; to: string };
type Orders = Omit<TOrderTableQuery, 'limit' | 'offset' | 'sort'>;

/** Midnight in China at the start of `day`, as an ISO instant (sessions start at instants). */
function chinaMidnight(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

function direction(sort: string): 'asc' | 'desc' {
  return sort.startsWith('-') ? 'desc' : 'asc';
}

function prefixRange(prefix: string): [string, string] {
  return [prefix, `${prefix}\uffff`];
}

// Sessions

function signedUpCount(eb: ExpressionBuilder<DB, 'service_session'>) {
  return eb
    .selectFrom('service_signup')
    .select((s) => s.fn.countAll<number>().as('n'))
    .whereRef('service_signup.session_id', '=', 'service_session.id');
}

export function sessionTableQuery(db: Kysely<DB>, communityIds: readonly string[], f: Sessions, now: Date) {
  const nowIso = now.toISOString();
  let q = db
    .selectFrom('service_session')
    .innerJoin('service_kind', 'service_kind.id', 'service_session.service_id')
    .leftJoin('building', 'building.id', 'service_session.building_id')
    .where('service_session.community_id', 'in', communityIds.length > 0 ? [...communityIds] : ['-']);
  if (f.from) q = q.where('service_session.starts_at', '>=', chinaMidnight(f.from));
  if (f.to) q = q.where('service_session.starts_at', '<', chinaMidnight(addDays(f.to, 1)));
  if (f.serviceId) q = q.where('service_session.service_id', '=', f.serviceId);
  if (f.place) q = q.where('service_session.place', '=', f.place);
  if (f.buildingId) q = q.where('service_session.building_id', '=', f.buildingId);
  if (f.status === 'cancelled') q = q.where('service_session.cancelled_at', 'is not', null);
  if (f.status === 'upcoming')
    q = q.where('service_session.cancelled_at', 'is', null).where('service_session.ends_at', '>', nowIso);
  if (f.status === 'past')
    q = q.where('service_session.cancelled_at', 'is', null).where('service_session.ends_at', '<=', nowIso);
  if (f.short) {
    const short = f.short === 'yes';
    q = q.where((eb) =>
      eb(signedUpCount(eb), short ? '<' : '>=', eb.ref('service_session.volunteers_needed')),
    );
  }
  return q;
}

export function sessionTableRows(
  filtered: ReturnType<typeof sessionTableQuery>,
  sort: TSessionTableQuery['sort'],
) {
  let q = filtered.select((eb) => [
    'service_session.id as id',
    'service_session.starts_at as startsAt',
    'service_session.ends_at as endsAt',
    'service_session.service_id as serviceId',
    'service_kind.name_zh as serviceZh',
    'service_kind.name_en as serviceEn',
    'service_session.place as place',
    'building.number as buildingNumber',
    'service_session.capacity as capacity',
    'service_session.booked as booked',
    'service_session.volunteers_needed as volunteersNeeded',
    'service_session.organiser_user_id as organiserUserId',
    'service_session.cancelled_at as cancelledAt',
    'service_session.series_id as seriesId',
    signedUpCount(eb).as('signedUp'),
  ]);
  const d = direction(sort);
  switch (sort) {
    case 'service':
    case '-service':
      q = q.orderBy('service_kind.name_zh', d);
      break;
    case 'booked':
    case '-booked':
      q = q.orderBy('service_session.booked', d);
      break;
    case 'short':
    case '-short':
      q = q.orderBy((eb) => eb(eb.ref('service_session.volunteers_needed'), '-', signedUpCount(eb)), d);
      break;
    default:
      break;
  }
  return q
    .orderBy('service_session.starts_at', sort === '-startsAt' ? 'desc' : 'asc')
    .orderBy('service_session.id');
}

export async function sessionTablePage(
  db: Kysely<DB>,
  communityIds: readonly string[],
  query: TSessionTableQuery,
  now: Date,
  page: PageRequest,
) {
  const filtered = sessionTableQuery(db, communityIds, query, now);
  return pageWithTotal(filtered, sessionTableRows(filtered, query.sort), page);
}

// Bookings

export function bookingTableQuery(
  db: Kysely<DB>,
  scope: Scope,
  communityIds: readonly string[],
  f: Bookings,
) {
  let q = db
    .selectFrom('service_booking')
    .innerJoin('service_session', 'service_session.id', 'service_booking.session_id')
    .innerJoin('service_kind', 'service_kind.id', 'service_session.service_id')
    .innerJoin('resident', 'resident.id', 'service_booking.resident_id')
    .innerJoin('household', 'household.id', 'service_booking.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .where('service_booking.community_id', 'in', communityIds.length > 0 ? [...communityIds] : ['-'])
    .where(householdInScope(scope));
  if (f.from) q = q.where('service_session.starts_at', '>=', chinaMidnight(f.from));
  if (f.to) q = q.where('service_session.starts_at', '<', chinaMidnight(addDays(f.to, 1)));
  if (f.sessionId) q = q.where('service_booking.session_id', '=', f.sessionId);
  if (f.serviceId) q = q.where('service_session.service_id', '=', f.serviceId);
  if (f.buildingId) q = q.where('household.building_id', '=', f.buildingId);
  if (f.state === 'active') q = q.where('service_booking.cancelled_at', 'is', null);
  if (f.state === 'cancelled') q = q.where('service_booking.cancelled_at', 'is not', null);
  if (f.served === 'yes') q = q.where('service_booking.served', '=', 1);
  if (f.served === 'no') q = q.where('service_booking.served', '=', 0);
  if (f.served === 'unknown') q = q.where('service_booking.served', 'is', null);
  if (f.homeVisit) q = q.where('service_booking.home_visit', '=', f.homeVisit === 'yes' ? 1 : 0);
  if (f.q) {
    const [from, to] = prefixRange(f.q);
    q = q.where('resident.name', '>=', from).where('resident.name', '<', to);
  }
  return q;
}

export function bookingTableRows(
  filtered: ReturnType<typeof bookingTableQuery>,
  sort: TBookingTableQuery['sort'],
) {
  let q = filtered.select([
    'service_booking.id as id',
    'service_booking.session_id as sessionId',
    'service_session.starts_at as startsAt',
    'service_kind.name_zh as serviceZh',
    'service_kind.name_en as serviceEn',
    'service_booking.resident_id as residentId',
    'service_booking.household_id as householdId',
    'service_booking.community_id as communityId',
    'resident.name as name',
    'building.number as buildingNumber',
    'entrance.number as entranceNumber',
    'household.floor as floor',
    'household.room as room',
    'service_booking.home_visit as homeVisit',
    'service_booking.booked_at as bookedAt',
    'service_booking.served as served',
    'service_booking.cancelled_at as cancelledAt',
  ]);
  const d = direction(sort);
  switch (sort) {
    case 'name':
    case '-name':
      q = q.orderBy('resident.name_pinyin', d).orderBy('resident.name', d);
      break;
    case 'address':
    case '-address':
      q = q
        .orderBy('building.number', d)
        .orderBy('entrance.number', d)
        .orderBy('household.floor', d)
        .orderBy('household.room', d);
      break;
    case 'bookedAt':
    case '-bookedAt':
      q = q.orderBy('service_booking.booked_at', d);
      break;
    default:
      q = q.orderBy('service_session.starts_at', d);
  }
  return q.orderBy('service_booking.id');
}

export async function bookingTablePage(
  db: Kysely<DB>,
  scope: Scope,
  communityIds: readonly string[],
  query: TBookingTableQuery,
  page: PageRequest,
) {
  const filtered = bookingTableQuery(db, scope, communityIds, query);
  return pageWithTotal(filtered, bookingTableRows(filtered, query.sort), page);
}

/** The blood pressure taken at each booking's session of its resident, the latest if twice. */
export async function readingsOfBookings(
  db: Kysely<DB>,
  bookings: readonly { id: string; sessionId: string; residentId: string }[],
) {
  const found = new Map<
    string,
    { id: string; systolic: number; diastolic: number; residentId: string; communityId: string }
  >();
  for (let i = 0; i < bookings.length; i += 300) {
    const part = bookings.slice(i, i + 300);
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('service_reading')
      .select(['id', 'session_id', 'resident_id', 'community_id', 'systolic', 'diastolic', 'taken_at'])
      .where('session_id', 'in', [...new Set(part.map((b) => b.sessionId))])
      .where('resident_id', 'in', [...new Set(part.map((b) => b.residentId))])
      .orderBy('taken_at')
      .execute();
    const byPair = new Map(rows.map((r) => [`${r.session_id}:${r.resident_id}`, r]));
    for (const b of part) {
      const r = byPair.get(`${b.sessionId}:${b.residentId}`);
      if (r)
        found.set(b.id, {
          id: r.id,
          systolic: r.systolic,
          diastolic: r.diastolic,
          residentId: r.resident_id,
          communityId: r.community_id,
        });
    }
  }
  return found;
}

// Volunteers

function minutesIn(eb: ExpressionBuilder<DB, 'service_volunteer'>, from: string, to: string) {
  return eb
    .selectFrom('service_hours')
    .select((h) => h.fn.coalesce(h.fn.sum<number>('service_hours.minutes'), sql<number>`0`).as('m'))
    .whereRef('service_hours.volunteer_id', '=', 'service_volunteer.id')
    .where('service_hours.worked_on', '>=', from)
    .where('service_hours.worked_on', '<=', to);
}

function signupsIn(
  eb: ExpressionBuilder<DB, 'service_volunteer'>,
  from: string,
  to: string,
  what: 'served' | 'noShow',
) {
  return eb
    .selectFrom('service_signup')
    .innerJoin('service_session', 'service_session.id', 'service_signup.session_id')
    .select((s) => s.fn.countAll<number>().as('n'))
    .whereRef('service_signup.volunteer_id', '=', 'service_volunteer.id')
    .where(what === 'served' ? 'service_signup.checked_out_at' : 'service_signup.no_show_at', 'is not', null)
    .where('service_session.starts_at', '>=', chinaMidnight(from))
    .where('service_session.starts_at', '<', chinaMidnight(addDays(to, 1)));
}

export function volunteerTableQuery(db: Kysely<DB>, communityIds: readonly string[], f: Volunteers) {
  let q = db
    .selectFrom('service_volunteer')
    .where('service_volunteer.community_id', 'in', communityIds.length > 0 ? [...communityIds] : ['-']);
  if (f.q) {
    const text = f.q;
    if (/^\d{4}$/.test(text)) q = q.where('service_volunteer.phone', 'like', `%${text}`);
    else {
      const [from, to] = prefixRange(text);
      q = q.where('service_volunteer.name', '>=', from).where('service_volunteer.name', '<', to);
    }
  }
  if (f.hasAccount) q = q.where('service_volunteer.user_id', f.hasAccount === 'yes' ? 'is not' : 'is', null);
  if (f.active) {
    const { from, to } = f;
    q = q.where((eb) => {
      const worked = eb.exists(
        eb
          .selectFrom('service_hours')
          .select(sql<number>`1`.as('one'))
          .whereRef('service_hours.volunteer_id', '=', 'service_volunteer.id')
          .where('service_hours.worked_on', '>=', from)
          .where('service_hours.worked_on', '<=', to),
      );
      return f.active === 'yes' ? worked : eb.not(worked);
    });
  }
  return q;
}

export function volunteerTableRows(
  filtered: ReturnType<typeof volunteerTableQuery>,
  sort: TVolunteerTableQuery['sort'],
  from: string,
  to: string,
) {
  let q = filtered.select((eb) => [
    'service_volunteer.id as id',
    'service_volunteer.community_id as communityId',
    'service_volunteer.name as name',
    'service_volunteer.phone as phone',
    'service_volunteer.user_id as userId',
    minutesIn(eb, from, to).as('minutes'),
    signupsIn(eb, from, to, 'served').as('sessions'),
    signupsIn(eb, from, to, 'noShow').as('noShows'),
    eb
      .selectFrom('service_hours')
      .select((h) => h.fn.max('service_hours.worked_on').as('d'))
      .whereRef('service_hours.volunteer_id', '=', 'service_volunteer.id')
      .where('service_hours.worked_on', '>=', from)
      .where('service_hours.worked_on', '<=', to)
      .as('lastWorkedOn'),
  ]);
  const d = direction(sort);
  if (sort === 'minutes' || sort === '-minutes') q = q.orderBy((eb) => minutesIn(eb, from, to), d);
  if (sort === 'sessions' || sort === '-sessions')
    q = q.orderBy((eb) => signupsIn(eb, from, to, 'served'), d);
  return q
    .orderBy('service_volunteer.name', sort === '-name' ? 'desc' : 'asc')
    .orderBy('service_volunteer.id');
}

export async function volunteerTablePage(
  db: Kysely<DB>,
  communityIds: readonly string[],
  query: Volunteers & { sort: TVolunteerTableQuery['sort'] },
  page: PageRequest,
) {
  const filtered = volunteerTableQuery(db, communityIds, query);
  return pageWithTotal(filtered, volunteerTableRows(filtered, query.sort, query.from, query.to), page);
}

// Hours, entry by entry

export function hoursTableQuery(
  db: Kysely<DB>,
  communityIds: readonly string[],
  f: Omit<THoursTableQuery, 'limit' | 'offset' | 'sort'>,
) {
  let q = db
    .selectFrom('service_hours')
    .innerJoin('service_volunteer', 'service_volunteer.id', 'service_hours.volunteer_id')
    .leftJoin('service_session', 'service_session.id', 'service_hours.session_id')
    .leftJoin('service_kind', 'service_kind.id', 'service_session.service_id')
    .where('service_hours.community_id', 'in', communityIds.length > 0 ? [...communityIds] : ['-']);
  if (f.from) q = q.where('service_hours.worked_on', '>=', f.from);
  if (f.to) q = q.where('service_hours.worked_on', '<=', f.to);
  if (f.volunteerId) q = q.where('service_hours.volunteer_id', '=', f.volunteerId);
  if (f.correction) q = q.where('service_hours.corrects_id', f.correction === 'yes' ? 'is not' : 'is', null);
  return q;
}

export function hoursTableRows(filtered: ReturnType<typeof hoursTableQuery>, sort: THoursTableQuery['sort']) {
  let q = filtered.select([
    'service_hours.id as id',
    'service_hours.volunteer_id as volunteerId',
    'service_volunteer.name as name',
    'service_hours.worked_on as workedOn',
    'service_hours.minutes as minutes',
    'service_kind.name_zh as serviceZh',
    'service_kind.name_en as serviceEn',
    'service_hours.corrects_id as correctsId',
    'service_hours.reason as reason',
  ]);
  const d = direction(sort);
  if (sort === 'name' || sort === '-name') q = q.orderBy('service_volunteer.name', d);
  if (sort === 'minutes' || sort === '-minutes') q = q.orderBy('service_hours.minutes', d);
  return q
    .orderBy('service_hours.worked_on', sort === 'workedOn' ? 'asc' : 'desc')
    .orderBy('service_hours.recorded_at', sort === 'workedOn' ? 'asc' : 'desc')
    .orderBy('service_hours.id');
}

export async function hoursTablePage(
  db: Kysely<DB>,
  communityIds: readonly string[],
  query: THoursTableQuery,
  page: PageRequest,
) {
  const filtered = hoursTableQuery(db, communityIds, query);
  return pageWithTotal(filtered, hoursTableRows(filtered, query.sort), page);
}

// Orders

function dueOf(eb: ExpressionBuilder<DB, 'purchase_order'>) {
  return eb
    .selectFrom('purchase_order_line')
    .innerJoin('purchase_item', 'purchase_item.id', 'purchase_order_line.item_id')
    .select(sql<number>`coalesce(sum(purchase_order_line.quantity * purchase_item.group_fen), 0)`.as('fen'))
    .whereRef('purchase_order_line.order_id', '=', 'purchase_order.id');
}

export function orderTableQuery(db: Kysely<DB>, scope: Scope, communityIds: readonly string[], f: Orders) {
  let q = db
    .selectFrom('purchase_order')
    .innerJoin('purchase_round', 'purchase_round.id', 'purchase_order.round_id')
    .innerJoin('household', 'household.id', 'purchase_order.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .where('purchase_order.community_id', 'in', communityIds.length > 0 ? [...communityIds] : ['-'])
    .where(householdInScope(scope));
  if (f.roundId) q = q.where('purchase_order.round_id', '=', f.roundId);
  if (f.buildingId) q = q.where('household.building_id', '=', f.buildingId);
  if (f.delivered) q = q.where('purchase_order.delivered_at', f.delivered === 'yes' ? 'is not' : 'is', null);
  if (f.collected) q = q.where('purchase_order.collected_fen', f.collected === 'yes' ? 'is not' : 'is', null);
  return q;
}

export function orderTableRows(filtered: ReturnType<typeof orderTableQuery>, sort: TOrderTableQuery['sort']) {
  let q = filtered.select((eb) => [
    'purchase_order.id as id',
    'purchase_order.round_id as roundId',
    'purchase_round.title as roundTitle',
    'purchase_order.household_id as householdId',
    'purchase_order.community_id as communityId',
    'building.number as buildingNumber',
    'entrance.number as entranceNumber',
    'household.floor as floor',
    'household.room as room',
    'purchase_order.placed_at as placedAt',
    'purchase_order.delivered_at as deliveredAt',
    'purchase_order.received_by as receivedBy',
    'purchase_order.collected_fen as collectedFen',
    dueOf(eb).as('dueFen'),
  ]);
  const d = direction(sort);
  if (sort === 'placedAt' || sort === '-placedAt') q = q.orderBy('purchase_order.placed_at', d);
  if (sort === 'due' || sort === '-due') q = q.orderBy((eb) => dueOf(eb), d);
  const a = sort === '-address' ? 'desc' : 'asc';
  return q
    .orderBy('building.number', a)
    .orderBy('entrance.number', a)
    .orderBy('household.floor', a)
    .orderBy('household.room', a)
    .orderBy('purchase_order.id');
}

export async function orderTablePage(
  db: Kysely<DB>,
  scope: Scope,
  communityIds: readonly string[],
  query: TOrderTableQuery,
  page: PageRequest,
) {
  const filtered = orderTableQuery(db, scope, communityIds, query);
  return pageWithTotal(filtered, orderTableRows(filtered, query.sort), page);
}

/** Each order's lines in words, in the round's item order. */
export async function goodsOfOrders(
  db: Kysely<DB>,
  orderIds: readonly string[],
): Promise<Map<string, string>> {
  const goods = new Map<string, string[]>();
  for (let i = 0; i < orderIds.length; i += 500) {
    const part = orderIds.slice(i, i + 500);
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('purchase_order_line')
      .innerJoin('purchase_item', 'purchase_item.id', 'purchase_order_line.item_id')
      .select([
        'purchase_order_line.order_id',
        'purchase_item.name',
        'purchase_item.unit',
        'purchase_order_line.quantity',
      ])
      .where('purchase_order_line.order_id', 'in', [...part])
      .orderBy('purchase_item.sort')
      .execute();
    for (const r of rows)
      goods.set(r.order_id, [...(goods.get(r.order_id) ?? []), `${r.name} ${r.unit} ×${r.quantity}`]);
  }
  return new Map([...goods].map(([id, lines]) => [id, lines.join('；')]));
}

/** The community a building belongs to, if it exists. */
export async function communityOfBuilding(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('building').select('community_id').where('id', '=', id).executeTakeFirst();
  return row?.community_id;
}
