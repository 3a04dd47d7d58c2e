import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type ServiceUnit, valueOn } from '../../domain/service/value';
import type { TService, ZServiceInput, ZServiceValueInput } from '../../shared/contracts/service';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import type { DB, ServiceKindTable } from '../db/schema';
import { AppError } from '../http/errors';
import {
  ensureDefaultServices,
  findService,
  insertService,
  insertValue,
  servicesOf,
  valuesOf,
} from './catalogue.repository';
import { oneCommunity, stationCommunities } from './station.common';
import { revalueService } from './value.usecases';

/** The station's services, each with its market value per unit, dated. */

export async function presentServices(
  db: Kysely<DB>,
  rows: readonly ServiceKindTable[],
  today: string,
): Promise<TService[]> {
  const values = await valuesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const own = values
      .filter((v) => v.service_id === r.id)
      .map((v) => ({ validFrom: v.valid_from, valueFen: v.value_fen }));
    return {
      id: r.id,
      communityId: r.community_id,
      code: r.code,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      unit: r.unit as ServiceUnit,
      currentValueFen: valueOn(own, today),
      values: own,
    };
  });
}

export async function listServices(ctx: AccessContext, communityId: string | undefined) {
  await requirePermission(ctx, 'service.read');
  const community = await oneCommunity(ctx, communityId);
  const now = ctx.clock();
  await ensureDefaultServices(ctx.db, community, now.toISOString());
  return { items: await presentServices(ctx.db, await servicesOf(ctx.db, community), localDate(now)) };
}

/** A service of one of the caller's stations, or 404. */
export async function serviceOr404(ctx: AccessContext, id: string): Promise<ServiceKindTable> {
  const row = await findService(ctx.db, id);
  if (!row || !stationCommunities(ctx.actor).includes(row.community_id))
    return denyNotFound(ctx, new AppError('service.not_found'), { type: 'service_kind', id });
  return row;
}

async function presentOne(ctx: AccessContext, row: ServiceKindTable): Promise<TService> {
  const [service] = await presentServices(ctx.db, [row], localDate(ctx.clock()));
  return service as TService;
}

export async function createService(ctx: AccessContext, input: z.output<typeof ZServiceInput>) {
  await requirePermission(ctx, 'service.manage');
  const communityId = await oneCommunity(ctx, input.communityId);
  const at = ctx.clock().toISOString();
  await ensureDefaultServices(ctx.db, communityId, at);
  const row: ServiceKindTable = {
    id: randomUUID(),
    community_id: communityId,
    code: input.code,
    name_zh: input.nameZh,
    name_en: input.nameEn,
    unit: input.unit,
    created_at: at,
  };
  await ctx.db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('service_kind')
      .select('id')
      .where('community_id', '=', communityId)
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (taken) throw new AppError('service.code_exists', {}, 'code');
    await insertService(trx, row);
    await insertValue(trx, {
      id: randomUUID(),
      service_id: row.id,
      valid_from: input.value.validFrom,
      value_fen: input.value.valueFen,
      set_by_user_id: ctx.actor.user.id,
      set_at: at,
    });
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'service.create',
        targetType: 'service_kind',
        targetId: row.id,
        communityId,
      }),
    ]);
  });
  return presentOne(ctx, row);
}

/** A new dated value; earlier values stay, so sessions before `validFrom` keep theirs. */
export async function setServiceValue(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZServiceValueInput>,
) {
  await requirePermission(ctx, 'service.manage');
  const row = await serviceOr404(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    await insertValue(trx, {
      id: randomUUID(),
      service_id: row.id,
      valid_from: input.validFrom,
      value_fen: input.valueFen,
      set_by_user_id: ctx.actor.user.id,
      set_at: ctx.clock().toISOString(),
    });
    await revalueService(trx, row, input.validFrom);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'service.value',
        targetType: 'service_kind',
        targetId: row.id,
        communityId: row.community_id,
        detail: { validFrom: input.validFrom, valueFen: input.valueFen },
      }),
    ]);
  });
  return presentOne(ctx, row);
}
