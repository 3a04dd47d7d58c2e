import { v7 as uuidv7 } from 'uuid';
import type { TFactsInput } from '../../shared/contracts/welfare';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, requirePermission } from '../auth/permissions';
import { householdOr404, recordReads, welfareRead } from './decisions.usecases';
import { splitFacts, visibleFacts } from './facts';
import { insertFacts, latestFacts } from './facts.repository';

export async function getFacts(ctx: AccessContext, householdId: string) {
  await requirePermission(ctx, 'welfare.read');
  const household = await householdOr404(ctx, householdId);
  const row = await latestFacts(ctx.db, household.householdId);
  await recordReads(ctx, [
    welfareRead(ctx, {
      type: 'household_welfare_facts',
      id: household.householdId,
      communityId: household.communityId,
    }),
  ]);
  const seesHealth = ctx.actor.scope.fieldClasses.has('health');
  const recorded = row ? { ...JSON.parse(row.finance_facts), ...JSON.parse(row.health_facts) } : {};
  const { facts, withheld } = visibleFacts(recorded, seesHealth);
  const recordedBy = row
    ? await ctx.db
        .selectFrom('user_account')
        .select('display_name')
        .where('id', '=', row.recorded_by_user_id)
        .executeTakeFirst()
    : undefined;
  return {
    household: { householdId: household.householdId, address: household.address, name: household.name },
    facts,
    withheld,
    recordedAt: row?.recorded_at ?? null,
    recordedBy: recordedBy?.display_name ?? null,
    note: row?.note ?? null,
  };
}

/** Facts are never overwritten: each save is a new record, and decisions name the record they used. */
export async function saveFacts(ctx: AccessContext, householdId: string, input: TFactsInput) {
  await requirePermission(ctx, 'welfare.write');
  const household = await householdOr404(ctx, householdId);
  const { finance, health } = splitFacts(input);
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    // Time-ordered, so of two records saved within the same millisecond the later one is current.
    const id = uuidv7();
    await insertFacts(trx, {
      id,
      community_id: household.communityId,
      household_id: household.householdId,
      finance_facts: JSON.stringify(finance),
      health_facts: JSON.stringify(health),
      note: input.note ?? null,
      recorded_by_user_id: ctx.actor.user.id,
      recorded_at: now.toISOString(),
    });
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'welfare.facts.recorded',
        targetType: 'welfare_facts',
        targetId: id,
        communityId: household.communityId,
        fieldClass: 'finance',
      }),
    ]);
  });
  return getFacts(ctx, householdId);
}
