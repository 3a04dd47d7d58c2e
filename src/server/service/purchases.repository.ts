import type { Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import type {
  DB,
  PurchaseItemTable,
  PurchaseOrderLineTable,
  PurchaseOrderTable,
  PurchaseRoundTable,
} from '../db/schema';

export async function insertRound(
  trx: Kysely<DB>,
  round: PurchaseRoundTable,
  items: readonly PurchaseItemTable[],
): Promise<void> {
  await trx.insertInto('purchase_round').values(round).execute();
  await trx
    .insertInto('purchase_item')
    .values([...items])
    .execute();
}

export async function findRound(db: Kysely<DB>, id: string): Promise<PurchaseRoundTable | undefined> {
  return db.selectFrom('purchase_round').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function roundsOf(db: Kysely<DB>, communityIds: readonly string[], since: string) {
  if (communityIds.length === 0) return [];
  return db
    .selectFrom('purchase_round')
    .selectAll()
    .where('community_id', 'in', [...communityIds])
    .where('closes_on', '>=', since)
    .orderBy('closes_on', 'desc')
    .execute();
}

export async function itemsOf(db: Kysely<DB>, roundIds: readonly string[]): Promise<PurchaseItemTable[]> {
  if (roundIds.length === 0) return [];
  return db
    .selectFrom('purchase_item')
    .selectAll()
    .where('round_id', 'in', [...roundIds])
    .orderBy('sort')
    .execute();
}

/** Quantities ordered per item of these rounds: what savings are computed from. */
export async function quantitiesOf(db: Kysely<DB>, roundIds: readonly string[]) {
  if (roundIds.length === 0) return [];
  return db
    .selectFrom('purchase_order_line')
    .innerJoin('purchase_order', 'purchase_order.id', 'purchase_order_line.order_id')
    .select([
      'purchase_order.round_id',
      'purchase_order_line.item_id',
      (eb) => eb.fn.sum<number>('purchase_order_line.quantity').as('quantity'),
    ])
    .where('purchase_order.round_id', 'in', [...roundIds])
    .groupBy(['purchase_order.round_id', 'purchase_order_line.item_id'])
    .execute();
}

export async function orderCounts(db: Kysely<DB>, roundIds: readonly string[]) {
  if (roundIds.length === 0) return [];
  return db
    .selectFrom('purchase_order')
    .select(['round_id', (eb) => eb.fn.countAll<number>().as('orders')])
    .where('round_id', 'in', [...roundIds])
    .groupBy('round_id')
    .execute();
}

/** Orders not yet delivered per round, of households in the caller's scope: the doors still waiting for them. */
export async function undeliveredCounts(db: Kysely<DB>, scope: Scope, roundIds: readonly string[]) {
  if (roundIds.length === 0) return [];
  return db
    .selectFrom('purchase_order')
    .innerJoin('household', 'household.id', 'purchase_order.household_id')
    .select(['purchase_order.round_id', (eb) => eb.fn.countAll<number>().as('undelivered')])
    .where('purchase_order.round_id', 'in', [...roundIds])
    .where('purchase_order.delivered_at', 'is', null)
    .where(householdInScope(scope))
    .groupBy('purchase_order.round_id')
    .execute();
}

export async function insertOrder(
  trx: Kysely<DB>,
  order: PurchaseOrderTable,
  lines: readonly PurchaseOrderLineTable[],
): Promise<void> {
  await trx.insertInto('purchase_order').values(order).execute();
  await trx
    .insertInto('purchase_order_line')
    .values([...lines])
    .execute();
}

export async function orderOfHousehold(db: Kysely<DB>, roundId: string, householdId: string) {
  return db
    .selectFrom('purchase_order')
    .select('id')
    .where('round_id', '=', roundId)
    .where('household_id', '=', householdId)
    .executeTakeFirst();
}

function ordersWithAddress(db: Kysely<DB>) {
  return db
    .selectFrom('purchase_order')
    .innerJoin('household', 'household.id', 'purchase_order.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .selectAll('purchase_order')
    .select([
      'building.number as buildingNumber',
      'entrance.number as entranceNumber',
      'household.floor as floor',
      'household.room as room',
    ]);
}

export type OrderRow = NonNullable<Awaited<ReturnType<typeof findOrderInScope>>>;

/** An order whose household is in the caller's scope. */
export async function findOrderInScope(db: Kysely<DB>, scope: Scope, id: string) {
  return ordersWithAddress(db)
    .where('purchase_order.id', '=', id)
    .where(householdInScope(scope))
    .executeTakeFirst();
}

/** The orders of a round in the caller's scope, optionally of one building or entrance. */
export async function ordersInScope(
  db: Kysely<DB>,
  scope: Scope,
  roundId: string,
  where: { buildingId?: string | undefined; entranceId?: string | undefined },
) {
  return ordersWithAddress(db)
    .where('purchase_order.round_id', '=', roundId)
    .where(householdInScope(scope))
    .$if(where.buildingId !== undefined, (q) =>
      q.where('household.building_id', '=', where.buildingId as string),
    )
    .$if(where.entranceId !== undefined, (q) =>
      q.where('household.entrance_id', '=', where.entranceId as string),
    )
    .execute();
}

export async function linesOf(db: Kysely<DB>, orderIds: readonly string[]) {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('purchase_order_line')
    .innerJoin('purchase_item', 'purchase_item.id', 'purchase_order_line.item_id')
    .select([
      'purchase_order_line.order_id',
      'purchase_order_line.item_id',
      'purchase_order_line.quantity',
      'purchase_item.name',
      'purchase_item.unit',
      'purchase_item.group_fen',
      'purchase_item.sort',
    ])
    .where('purchase_order_line.order_id', 'in', [...orderIds])
    .orderBy('purchase_item.sort')
    .execute();
}

export async function markDelivered(
  trx: Kysely<DB>,
  id: string,
  set: { receivedBy: string; userId: string; at: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('purchase_order')
    .set({ delivered_at: set.at, received_by: set.receivedBy, delivered_by_user_id: set.userId })
    .where('id', '=', id)
    .where('delivered_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markCollected(
  trx: Kysely<DB>,
  id: string,
  set: { fen: number; note: string | null; userId: string; at: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('purchase_order')
    .set({
      collected_fen: set.fen,
      collection_note: set.note,
      collected_by_user_id: set.userId,
      collected_at: set.at,
    })
    .where('id', '=', id)
    .where('collected_fen', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
