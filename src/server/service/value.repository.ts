import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../db/dialect';
import type { DB, PurchaseSavingTable, ServiceCreditTable, ServiceDeliveredTable } from '../db/schema';

/** Sessions of these communities starting within [fromIso, toIso), as a subquery. */
function sessionsIn(db: Kysely<DB>, communityIds: readonly string[], fromIso: string, toIso: string) {
  return db
    .selectFrom('service_session')
    .select('service_session.id')
    .where('service_session.community_id', 'in', [...communityIds])
    .where('service_session.starts_at', '>=', fromIso)
    .where('service_session.starts_at', '<', toIso);
}

/**
 * What valuing these sessions needs: when, how long, and the unit of their service. On PostgreSQL the
 * sessions are locked, in id order, so two writes to one session (attendance for two residents at once)
 * value it one after the other, each from the other's committed change; SQLite has one writer anyway.
 */
export async function sessionsToValue(db: Kysely<DB>, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('service_session as s')
    .innerJoin('service_kind as k', 'k.id', 's.service_id')
    .select(['s.id', 's.community_id', 's.service_id', 's.starts_at', 's.ends_at', 'k.unit'])
    .where('s.id', 'in', [...ids])
    .orderBy('s.id')
    .$if(isPostgres(db), (qb) => qb.forUpdate('s'))
    .execute();
}

/** Served bookings of these sessions, per building of the households served. */
export async function servedPerBuilding(db: Kysely<DB>, sessionIds: readonly string[]) {
  if (sessionIds.length === 0) return [];
  return db
    .selectFrom('service_booking')
    .select([
      'session_id as sessionId',
      'building_id as buildingId',
      (eb) => eb.fn.countAll<number>().as('served'),
    ])
    .where('session_id', 'in', [...sessionIds])
    .where('served', '=', 1)
    .groupBy(['session_id', 'building_id'])
    .execute();
}

/** Who checked in to these sessions. */
export async function checkedIn(db: Kysely<DB>, sessionIds: readonly string[]) {
  if (sessionIds.length === 0) return [];
  return db
    .selectFrom('service_signup')
    .select(['session_id as sessionId', 'volunteer_id as volunteerId'])
    .where('session_id', 'in', [...sessionIds])
    .where('checked_in_at', 'is not', null)
    .execute();
}

/** Sessions of this service on or after `fromIso`: those a new dated value may change. */
export async function sessionsOfServiceFrom(
  db: Kysely<DB>,
  communityId: string,
  serviceId: string,
  fromIso: string,
) {
  const rows = await db
    .selectFrom('service_session')
    .select('id')
    .where('community_id', '=', communityId)
    .where('starts_at', '>=', fromIso)
    .where('service_id', '=', serviceId)
    .execute();
  return rows.map((r) => r.id);
}

/** Replaces what these sessions contribute to the roll-up. */
export async function replaceSessionValues(
  db: Kysely<DB>,
  sessionIds: readonly string[],
  delivered: readonly ServiceDeliveredTable[],
  credits: readonly ServiceCreditTable[],
) {
  if (sessionIds.length === 0) return;
  await db
    .deleteFrom('service_delivered')
    .where('session_id', 'in', [...sessionIds])
    .execute();
  await db
    .deleteFrom('service_credit')
    .where('session_id', 'in', [...sessionIds])
    .execute();
  for (let i = 0; i < delivered.length; i += INSERT_BATCH)
    await db
      .insertInto('service_delivered')
      .values(delivered.slice(i, i + INSERT_BATCH))
      .execute();
  for (let i = 0; i < credits.length; i += INSERT_BATCH)
    await db
      .insertInto('service_credit')
      .values(credits.slice(i, i + INSERT_BATCH))
      .execute();
}

/** Rows per INSERT: well under both databases' limits on bound parameters. */
const INSERT_BATCH = 500;

/** Services delivered and their value per service, month and building, days `from`–`to`. */
export async function deliveredPerMonth(
  db: Kysely<DB>,
  communityIds: readonly string[],
  from: string,
  to: string,
) {
  const month = sql<string>`substr(day, 1, 7)`;
  return db
    .selectFrom('service_delivered')
    .select([
      'service_id as serviceId',
      month.as('month'),
      'building_id as buildingId',
      (eb) => eb.fn.sum<number>('delivered').as('delivered'),
      (eb) => eb.fn.sum<number>('fen').as('fen'),
    ])
    .where('community_id', 'in', [...communityIds])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['service_id', month, 'building_id'])
    .execute();
}

/** The volunteers credited with most value, days `from`–`to`. */
export async function topCredited(
  db: Kysely<DB>,
  communityIds: readonly string[],
  from: string,
  to: string,
  limit: number,
) {
  return db
    .selectFrom('service_credit')
    .select(['volunteer_id as volunteerId', (eb) => eb.fn.sum<number>('fen').as('fen')])
    .where('community_id', 'in', [...communityIds])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('volunteer_id')
    .orderBy('fen', 'desc')
    .orderBy('volunteer_id')
    .limit(limit)
    .execute();
}

/** The names of these volunteers and their minutes in the ledger for the period's sessions. */
export async function volunteersWithMinutes(
  db: Kysely<DB>,
  volunteerIds: readonly string[],
  communityIds: readonly string[],
  period: { from: string; to: string; fromIso: string; toIso: string },
) {
  if (volunteerIds.length === 0) return [];
  return db
    .selectFrom('service_volunteer')
    .leftJoin('service_hours', (join) =>
      join
        .onRef('service_hours.volunteer_id', '=', 'service_volunteer.id')
        // Entries (corrections too) carry their session's day: the day range keeps the read to the
        // period in the volunteer's index however many years the ledger holds.
        .on('service_hours.worked_on', '>=', period.from)
        .on('service_hours.worked_on', '<=', period.to)
        .on('service_hours.session_id', 'in', sessionsIn(db, communityIds, period.fromIso, period.toIso)),
    )
    .select([
      'service_volunteer.id',
      'service_volunteer.name',
      (eb) => eb.fn.coalesce(eb.fn.sum<number>('service_hours.minutes'), eb.lit(0)).as('minutes'),
    ])
    .where('service_volunteer.id', 'in', [...volunteerIds])
    .groupBy(['service_volunteer.id', 'service_volunteer.name'])
    .execute();
}

/** Quantities ordered per round, building and item, for these rounds. */
export async function orderedPerBuilding(db: Kysely<DB>, roundIds: readonly string[]) {
  if (roundIds.length === 0) return [];
  return db
    .selectFrom('purchase_round')
    .innerJoin('purchase_order', 'purchase_order.round_id', 'purchase_round.id')
    .innerJoin('household', 'household.id', 'purchase_order.household_id')
    .innerJoin('purchase_order_line', 'purchase_order_line.order_id', 'purchase_order.id')
    .innerJoin('purchase_item', 'purchase_item.id', 'purchase_order_line.item_id')
    .select([
      'purchase_round.id as roundId',
      'purchase_round.community_id as communityId',
      'purchase_round.closes_on as closesOn',
      'household.building_id as buildingId',
      'purchase_item.market_fen as marketFen',
      'purchase_item.group_fen as groupFen',
      (eb) => eb.fn.sum<number>('purchase_order_line.quantity').as('quantity'),
    ])
    .where('purchase_round.id', 'in', [...roundIds])
    .groupBy([
      'purchase_round.id',
      'purchase_round.community_id',
      'purchase_round.closes_on',
      'household.building_id',
      'purchase_item.id',
      'purchase_item.market_fen',
      'purchase_item.group_fen',
    ])
    .execute();
}

/** Replaces what these rounds contribute to the roll-up. */
export async function replaceRoundSavings(
  db: Kysely<DB>,
  roundIds: readonly string[],
  savings: readonly PurchaseSavingTable[],
) {
  if (roundIds.length === 0) return;
  await db
    .deleteFrom('purchase_saving')
    .where('round_id', 'in', [...roundIds])
    .execute();
  for (let i = 0; i < savings.length; i += INSERT_BATCH)
    await db
      .insertInto('purchase_saving')
      .values(savings.slice(i, i + INSERT_BATCH))
      .execute();
}

/** Group-purchase savings per month and building, for rounds closing within [from, to] (days). */
export async function savingsPerMonth(
  db: Kysely<DB>,
  communityIds: readonly string[],
  from: string,
  to: string,
) {
  const month = sql<string>`substr(closes_on, 1, 7)`;
  return db
    .selectFrom('purchase_saving')
    .select([month.as('month'), 'building_id as buildingId', (eb) => eb.fn.sum<number>('fen').as('fen')])
    .where('community_id', 'in', [...communityIds])
    .where('closes_on', '>=', from)
    .where('closes_on', '<=', to)
    .groupBy([month, 'building_id'])
    .execute();
}

export async function servicesWithValues(db: Kysely<DB>, serviceIds: readonly string[]) {
  if (serviceIds.length === 0) return { services: [], values: [] };
  const ids = [...serviceIds];
  const [services, values] = await Promise.all([
    db.selectFrom('service_kind').select(['id', 'name_zh', 'unit']).where('id', 'in', ids).execute(),
    db
      .selectFrom('service_value')
      .select(['service_id', 'valid_from', 'value_fen'])
      .where('service_id', 'in', ids)
      .orderBy('valid_from')
      .orderBy('set_at')
      .execute(),
  ]);
  return { services, values };
}

export async function buildingNumbers(db: Kysely<DB>, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('building')
    .select(['id', 'number'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.number]));
}
