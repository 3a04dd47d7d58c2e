import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { TKey, ZKeyInput, ZKeyReturnInput, ZKeyUseInput } from '../../shared/contracts/careKeysMoney';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import type { CareKeyTable, CareKeyUseTable } from '../db/schema';
import { AppError } from '../http/errors';
import { findKeyVisible, insertKey, insertKeyUse, markReturned, usesOf } from './keys.repository';
import {
  auditSensitiveReads,
  mayCarry,
  presentCarers,
  refOf,
  residentInScope,
  residentsById,
  resolveCarer,
  userNames,
} from './keysMoney.common';

/**
 * The key register (钥匙托管): whose key, who holds it since when, the resident's consent, each use and
 * its return. Seen by workers and the committee, and by a chain role only when they hold the key;
 * every read and every use is in the audit trail (class `keys`).
 */

/** Keys as the caller sees them, without auditing the read: the caller audits what it hands out. */
export async function presentKeys(
  ctx: AccessContext,
  rows: CareKeyTable[],
  withUses: boolean,
): Promise<TKey[]> {
  const [residents, uses, carer] = await Promise.all([
    residentsById(
      ctx.db,
      rows.map((r) => r.resident_id),
    ),
    usesOf(
      ctx.db,
      rows.map((r) => r.id),
    ),
    presentCarers(
      ctx.db,
      rows.map((r) => ({ positionId: r.holder_position_id, name: r.holder_name, phone: r.holder_phone })),
    ),
  ]);
  const names = await userNames(ctx.db, [
    ...uses.map((u) => u.recorded_by_user_id),
    ...rows.map((r) => r.returned_by_user_id),
  ]);
  return rows.flatMap((r) => {
    const resident = residents.get(r.resident_id);
    if (!resident) return [];
    const own = uses.filter((u) => u.key_id === r.id);
    return [
      {
        id: r.id,
        communityId: r.community_id,
        resident: refOf(resident),
        label: r.label,
        holder: carer({ positionId: r.holder_position_id, name: r.holder_name, phone: r.holder_phone }),
        heldSince: r.held_since,
        consent: { date: r.consent_date, form: r.consent_form, witness: r.consent_witness },
        note: r.note,
        returned: r.returned_on
          ? {
              on: r.returned_on,
              to: r.returned_to ?? '',
              note: r.return_note,
              recordedBy: names.get(r.returned_by_user_id ?? '') ?? '',
            }
          : null,
        uses: withUses
          ? own.map((u) => ({
              id: u.id,
              usedAt: u.used_at,
              reason: u.reason,
              present: u.present,
              recordedBy: names.get(u.recorded_by_user_id) ?? '',
              recordedAt: u.recorded_at,
            }))
          : [],
        useCount: own.length,
        createdAt: r.created_at,
      },
    ];
  });
}

/** Presents the keys and writes one audit entry per key read, in one step. */
async function readKeys(ctx: AccessContext, rows: CareKeyTable[], withUses: boolean): Promise<TKey[]> {
  const keys = await presentKeys(ctx, rows, withUses);
  await auditSensitiveReads(ctx, 'care_key', rows, 'keys');
  return keys;
}

async function keyOr404(ctx: AccessContext, id: string): Promise<CareKeyTable> {
  const row = await findKeyVisible(ctx.db, ctx.actor.scope, id);
  if (!row) return denyNotFound(ctx, new AppError('care.key_not_found'), { type: 'care_key', id });
  return row;
}

export async function getKey(ctx: AccessContext, id: string): Promise<TKey> {
  await requirePermission(ctx, 'care.keys.read');
  const row = await keyOr404(ctx, id);
  const [key] = await readKeys(ctx, [row], true);
  return key as TKey;
}

export async function registerKey(ctx: AccessContext, input: z.output<typeof ZKeyInput>): Promise<TKey> {
  await requirePermission(ctx, 'care.keys.manage');
  const resident = await residentInScope(ctx.db, ctx.actor.scope, input.residentId);
  if (!resident) {
    return denyNotFound(ctx, new AppError('registry.resident_not_found'), {
      type: 'resident',
      id: input.residentId,
    });
  }
  if (input.consent.form === 'verbal' && !input.consent.witness) {
    throw new AppError('care.consent_witness_required', {}, 'consent.witness');
  }
  const now = ctx.clock();
  const holder = await resolveCarer(ctx.db, resident.communityId, input.holder, localDate(now), 'holder');
  const row: CareKeyTable = {
    id: randomUUID(),
    community_id: resident.communityId,
    household_id: resident.householdId,
    resident_id: resident.residentId,
    label: input.label,
    holder_position_id: holder.positionId,
    holder_name: holder.name,
    holder_phone: holder.phone,
    held_since: input.heldSince,
    consent_date: input.consent.date,
    consent_form: input.consent.form,
    consent_witness: input.consent.witness ?? null,
    note: input.note ?? null,
    returned_on: null,
    returned_to: null,
    return_note: null,
    returned_by_user_id: null,
    created_by_user_id: ctx.actor.user.id,
    created_at: now.toISOString(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertKey(trx, row);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'care.key_register',
        targetType: 'care_key',
        targetId: row.id,
        residentId: row.resident_id,
        communityId: row.community_id,
        fieldClass: 'keys',
        detail: { holderPositionId: row.holder_position_id, consentForm: row.consent_form },
      }),
    ]);
  });
  return getKey(ctx, row.id);
}

/** The holder, a worker or the committee records a use of the key: when, why, who was present. */
export async function recordKeyUse(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZKeyUseInput>,
): Promise<TKey> {
  await requirePermission(ctx, 'care.keys.use');
  const row = await keyOr404(ctx, id);
  if (!mayCarry(ctx.actor.scope, row.community_id, row.holder_position_id))
    throw new AppError('auth.forbidden');
  if (row.returned_on) throw new AppError('care.key_returned');
  const now = ctx.clock();
  const use: CareKeyUseTable = {
    id: randomUUID(),
    key_id: row.id,
    used_at: input.usedAt ? new Date(input.usedAt).toISOString() : now.toISOString(),
    reason: input.reason,
    present: input.present,
    recorded_by_user_id: ctx.actor.user.id,
    recorded_at: now.toISOString(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertKeyUse(trx, use);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'care.key_use',
        targetType: 'care_key',
        targetId: row.id,
        residentId: row.resident_id,
        communityId: row.community_id,
        fieldClass: 'keys',
        detail: { useId: use.id, usedAt: use.used_at },
      }),
    ]);
  });
  return getKey(ctx, row.id);
}

export async function returnKey(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZKeyReturnInput>,
): Promise<TKey> {
  await requirePermission(ctx, 'care.keys.use');
  const row = await keyOr404(ctx, id);
  if (!mayCarry(ctx.actor.scope, row.community_id, row.holder_position_id))
    throw new AppError('auth.forbidden');
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    const done = await markReturned(trx, row.id, {
      returned_on: input.returnedOn ?? localDate(now),
      returned_to: input.returnedTo,
      return_note: input.note ?? null,
      returned_by_user_id: ctx.actor.user.id,
    });
    if (!done) throw new AppError('care.key_returned');
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'care.key_return',
        targetType: 'care_key',
        targetId: row.id,
        residentId: row.resident_id,
        communityId: row.community_id,
        fieldClass: 'keys',
      }),
    ]);
  });
  return getKey(ctx, row.id);
}
