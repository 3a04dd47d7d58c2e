import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { byWalkingOrder, differenceFen } from '../../domain/service/deliveries';
import { dueFen, savingsFen } from '../../domain/service/value';
import type {
  TOrder,
  TRound,
  ZCollectedInput,
  ZDeliveredInput,
  ZDeliveryQuery,
  ZOrderInput,
  ZRoundInput,
} from '../../shared/contracts/service';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import { localDate } from '../clock';
import { timeOrderedId } from '../db/ids';
import type { DB, PurchaseItemTable, PurchaseRoundTable } from '../db/schema';
import { AppError } from '../http/errors';
import { onceForKey } from '../http/idempotency';
import {
  findOrderInScope,
  findRound,
  insertOrder,
  insertRound,
  itemsOf,
  linesOf,
  markCollected,
  markDelivered,
  type OrderRow,
  orderCounts,
  orderOfHousehold,
  ordersInScope,
  quantitiesOf,
  roundsOf,
  undeliveredCounts,
} from './purchases.repository';
import { oneCommunity, stationCommunities } from './station.common';
import { revalueRounds } from './value.usecases';

/**
 * Group purchases: a round of items at a group price, orders per household (usually placed by the
 * building leader), deliveries to the door in walking order, the money collected and its reconciliation.
 */

export async function presentRounds(
  db: Kysely<DB>,
  scope: Scope,
  rows: readonly PurchaseRoundTable[],
  today: string,
): Promise<TRound[]> {
  const ids = rows.map((r) => r.id);
  const [items, quantities, counts, undelivered] = await Promise.all([
    itemsOf(db, ids),
    quantitiesOf(db, ids),
    orderCounts(db, ids),
    undeliveredCounts(db, scope, ids),
  ]);
  return rows.map((r) => {
    const own = items.filter((i) => i.round_id === r.id);
    const byItem = new Map(own.map((i) => [i.id, i]));
    return {
      id: r.id,
      communityId: r.community_id,
      title: r.title,
      supplier: r.supplier,
      closesOn: r.closes_on,
      open: today <= r.closes_on,
      items: own.map((i) => ({
        id: i.id,
        name: i.name,
        unit: i.unit,
        marketFen: i.market_fen,
        groupFen: i.group_fen,
      })),
      orders: Number(counts.find((c) => c.round_id === r.id)?.orders ?? 0),
      undeliveredInScope: Number(undelivered.find((c) => c.round_id === r.id)?.undelivered ?? 0),
      savingsFen: savingsFen(
        quantities
          .filter((q) => q.round_id === r.id)
          .flatMap((q) => {
            const item = byItem.get(q.item_id);
            return item
              ? [{ marketFen: item.market_fen, groupFen: item.group_fen, quantity: Number(q.quantity) }]
              : [];
          }),
      ),
    };
  });
}

async function roundOr404(ctx: AccessContext, id: string): Promise<PurchaseRoundTable> {
  const row = await findRound(ctx.db, id);
  if (!row || !stationCommunities(ctx.actor).includes(row.community_id))
    return denyNotFound(ctx, new AppError('service.round_not_found'), { type: 'purchase_round', id });
  return row;
}

async function presentRound(ctx: AccessContext, row: PurchaseRoundTable): Promise<TRound> {
  const [round] = await presentRounds(ctx.db, ctx.actor.scope, [row], localDate(ctx.clock()));
  return round as TRound;
}

export async function getRound(ctx: AccessContext, id: string) {
  await requirePermission(ctx, 'service.read');
  return presentRound(ctx, await roundOr404(ctx, id));
}

/** Rounds closing within the last year or later, newest first. */
export async function listRounds(ctx: AccessContext) {
  await requirePermission(ctx, 'service.read');
  const today = localDate(ctx.clock());
  const since = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  const rows = await roundsOf(ctx.db, stationCommunities(ctx.actor), since);
  return { items: await presentRounds(ctx.db, ctx.actor.scope, rows, today) };
}

export async function createRound(ctx: AccessContext, input: z.output<typeof ZRoundInput>) {
  await requirePermission(ctx, 'service.manage');
  const communityId = await oneCommunity(ctx, input.communityId);
  const row: PurchaseRoundTable = {
    id: timeOrderedId(new Date(`${input.closesOn}T00:00:00+08:00`)),
    community_id: communityId,
    title: input.title,
    supplier: input.supplier,
    closes_on: input.closesOn,
    created_by_user_id: ctx.actor.user.id,
    created_at: ctx.clock().toISOString(),
  };
  const items: PurchaseItemTable[] = input.items.map((i, sort) => ({
    id: randomUUID(),
    round_id: row.id,
    name: i.name,
    unit: i.unit,
    market_fen: i.marketFen,
    group_fen: i.groupFen,
    sort,
  }));
  await ctx.db.transaction().execute(async (trx) => {
    await insertRound(trx, row, items);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'service.round_create',
        targetType: 'purchase_round',
        targetId: row.id,
        communityId,
      }),
    ]);
  });
  return presentRound(ctx, row);
}

async function presentOrders(db: Kysely<DB>, rows: readonly OrderRow[]): Promise<TOrder[]> {
  const lines = await linesOf(
    db,
    rows.map((r) => r.id),
  );
  return byWalkingOrder(rows).map((r) => {
    const own = lines.filter((l) => l.order_id === r.id);
    return {
      id: r.id,
      roundId: r.round_id,
      householdId: r.household_id,
      address: {
        buildingNumber: r.buildingNumber,
        entranceNumber: r.entranceNumber,
        floor: r.floor,
        room: r.room,
        label: `${r.buildingNumber}-${r.entranceNumber}-${r.room}`,
      },
      lines: own.map((l) => ({ itemId: l.item_id, name: l.name, unit: l.unit, quantity: l.quantity })),
      dueFen: dueFen(own.map((l) => ({ groupFen: l.group_fen, quantity: l.quantity }))),
      deliveredAt: r.delivered_at,
      receivedBy: r.received_by,
      collectedFen: r.collected_fen,
      collectionNote: r.collection_note,
    };
  });
}

async function orderOr404(ctx: AccessContext, id: string): Promise<OrderRow> {
  const row = await findOrderInScope(ctx.db, ctx.actor.scope, id);
  if (!row) return denyNotFound(ctx, new AppError('service.order_not_found'), { type: 'purchase_order', id });
  return row;
}

async function presentOrder(db: Kysely<DB>, row: OrderRow): Promise<TOrder> {
  const [order] = await presentOrders(db, [row]);
  return order as TOrder;
}

/** An order for a household in the caller's scope, until the round's closing day has passed. */
export async function placeOrder(
  ctx: AccessContext,
  roundId: string,
  input: z.output<typeof ZOrderInput>,
  idempotencyKey: string | undefined,
): Promise<TOrder> {
  await requirePermission(ctx, 'service.purchases.order');
  const round = await roundOr404(ctx, roundId);
  const household = await ctx.db
    .selectFrom('household')
    .select(['household.id', 'household.community_id'])
    .where('household.id', '=', input.householdId)
    .where('household.moved_out_at', 'is', null)
    .where(householdInScope(ctx.actor.scope))
    .executeTakeFirst();
  if (!household || household.community_id !== round.community_id)
    return denyNotFound(ctx, new AppError('registry.household_not_found'), {
      type: 'household',
      id: input.householdId,
    });
  const now = ctx.clock();
  if (localDate(now) > round.closes_on) throw new AppError('service.round_closed');
  const items = new Set((await itemsOf(ctx.db, [round.id])).map((i) => i.id));
  if (input.lines.some((l) => !items.has(l.itemId)))
    throw new AppError('service.item_not_found', {}, 'lines');
  return onceForKey(ctx, idempotencyKey, { roundId, ...input }, async (trx) => {
    if (await orderOfHousehold(trx, round.id, household.id)) throw new AppError('service.order_exists');
    const id = timeOrderedId(now);
    await insertOrder(
      trx,
      {
        id,
        round_id: round.id,
        community_id: round.community_id,
        household_id: household.id,
        placed_by_user_id: ctx.actor.user.id,
        placed_at: now.toISOString(),
        delivered_at: null,
        received_by: null,
        delivered_by_user_id: null,
        collected_fen: null,
        collection_note: null,
        collected_by_user_id: null,
        collected_at: null,
      },
      input.lines.map((l) => ({ id: randomUUID(), order_id: id, item_id: l.itemId, quantity: l.quantity })),
    );
    await revalueRounds(trx, [round.id]);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'service.order',
        targetType: 'purchase_order',
        targetId: id,
        communityId: round.community_id,
        detail: { roundId: round.id, householdId: household.id },
      }),
    ]);
    return presentOrder(trx, (await findOrderInScope(trx, ctx.actor.scope, id)) as OrderRow);
  });
}

/** The round's orders in the caller's scope, in the order a carrier walks them. */
export async function deliveryList(
  ctx: AccessContext,
  roundId: string,
  query: z.output<typeof ZDeliveryQuery>,
) {
  await requirePermission(ctx, 'service.purchases.order');
  const round = await roundOr404(ctx, roundId);
  const rows = await ordersInScope(ctx.db, ctx.actor.scope, round.id, query);
  return { round: await presentRound(ctx, round), items: await presentOrders(ctx.db, rows) };
}

export async function recordDelivered(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZDeliveredInput>,
) {
  await requirePermission(ctx, 'service.purchases.order');
  const order = await orderOr404(ctx, id);
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    const done = await markDelivered(trx, order.id, {
      receivedBy: input.receivedBy,
      userId: ctx.actor.user.id,
      at: now.toISOString(),
    });
    if (!done) throw new AppError('service.already_delivered');
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'service.delivered',
        targetType: 'purchase_order',
        targetId: order.id,
        communityId: order.community_id,
      }),
    ]);
  });
  return presentOrder(ctx.db, await orderOr404(ctx, id));
}

/** Money collected for an order, once; a difference from what is due must be explained. */
export async function recordCollected(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZCollectedInput>,
) {
  await requirePermission(ctx, 'service.manage');
  const order = await orderOr404(ctx, id);
  const [presented] = await presentOrders(ctx.db, [order]);
  const difference = differenceFen(presented?.dueFen ?? 0, input.collectedFen);
  if (difference !== 0 && !input.note) throw new AppError('service.difference_unexplained', {}, 'note');
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    const done = await markCollected(trx, order.id, {
      fen: input.collectedFen,
      note: input.note ?? null,
      userId: ctx.actor.user.id,
      at: now.toISOString(),
    });
    if (!done) throw new AppError('service.already_collected');
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'service.collected',
        targetType: 'purchase_order',
        targetId: order.id,
        communityId: order.community_id,
        detail: { collectedFen: input.collectedFen, differenceFen: difference },
      }),
    ]);
  });
  return presentOrder(ctx.db, await orderOr404(ctx, id));
}

/** Expected against collected for the round, each difference with its explanation. */
export async function reconciliation(ctx: AccessContext, roundId: string) {
  await requirePermission(ctx, 'service.manage');
  const round = await roundOr404(ctx, roundId);
  const orders = await presentOrders(ctx.db, await ordersInScope(ctx.db, ctx.actor.scope, round.id, {}));
  const collected = orders.filter((o) => o.collectedFen !== null);
  return {
    round: await presentRound(ctx, round),
    expectedFen: orders.reduce((sum, o) => sum + o.dueFen, 0),
    collectedFen: collected.reduce((sum, o) => sum + (o.collectedFen ?? 0), 0),
    uncollected: orders.length - collected.length,
    differences: collected.flatMap((o) => {
      const difference = differenceFen(o.dueFen, o.collectedFen) ?? 0;
      return difference === 0
        ? []
        : [
            {
              orderId: o.id,
              address: o.address.label,
              dueFen: o.dueFen,
              collectedFen: o.collectedFen ?? 0,
              differenceFen: difference,
              note: o.collectionNote ?? '',
            },
          ];
    }),
  };
}
