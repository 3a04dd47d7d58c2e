import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { buildChainTree, chainRoots, coverageProblems, parentTierOf } from '../../domain/liaison/chain';
import { subtreeOf } from '../../domain/liaison/subtree';
import type {
  TCoverage,
  TLiaisonTree,
  TPositionDetail,
  TPositionInput,
  ZAssignHousehold,
  ZEndPosition,
  ZReassignPosition,
} from '../../shared/contracts/liaison';
import type { Tier } from '../../shared/roles';
import { appendAudit, byActor } from '../audit/audit.repository';
import { denyNotFound, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import { AppError } from '../http/errors';
import { recordRegisterChanges } from '../register/changes.repository';
import { findHousehold } from '../registry/registry.repository';
import type { RegistryContext } from '../registry/registry.usecases';
import {
  assignHousehold as assignHouseholdRow,
  coverHistoryOfHousehold,
  currentChain,
  endPosition as endPositionRows,
  findPosition,
  householdsOfPosition,
  householdsWithoutLeader,
  insertPosition,
  parentHistoryOf,
  parentsOfAll,
  reassignParent,
} from './liaison.repository';

/** The community asked for, if the caller's scope holds it; by default the caller's first community. */
function communityOf(ctx: RegistryContext, communityId: string | undefined): string {
  const id = communityId ?? ctx.actor.scope.communityIds[0];
  if (!id || !ctx.actor.scope.communityIds.includes(id)) throw new AppError('route.not_found');
  return id;
}

export async function liaisonTree(
  ctx: RegistryContext,
  communityId: string | undefined,
): Promise<TLiaisonTree> {
  await requirePermission(ctx, 'registry.read');
  const community = communityOf(ctx, communityId);
  const today = localDate(ctx.clock());
  const positions = await currentChain(ctx.db, community, today);
  const { scope } = ctx.actor;
  const chainRole = scope.householdIds !== null;
  const roots = chainRole ? [...scope.positionIds] : chainRoots(positions);
  const uncovered = chainRole ? [] : await householdsWithoutLeader(ctx.db, community, today);
  return {
    communityId: community,
    roots: buildChainTree(positions, roots),
    householdsWithoutLeader: uncovered.length,
  };
}

/** A position the caller may see: in their community, and for chain roles within their part of the chain. */
async function positionInScopeOr404(ctx: RegistryContext, positionId: string) {
  const position = await findPosition(ctx.db, positionId);
  const { scope } = ctx.actor;
  let visible = position !== undefined && scope.communityIds.includes(position.community_id);
  if (visible && position && scope.householdIds !== null) {
    const chain = await currentChain(ctx.db, position.community_id, localDate(ctx.clock()));
    visible = subtreeOf(chain, [...scope.positionIds]).has(position.id);
  }
  if (!position || !visible) {
    return denyNotFound(ctx, new AppError('liaison.position_not_found'), {
      type: 'position',
      id: positionId,
    });
  }
  return position;
}

export async function positionDetail(ctx: RegistryContext, positionId: string): Promise<TPositionDetail> {
  await requirePermission(ctx, 'registry.read');
  const position = await positionInScopeOr404(ctx, positionId);
  const [parents, households] = await Promise.all([
    parentHistoryOf(ctx.db, positionId),
    householdsOfPosition(ctx.db, positionId),
  ]);
  return {
    positionId: position.id,
    communityId: position.community_id,
    tier: position.tier as Tier,
    personName: position.person_name,
    phone: position.phone,
    validFrom: position.valid_from,
    validTo: position.valid_to,
    parents: parents.map((p) => ({ ...p, tier: p.tier as Tier })),
    households: households.map((h) => ({
      householdId: h.householdId,
      address: {
        buildingNumber: h.buildingNumber,
        entranceNumber: h.entranceNumber,
        floor: h.floor,
        room: h.room,
        label: `${h.buildingNumber}-${h.entranceNumber}-${h.room}`,
      },
      validFrom: h.validFrom,
      validTo: h.validTo,
    })),
  };
}

/** The upper position must serve in the same community, exactly one tier up. */
async function checkParent(ctx: RegistryContext, communityId: string, tier: Tier, parentId: string | null) {
  const wanted = parentTierOf(tier);
  if (wanted === null) {
    if (parentId !== null) throw new AppError('liaison.wrong_tier', {}, 'parentId');
    return;
  }
  if (parentId === null) throw new AppError('liaison.wrong_tier', {}, 'parentId');
  const parent = await findPosition(ctx.db, parentId);
  if (!parent || parent.community_id !== communityId || parent.valid_to !== null) {
    return denyNotFound(ctx, new AppError('liaison.position_not_found'), { type: 'position', id: parentId });
  }
  if (parent.tier !== wanted) throw new AppError('liaison.wrong_tier', {}, 'parentId');
}

export async function createPosition(ctx: RegistryContext, input: TPositionInput): Promise<TPositionDetail> {
  await requirePermission(ctx, 'liaison.manage');
  const community = communityOf(ctx, input.communityId);
  await checkParent(ctx, community, input.tier, input.parentId);
  // The account to serve in the position must be one of this community: one of another (or none) is not
  // found, as in the path, and is never given the position's households (issue 21).
  if (input.userId) {
    const user = await ctx.db
      .selectFrom('user_account')
      .select('id')
      .where('id', '=', input.userId)
      .where('community_id', '=', community)
      .executeTakeFirst();
    if (!user)
      return denyNotFound(ctx, new AppError('liaison.user_not_found', {}, 'userId'), {
        type: 'user',
        id: input.userId,
      });
  }
  const id = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await insertPosition(trx, {
      id,
      communityId: community,
      tier: input.tier,
      personName: input.personName,
      phone: input.phone ?? null,
      parentId: input.parentId,
      userId: input.userId ?? null,
      validFrom: input.validFrom,
    });
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'liaison.position.create',
        targetType: 'position',
        targetId: id,
        communityId: community,
      }),
    ]);
  });
  return positionDetail(ctx, id);
}

export async function reassignPosition(
  ctx: RegistryContext,
  positionId: string,
  input: z.infer<typeof ZReassignPosition>,
): Promise<TPositionDetail> {
  await requirePermission(ctx, 'liaison.manage');
  const position = await positionInScopeOr404(ctx, positionId);
  await checkParent(ctx, position.community_id, position.tier as Tier, input.parentId);
  await ctx.db.transaction().execute(async (trx) => {
    await reassignParent(trx, positionId, input.parentId, input.validFrom);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'liaison.position.reassign',
        targetType: 'position',
        targetId: positionId,
        communityId: position.community_id,
        detail: { from: position.parent_id, to: input.parentId, validFrom: input.validFrom },
      }),
    ]);
  });
  return positionDetail(ctx, positionId);
}

export async function endPosition(
  ctx: RegistryContext,
  positionId: string,
  input: z.infer<typeof ZEndPosition>,
) {
  await requirePermission(ctx, 'liaison.manage');
  const position = await positionInScopeOr404(ctx, positionId);
  await ctx.db.transaction().execute(async (trx) => {
    await endPositionRows(trx, positionId, input.validTo);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'liaison.position.end',
        targetType: 'position',
        targetId: positionId,
        communityId: position.community_id,
      }),
    ]);
  });
}

export async function assignHousehold(
  ctx: RegistryContext,
  householdId: string,
  input: z.infer<typeof ZAssignHousehold>,
) {
  await requirePermission(ctx, 'liaison.manage');
  const household = await findHousehold(ctx.db, ctx.actor.scope, householdId);
  if (!household) {
    return denyNotFound(ctx, new AppError('registry.household_not_found'), {
      type: 'household',
      id: householdId,
    });
  }
  const position = await findPosition(ctx.db, input.positionId);
  if (!position || position.community_id !== household.communityId) {
    return denyNotFound(ctx, new AppError('liaison.position_not_found'), {
      type: 'position',
      id: input.positionId,
    });
  }
  if (position.tier !== 'building_leader' || position.valid_to !== null) {
    throw new AppError('liaison.not_building_leader', {}, 'positionId');
  }
  const at = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await assignHouseholdRow(trx, householdId, input.positionId, input.validFrom);
    await recordRegisterChanges(trx, [
      {
        at,
        actorUserId: ctx.actor.user.id,
        communityId: household.communityId,
        householdId,
        residentId: null,
        action: 'household.assign',
        changes: [{ field: 'buildingLeader', from: null, to: position.person_name }],
      },
    ]);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'liaison.household.assign',
        targetType: 'household',
        targetId: householdId,
        communityId: household.communityId,
        detail: { positionId: input.positionId, validFrom: input.validFrom },
      }),
    ]);
  });
}

export async function householdCoverHistory(ctx: RegistryContext, householdId: string) {
  await requirePermission(ctx, 'registry.read');
  if (!(await findHousehold(ctx.db, ctx.actor.scope, householdId))) {
    return denyNotFound(ctx, new AppError('registry.household_not_found'), {
      type: 'household',
      id: householdId,
    });
  }
  const rows = await coverHistoryOfHousehold(ctx.db, householdId);
  return { items: rows.map((r) => ({ ...r, tier: r.tier as Tier })) };
}

export async function coverage(
  ctx: RegistryContext,
  communityId: string | undefined,
  limit: number,
): Promise<TCoverage> {
  await requirePermission(ctx, 'liaison.coverage');
  const community = communityOf(ctx, communityId);
  const today = localDate(ctx.clock());
  const [positions, parents, uncovered] = await Promise.all([
    currentChain(ctx.db, community, today),
    parentsOfAll(ctx.db, community),
    householdsWithoutLeader(ctx.db, community, today),
  ]);
  return {
    communityId: community,
    limit,
    householdsWithoutLeader: uncovered.map((h) => ({
      householdId: h.householdId,
      address: {
        buildingNumber: h.buildingNumber,
        entranceNumber: h.entranceNumber,
        floor: h.floor,
        room: h.room,
        label: `${h.buildingNumber}-${h.entranceNumber}-${h.room}`,
      },
    })),
    ...coverageProblems(positions, parents, limit),
  };
}
