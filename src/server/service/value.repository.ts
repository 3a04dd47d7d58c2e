import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

/** Sessions of these communities starting within [fromIso, toIso), as a subquery. */
function sessionsIn(db: Kysely<DB>, communityIds: readonly string[], fromIso: string, toIso: string) {
  return db
    .selectFrom('service_session')
    .select('service_session.id')
    .where('service_session.community_id', 'in', [...communityIds])
    .where('service_session.starts_at', '>=', fromIso)
    .where('service_session.starts_at', '<', toIso);
}

/** The sessions of the period: what each one's value depends on. */
export async function sessionsOfPeriod(
  db: Kysely<DB>,
  communityIds: readonly string[],
  fromIso: string,
  toIso: string,
) {
  return sessionsIn(db, communityIds, fromIso, toIso)
    .select([
      'service_session.service_id as serviceId',
      'service_session.starts_at as startsAt',
      'service_session.ends_at as endsAt',
    ])
    .execute();
}

/** Services delivered: served bookings per session and building, read from one index. */
export async function servedPerSession(
  db: Kysely<DB>,
  communityIds: readonly string[],
  fromIso: string,
  toIso: string,
) {
  return db
    .selectFrom('service_booking')
    .select([
      'session_id as sessionId',
      'building_id as buildingId',
      (eb) => eb.fn.countAll<number>().as('served'),
    ])
    .where('session_id', 'in', sessionsIn(db, communityIds, fromIso, toIso))
    .where('served', '=', 1)
    .groupBy(['session_id', 'building_id'])
    .execute();
}

/** Who checked in to those sessions, read from the sign-ups' covering index. */
export async function workedPerSession(
  db: Kysely<DB>,
  communityIds: readonly string[],
  fromIso: string,
  toIso: string,
) {
  return db
    .selectFrom('service_signup')
    .select(['session_id as sessionId', 'volunteer_id as volunteerId'])
    .where('session_id', 'in', sessionsIn(db, communityIds, fromIso, toIso))
    .where('checked_in_at', 'is not', null)
    .execute();
}

/** The names of these volunteers and their minutes in the ledger for the period's sessions. */
export async function volunteersWithMinutes(
  db: Kysely<DB>,
  volunteerIds: readonly string[],
  communityIds: readonly string[],
  fromIso: string,
  toIso: string,
) {
  if (volunteerIds.length === 0) return [];
  return db
    .selectFrom('service_volunteer')
    .leftJoin('service_hours', (join) =>
      join
        .onRef('service_hours.volunteer_id', '=', 'service_volunteer.id')
        .on('service_hours.session_id', 'in', sessionsIn(db, communityIds, fromIso, toIso)),
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

/** Quantities ordered per round, building and item, for rounds closing within [from, to] (days). */
export async function orderedPerBuilding(
  db: Kysely<DB>,
  communityIds: readonly string[],
  from: string,
  to: string,
) {
  return db
    .selectFrom('purchase_round')
    .innerJoin('purchase_order', 'purchase_order.round_id', 'purchase_round.id')
    .innerJoin('household', 'household.id', 'purchase_order.household_id')
    .innerJoin('purchase_order_line', 'purchase_order_line.order_id', 'purchase_order.id')
    .innerJoin('purchase_item', 'purchase_item.id', 'purchase_order_line.item_id')
    .select([
      'purchase_round.closes_on as closesOn',
      'household.building_id as buildingId',
      'purchase_item.market_fen as marketFen',
      'purchase_item.group_fen as groupFen',
      (eb) => eb.fn.sum<number>('purchase_order_line.quantity').as('quantity'),
    ])
    .where('purchase_round.community_id', 'in', [...communityIds])
    .where('purchase_round.closes_on', '>=', from)
    .where('purchase_round.closes_on', '<=', to)
    .groupBy([
      'purchase_round.id',
      'purchase_round.closes_on',
      'household.building_id',
      'purchase_item.id',
      'purchase_item.market_fen',
      'purchase_item.group_fen',
    ])
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
