import type { TOrderBulkDelivered, TOrderBulkResult } from '../../shared/contracts/serviceTables';
import { type ErrorCode, errorMessage } from '../../shared/errors';
import type { Language } from '../../shared/languages';
import { type AuditEntry, appendAudit, byActor, deniedTarget } from '../audit/audit.repository';
import { type AccessContext, requirePermission } from '../auth/permissions';
import { onceForKey } from '../http/idempotency';
import { findOrderInScope, markDelivered } from './purchases.repository';
import { stationCommunities } from './station.common';

/**
 * Marks many group-purchase orders delivered at once (issue 23). Each order is decided on its own: one
 * outside the caller's households is refused exactly as one that does not exist (and the attempt audited),
 * one already delivered is refused as such. The change is conditional on the order not yet being delivered,
 * so it lands once however often it is sent; with an Idempotency-Key a retry gets the first answer.
 */
export async function bulkDelivered(
  ctx: AccessContext & { lang: Language },
  input: TOrderBulkDelivered,
  idempotencyKey: string | undefined,
): Promise<TOrderBulkResult> {
  await requirePermission(ctx, 'service.purchases.order');
  const mine = stationCommunities(ctx.actor);
  const ids = [...new Set(input.ids)];
  return onceForKey(ctx, idempotencyKey, input, async (trx) => {
    const answer: TOrderBulkResult = { done: [], refused: [] };
    const refuse = (id: string, code: ErrorCode) =>
      answer.refused.push({ id, code, message: errorMessage(code, ctx.lang) });
    const now = ctx.clock();
    const audit: AuditEntry[] = [];
    for (const id of ids) {
      const order = await findOrderInScope(trx, ctx.actor.scope, id);
      if (!order || !mine.includes(order.community_id)) {
        refuse(id, 'service.order_not_found');
        audit.push(deniedTarget(ctx.actor, 'purchase_order', id));
        continue;
      }
      const done = await markDelivered(trx, id, {
        receivedBy: input.receivedBy,
        userId: ctx.actor.user.id,
        at: now.toISOString(),
      });
      if (!done) {
        refuse(id, 'service.already_delivered');
        continue;
      }
      answer.done.push({ id });
      audit.push(
        byActor(ctx.actor, {
          action: 'service.delivered',
          targetType: 'purchase_order',
          targetId: id,
          communityId: order.community_id,
          detail: { bulk: true },
        }),
      );
    }
    if (audit.length > 0) await appendAudit(trx, now, audit);
    return answer;
  });
}
