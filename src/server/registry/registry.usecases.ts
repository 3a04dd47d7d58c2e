import type { Kysely } from 'kysely';
import type { THomeSummary } from '../../shared/contracts/home';
import type { THousehold, THouseholdList, THouseholdListQuery } from '../../shared/contracts/registry';
import { appendAudit } from '../audit/audit.repository';
import type { Actor } from '../auth/actor';
import { denyNotFound, hasPermission, requirePermission } from '../auth/permissions';
import { type Clock, localDate } from '../clock';
import type { DB } from '../db/schema';
import { AppError } from '../http/errors';
import { listHouseholdsPage } from './lists.repository';
import { presentHousehold, presentHouseholdSummary, presentResident } from './registry.presenters';
import {
  communitiesByIds,
  findHousehold,
  liaisonPathOf,
  residentsOfHouseholds,
  scopeCounts,
} from './registry.repository';

export interface RegistryContext {
  db: Kysely<DB>;
  clock: Clock;
  actor: Actor;
}

export async function getHousehold(ctx: RegistryContext, id: string): Promise<THousehold> {
  await requirePermission(ctx, 'registry.read');
  const { db, actor } = ctx;
  const household = await findHousehold(db, actor.scope, id);
  if (!household)
    return denyNotFound(ctx, new AppError('registry.household_not_found'), { type: 'household', id });
  const now = ctx.clock();
  const today = localDate(now);
  const members = (await residentsOfHouseholds(db, [household.id])).map((r) =>
    presentResident(r, actor.scope, today),
  );
  const reads = members.flatMap((m) =>
    m.reads.map((read) => ({
      ...read,
      actorUserId: actor.user.id,
      actorRole: actor.user.role,
      ip: actor.ip,
    })),
  );
  if (reads.length > 0) await db.transaction().execute((trx) => appendAudit(trx, now, reads));
  return presentHousehold(
    household,
    members.map((m) => m.resident),
    await liaisonPathOf(db, household.id, today),
  );
}

export async function listHouseholdsInScope(
  ctx: RegistryContext,
  query: THouseholdListQuery,
): Promise<THouseholdList> {
  await requirePermission(ctx, 'registry.read');
  const page = await listHouseholdsPage(ctx.db, ctx.actor.scope, query, localDate(ctx.clock()));
  const members = await residentsOfHouseholds(
    ctx.db,
    page.items.map((h) => h.id),
  );
  return {
    total: page.total,
    items: page.items.map((h) => {
      const own = members.filter((m) => m.householdId === h.id);
      return presentHouseholdSummary(h, h.memberCount, [...new Set(own.flatMap((m) => m.careTags))].sort());
    }),
  };
}

/** The numbers every home page opens with; roles without resident data get zeros, not an error. */
export async function homeSummary(ctx: RegistryContext): Promise<THomeSummary> {
  const { db, actor } = ctx;
  const now = ctx.clock();
  const today = localDate(now);
  const eightyYearsAgo = `${Number(today.slice(0, 4)) - 80}${today.slice(4)}`;
  const counts = hasPermission(actor, 'registry.read')
    ? await scopeCounts(db, actor.scope, eightyYearsAgo, today)
    : { households: 0, residents: 0, livingAlone: 0, over80: 0, withoutBuildingLeader: 0 };
  return {
    role: actor.user.role,
    communities: await communitiesByIds(db, actor.scope.communityIds),
    ...counts,
  };
}
