import { v7 as uuidv7 } from 'uuid';
import { REGISTER_FACTS } from '../../domain/welfare/register';
import type { TFactOverrideInput, TFactsInput } from '../../shared/contracts/welfare';
import type { Language } from '../../shared/errors';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import { AppError } from '../http/errors';
import { householdOr404, recordReads, welfareRead } from './decisions.usecases';
import { splitFacts, visibleFacts, visibleOrigins } from './facts';
import { insertFacts, latestFacts } from './facts.repository';
import { knownFacts } from './known';
import { insertOverride } from './register.repository';

export async function getFacts(ctx: AccessContext, householdId: string, lang: Language) {
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
  const today = localDate(ctx.clock());
  const known = await knownFacts(
    ctx.db,
    [household.householdId],
    new Map(row ? [[household.householdId, row]] : []),
    today,
  );
  const used = visibleOrigins(known.get(household.householdId)?.origins ?? [], seesHealth, lang);
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
    registerReadOn: today,
    used: used.origins,
    conflicts: used.origins.filter((o) => o.conflict !== null),
    sources: used.lines,
  };
}

/** Facts are never overwritten: each save is a new record, and decisions name the record they used. */
export async function saveFacts(ctx: AccessContext, householdId: string, input: TFactsInput, lang: Language) {
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
  return getFacts(ctx, householdId, lang);
}

/**
 * Where typing and the register disagree, the register counts unless a worker says otherwise, with a
 * reason; each choice is a new record (the latest for a fact is in force) and an audit entry.
 */
export async function overrideFact(
  ctx: AccessContext,
  householdId: string,
  input: TFactOverrideInput,
  lang: Language,
) {
  await requirePermission(ctx, 'welfare.write');
  const household = await householdOr404(ctx, householdId);
  if (!(REGISTER_FACTS as readonly string[]).includes(input.fact))
    throw new AppError('welfare.fact_not_from_register', {}, 'fact');
  const now = ctx.clock();
  const id = uuidv7();
  await ctx.db.transaction().execute(async (trx) => {
    await insertOverride(trx, {
      id,
      community_id: household.communityId,
      household_id: household.householdId,
      fact: input.fact,
      use: input.use,
      reason: input.reason,
      recorded_by_user_id: ctx.actor.user.id,
      recorded_at: now.toISOString(),
    });
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'welfare.fact.override',
        targetType: 'welfare_fact_override',
        targetId: id,
        communityId: household.communityId,
        fieldClass: 'finance',
        detail: { fact: input.fact, use: input.use, reason: input.reason },
      }),
    ]);
  });
  return getFacts(ctx, householdId, lang);
}
