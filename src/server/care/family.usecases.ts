import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  TFamilyContact,
  ZFamilyContactInput,
  ZFamilyContactPatch,
} from '../../shared/contracts/careKeysMoney';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import type { CareFamilyContactTable, DB } from '../db/schema';
import { AppError } from '../http/errors';
import { findContact, insertContact, listContacts, updateContact } from './family.repository';
import { residentInScope } from './keysMoney.common';

/** Family contacts per resident, with their consent to be told; they follow the household scope. */

function present(r: CareFamilyContactTable): TFamilyContact {
  return {
    id: r.id,
    residentId: r.resident_id,
    name: r.name,
    relation: r.relation,
    phone: r.phone,
    consentToBeTold: Number(r.consent_to_be_told) === 1,
    consentDate: r.consent_date,
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function residentOr404(ctx: AccessContext, residentId: string) {
  const resident = await residentInScope(ctx.db, ctx.actor.scope, residentId);
  if (!resident) {
    return denyNotFound(ctx, new AppError('registry.resident_not_found'), {
      type: 'resident',
      id: residentId,
    });
  }
  return resident;
}

export async function familyOf(ctx: AccessContext, residentId: string): Promise<{ items: TFamilyContact[] }> {
  await requirePermission(ctx, 'care.family.read');
  await residentOr404(ctx, residentId);
  return { items: (await listContacts(ctx.db, residentId)).map(present) };
}

function audit(
  ctx: AccessContext,
  db: Kysely<DB>,
  row: CareFamilyContactTable,
  action: string,
  detail: object,
) {
  return appendAudit(db, ctx.clock(), [
    byActor(ctx.actor, {
      action,
      targetType: 'care_family_contact',
      targetId: row.id,
      residentId: row.resident_id,
      communityId: row.community_id,
      detail: detail as Record<string, unknown>,
    }),
  ]);
}

export async function addFamilyContact(
  ctx: AccessContext,
  residentId: string,
  input: z.output<typeof ZFamilyContactInput>,
): Promise<TFamilyContact> {
  await requirePermission(ctx, 'care.family.write');
  const resident = await residentOr404(ctx, residentId);
  const now = ctx.clock();
  const at = now.toISOString();
  const row: CareFamilyContactTable = {
    id: randomUUID(),
    community_id: resident.communityId,
    household_id: resident.householdId,
    resident_id: resident.residentId,
    name: input.name,
    relation: input.relation,
    phone: input.phone ?? null,
    consent_to_be_told: input.consentToBeTold ? 1 : 0,
    consent_date: input.consentDate ?? localDate(now),
    note: input.note ?? null,
    created_at: at,
    updated_at: at,
    removed_at: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertContact(trx, row);
    await audit(ctx, trx, row, 'care.family_add', { consentToBeTold: input.consentToBeTold });
  });
  return present(row);
}

export async function patchFamilyContact(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZFamilyContactPatch>,
): Promise<TFamilyContact> {
  await requirePermission(ctx, 'care.family.write');
  const row = await findContact(ctx.db, id);
  if (!row || !(await residentInScope(ctx.db, ctx.actor.scope, row.resident_id))) {
    return denyNotFound(ctx, new AppError('care.family_not_found'), { type: 'care_family_contact', id });
  }
  const now = ctx.clock();
  const set: Partial<CareFamilyContactTable> = { updated_at: now.toISOString() };
  if (input.name !== undefined) set.name = input.name;
  if (input.relation !== undefined) set.relation = input.relation;
  if (input.phone !== undefined) set.phone = input.phone;
  if (input.note !== undefined) set.note = input.note;
  if (input.consentToBeTold !== undefined) {
    set.consent_to_be_told = input.consentToBeTold ? 1 : 0;
    set.consent_date = input.consentDate ?? localDate(now);
  } else if (input.consentDate !== undefined) set.consent_date = input.consentDate;
  if (input.remove) set.removed_at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await updateContact(trx, id, set);
    await audit(ctx, trx, row, input.remove ? 'care.family_remove' : 'care.family_edit', {
      fields: Object.keys(set).filter((k) => k !== 'updated_at'),
      ...(input.consentToBeTold !== undefined ? { consentToBeTold: input.consentToBeTold } : {}),
    });
  });
  return present({ ...row, ...set });
}
