import { randomUUID } from 'node:crypto';
import { compareWithNeighbour } from '../../domain/welfare/compare';
import { type Decision, evaluate } from '../../domain/welfare/evaluate';
import { explain } from '../../domain/welfare/explain';
import type { HouseholdFacts } from '../../domain/welfare/facts';
import { conditionsOf, conditionsTesting, type Policy } from '../../domain/welfare/policy';
import { type FactOrigin, originsUsed } from '../../domain/welfare/register';
import type { TDecision } from '../../shared/contracts/welfare';
import type { Language } from '../../shared/errors';
import { type AuditEntry, appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { userNames } from '../care/keysMoney.common';
import { localDate } from '../clock';
import type { WelfareDecisionTable } from '../db/schema';
import { AppError } from '../http/errors';
import { decisionsOfHousehold, findDecision, insertDecision } from './decisions.repository';
import { HEALTH_FACTS, visibleFacts, visibleOrigins } from './facts';
import { latestFacts, receivingHouseholds } from './facts.repository';
import { householdInScopeById, householdsById, type WelfareHousehold } from './households.repository';
import { type KnownFacts, knownFacts } from './known';
import { publicEntryOf } from './notices.repository';
import { approvedExtras, keepPolicyVersion, policyOrFail, policyVersion } from './policies';

/** The policy whose roster answers the `receivesDibao` fact. */
const DIBAO = 'dibao';

export async function householdOr404(ctx: AccessContext, householdId: string): Promise<WelfareHousehold> {
  const household = await householdInScopeById(ctx.db, ctx.actor.scope, householdId);
  if (household) return household;
  return denyNotFound(ctx, new AppError('registry.household_not_found'), {
    type: 'household',
    id: householdId,
  });
}

/** One audit entry per welfare record read: who, which household, which class — never the value. */
export function welfareRead(
  ctx: AccessContext,
  record: { type: string; id: string; communityId: string },
  purpose?: string,
): AuditEntry {
  return byActor(ctx.actor, {
    action: 'read.sensitive',
    targetType: record.type,
    targetId: record.id,
    communityId: record.communityId,
    fieldClass: 'finance',
    purpose: purpose ?? null,
  });
}

export async function recordReads(ctx: AccessContext, entries: readonly AuditEntry[]): Promise<void> {
  await ctx.db.transaction().execute((trx) => appendAudit(trx, ctx.clock(), entries));
}

/**
 * The facts the rules read on a date: what was typed and what the register says (the register's value
 * counting where they disagree, unless overridden), and whether the household receives dibao today.
 */
export async function factsForRules(
  ctx: AccessContext,
  household: WelfareHousehold,
  date: string,
): Promise<{ facts: HouseholdFacts; factsId: string | null; origins: FactOrigin[] }> {
  const row = await latestFacts(ctx.db, household.householdId);
  const typed = new Map(row ? [[household.householdId, row]] : []);
  const known = await knownFacts(ctx.db, [household.householdId], typed, date);
  const { facts, factsId, origins } = known.get(household.householdId) as KnownFacts;
  const receiving = await receivingHouseholds(ctx.db, household.communityId, DIBAO, localDate(ctx.clock()));
  return { facts: { ...facts, receivesDibao: receiving.has(household.householdId) }, factsId, origins };
}

/**
 * Evaluates a household against a policy on a date and keeps the decision with everything it rested
 * on: the policy version, the parameter values of that date, the facts used and each condition's result.
 */
export async function keepDecision(
  ctx: AccessContext,
  household: WelfareHousehold,
  policy: Policy,
  date: string,
  hardship: string | null,
): Promise<WelfareDecisionTable> {
  const { facts, factsId, origins } = await factsForRules(ctx, household, date);
  const extras = await approvedExtras(ctx.db, household.communityId, policy.id);
  // A hardship marked at the evaluation wins over the one recorded with the facts; `none` is no hardship.
  const recorded = typeof facts.hardship === 'string' && facts.hardship !== 'none' ? facts.hardship : null;
  const marked = hardship ?? recorded;
  const decision = evaluate(policy, marked ? { ...facts, hardship: marked } : facts, date, extras);
  const now = ctx.clock();
  return ctx.db.transaction().execute(async (trx) => {
    const hash = await keepPolicyVersion(trx, policy, now);
    const row: WelfareDecisionTable = {
      id: randomUUID(),
      community_id: household.communityId,
      household_id: household.householdId,
      policy_id: policy.id,
      policy_version: policy.version,
      policy_hash: hash,
      decided_for: date,
      outcome: decision.outcome,
      amount_fen: decision.amount === null ? null : Math.round(decision.amount * 100),
      parameters: JSON.stringify(decision.parameters),
      facts_id: factsId,
      facts_used: JSON.stringify(decision.factsUsed),
      conditions: JSON.stringify(decision.conditions),
      missing_facts: JSON.stringify(decision.missingFacts),
      hardship: marked,
      created_by_user_id: ctx.actor.user.id,
      created_at: now.toISOString(),
      fact_origins: JSON.stringify(originsUsed(origins, decision.factsUsed)),
    };
    await insertDecision(trx, row);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'welfare.decision.made',
        targetType: 'welfare_decision',
        targetId: row.id,
        communityId: household.communityId,
        fieldClass: 'finance',
        detail: { policyId: policy.id, outcome: decision.outcome },
      }),
    ]);
    return row;
  });
}

/** A kept decision as the rules gave it, read back from its row. */
export function decisionOf(row: WelfareDecisionTable): Decision {
  return {
    policyId: row.policy_id,
    policyVersion: row.policy_version,
    date: row.decided_for,
    parameters: JSON.parse(row.parameters),
    outcome: row.outcome,
    missingFacts: JSON.parse(row.missing_facts),
    amount: row.amount_fen === null ? null : row.amount_fen / 100,
    conditions: JSON.parse(row.conditions),
    factsUsed: JSON.parse(row.facts_used),
  };
}

/**
 * Decisions for the caller: explained again from the policy version they were made under, in both
 * languages; health facts withheld from roles that may not see them.
 */
export async function presentDecisions(
  ctx: AccessContext,
  rows: readonly WelfareDecisionTable[],
  lang: Language,
): Promise<TDecision[]> {
  const households = await householdsById(
    ctx.db,
    rows.map((r) => r.household_id),
  );
  const users = await userNames(
    ctx.db,
    rows.map((r) => r.created_by_user_id),
  );
  const seesHealth = ctx.actor.scope.fieldClasses.has('health');
  const versions = new Map<string, Policy>();
  const out: TDecision[] = [];
  for (const row of rows) {
    let policy = versions.get(row.policy_hash);
    if (!policy) {
      policy = await policyVersion(ctx.db, row.policy_hash);
      versions.set(row.policy_hash, policy);
    }
    const decision = decisionOf(row);
    const conditions = new Map(conditionsOf(policy).map((c) => [c.id, c]));
    const other: Language = lang === 'en' ? 'zh-CN' : 'en';
    const household = households.get(row.household_id);
    if (!household) throw new Error(`decision ${row.id} names a household that does not exist`);
    const { facts } = visibleFacts(decision.factsUsed, seesHealth);
    const origins = visibleOrigins(JSON.parse(row.fact_origins ?? '[]') as FactOrigin[], seesHealth, lang);
    const withheld = seesHealth ? new Set<string>() : conditionsTesting(policy, HEALTH_FACTS);
    out.push({
      id: row.id,
      household: { householdId: household.householdId, address: household.address, name: household.name },
      policyId: row.policy_id,
      policyTitle: lang === 'en' ? policy.title.en : policy.title.zh,
      policyVersion: row.policy_version,
      date: row.decided_for,
      outcome: decision.outcome,
      missingFacts: decision.missingFacts,
      amountFen: row.amount_fen,
      parameters: decision.parameters,
      conditions: decision.conditions
        .filter((c) => !withheld.has(c.id))
        .map((c) => ({
          id: c.id,
          label: labelOf(conditions.get(c.id)?.label, lang) ?? c.id,
          passed: c.passed,
          value: c.value,
          threshold: c.threshold,
          exception: c.exception ?? null,
        })),
      factsUsed: facts,
      factOrigins: origins.origins,
      hardship: row.hardship,
      explanation: { ...explain(policy, decision, lang, withheld), sources: origins.lines },
      explanationOther: { ...explain(policy, decision, other, withheld), sources: origins.linesOther },
      proposeEmergencyAid: decision.outcome === 'not_eligible' && row.hardship !== null,
      createdAt: row.created_at,
      createdBy: users.get(row.created_by_user_id) ?? '',
    });
  }
  return out;
}

export function labelOf(label: { zh: string; en: string } | undefined, lang: Language): string | undefined {
  return label && (lang === 'en' ? label.en : label.zh);
}

export async function evaluateHousehold(
  ctx: AccessContext,
  householdId: string,
  input: { policyId: string; date?: string | null | undefined; hardship?: string | null | undefined },
  lang: Language,
): Promise<TDecision> {
  await requirePermission(ctx, 'welfare.write');
  const household = await householdOr404(ctx, householdId);
  const policy = policyOrFail(input.policyId);
  const row = await keepDecision(
    ctx,
    household,
    policy,
    input.date ?? localDate(ctx.clock()),
    input.hardship ?? null,
  );
  const [decision] = await presentDecisions(ctx, [row], lang);
  return decision as TDecision;
}

export async function listDecisions(ctx: AccessContext, householdId: string, lang: Language) {
  await requirePermission(ctx, 'welfare.read');
  const household = await householdOr404(ctx, householdId);
  const rows = await decisionsOfHousehold(ctx.db, household.householdId);
  await recordReads(
    ctx,
    rows.map((r) => welfareRead(ctx, { type: 'welfare_decision', id: r.id, communityId: r.community_id })),
  );
  return { decisions: await presentDecisions(ctx, rows, lang) };
}

/** A decision the caller may see: its household must be in their scope. */
export async function decisionOr404(ctx: AccessContext, id: string): Promise<WelfareDecisionTable> {
  const row = await findDecision(ctx.db, id);
  if (row && (await householdInScopeById(ctx.db, ctx.actor.scope, row.household_id))) return row;
  return denyNotFound(ctx, new AppError('welfare.decision_not_found'), { type: 'welfare_decision', id });
}

export async function getDecision(ctx: AccessContext, id: string, lang: Language): Promise<TDecision> {
  await requirePermission(ctx, 'welfare.read');
  const row = await decisionOr404(ctx, id);
  await recordReads(ctx, [
    welfareRead(ctx, { type: 'welfare_decision', id: row.id, communityId: row.community_id }),
  ]);
  const [decision] = await presentDecisions(ctx, [row], lang);
  return decision as TDecision;
}

/**
 * "Why my neighbour and not me": the neighbour is evaluated on the same date under the same policy
 * version, and only which published conditions each passed is compared. The neighbour's own values,
 * amount and facts never leave this function; what is public about them is what their notice showed.
 */
export async function compareDecision(ctx: AccessContext, id: string, neighbourId: string, lang: Language) {
  await requirePermission(ctx, 'welfare.write');
  const row = await decisionOr404(ctx, id);
  const neighbour = await householdOr404(ctx, neighbourId);
  const policy = await policyVersion(ctx.db, row.policy_hash);
  const { facts } = await factsForRules(ctx, neighbour, row.decided_for);
  const extras = await approvedExtras(ctx.db, neighbour.communityId, policy.id);
  const theirs = evaluate(policy, facts, row.decided_for, extras);
  const comparison = compareWithNeighbour(policy, decisionOf(row), theirs, lang);
  await recordReads(ctx, [
    welfareRead(ctx, { type: 'welfare_decision', id: row.id, communityId: row.community_id }),
    welfareRead(
      ctx,
      { type: 'household_welfare_facts', id: neighbour.householdId, communityId: neighbour.communityId },
      'neighbour comparison',
    ),
  ]);
  return {
    policyId: policy.id,
    lines: comparison.lines,
    conditions: comparison.conditions,
    neighbourPublic: await publicEntryOf(ctx.db, neighbour.householdId, policy.id),
  };
}
