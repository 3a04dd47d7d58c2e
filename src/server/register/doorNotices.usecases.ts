import type {
  TDoorNoticeDefaults,
  TDoorNoticeInput,
  TDoorNoticeResult,
} from '../../shared/contracts/doorNotices';
import { type ErrorCode, errorMessage } from '../../shared/errors';
import type { Language } from '../../shared/languages';
import { type AuditEntry, appendAudit, byActor, deniedTarget } from '../audit/audit.repository';
import { denyNotFound, requirePermission } from '../auth/permissions';
import { timeOrderedId } from '../db/ids';
import { AppError } from '../http/errors';
import { onceForKey } from '../http/idempotency';
import type { RegistryContext } from '../registry/registry.usecases';
import { doorAddress, doorNoticesPdf } from './doorNotice.pdf';
import {
  doorNoticeInScope,
  householdsForNotice,
  insertDoorNotice,
  lastNoticePhone,
} from './doorNotices.repository';

type Context = RegistryContext & { lang: Language };

/**
 * Records one notice for the households picked in the register's table (issue 23, "打印入户通知"). Each
 * household is decided on its own: one outside the caller's scope is refused exactly as one that does not
 * exist (and the attempt audited), one moved out is refused by name, the rest get the notice. With an
 * Idempotency-Key a retry gets the first answer and records nothing more.
 */
export async function createDoorNotices(
  ctx: Context,
  input: TDoorNoticeInput,
  idempotencyKey: string | undefined,
): Promise<TDoorNoticeResult> {
  await requirePermission(ctx, 'register.doorNotices');
  const ids = [...new Set(input.householdIds)];
  return onceForKey(ctx, idempotencyKey, input, async (trx) => {
    const now = ctx.clock();
    const found = new Map((await householdsForNotice(trx, ctx.actor.scope, ids)).map((h) => [h.id, h]));
    const done: TDoorNoticeResult['done'] = [];
    const refused: TDoorNoticeResult['refused'] = [];
    const refuse = (id: string, code: ErrorCode) =>
      refused.push({ id, code, message: errorMessage(code, ctx.lang) });
    const doors: { householdId: string; communityId: string }[] = [];
    const audit: AuditEntry[] = [];
    const noticeId = timeOrderedId(now);
    for (const id of ids) {
      const household = found.get(id);
      if (!household) {
        refuse(id, 'registry.household_not_found');
        audit.push(deniedTarget(ctx.actor, 'household', id));
        continue;
      }
      if (household.moved_out_at !== null) {
        refuse(id, 'register.household_moved_out');
        continue;
      }
      done.push({ id });
      doors.push({ householdId: id, communityId: household.community_id });
      audit.push(
        byActor(ctx.actor, {
          action: 'register.door_notice',
          targetType: 'household',
          targetId: id,
          communityId: household.community_id,
          detail: { noticeId },
        }),
      );
    }
    if (doors.length > 0) {
      await insertDoorNotice(trx, {
        id: noticeId,
        message: input.message,
        date: input.date,
        phone: input.phone,
        at: now.toISOString(),
        userId: ctx.actor.user.id,
        doors,
      });
    }
    if (audit.length > 0) await appendAudit(trx, now, audit);
    return { id: doors.length > 0 ? noticeId : null, done, refused };
  });
}

/** The notice's printout: only the doors the caller may see; none, and the notice is not found. */
export async function doorNoticePrintout(ctx: RegistryContext, id: string): Promise<Buffer> {
  await requirePermission(ctx, 'register.doorNotices');
  const found = await doorNoticeInScope(ctx.db, ctx.actor.scope, id);
  if (!found) {
    return denyNotFound(ctx, new AppError('register.door_notice_not_found'), { type: 'door_notice', id });
  }
  const byAddress = new Intl.Collator('zh-CN', { numeric: true });
  const doors = [...found.doors].sort(
    (a, b) =>
      byAddress.compare(a.buildingNumber, b.buildingNumber) ||
      byAddress.compare(a.entranceNumber, b.entranceNumber) ||
      a.floor - b.floor ||
      byAddress.compare(a.room, b.room),
  );
  return doorNoticesPdf(
    doors.map((door) => ({
      address: doorAddress(door),
      message: found.notice.message,
      communityName: door.communityName,
      phone: found.notice.phone,
      date: found.notice.notice_date,
    })),
    ctx.clock(),
  );
}

/** What the dialog starts from: the phone the office last printed, for whoever writes the next notice. */
export async function doorNoticeDefaults(ctx: RegistryContext): Promise<TDoorNoticeDefaults> {
  await requirePermission(ctx, 'register.doorNotices');
  return { phone: await lastNoticePhone(ctx.db, ctx.actor.scope.communityIds) };
}
