import { type Decision, evaluate } from '../../domain/welfare/evaluate';
import {
  conditionsOf,
  conditionsTesting,
  type ParameterValue,
  type Policy,
} from '../../domain/welfare/policy';
import type { FactOrigin } from '../../domain/welfare/register';
import type { TParameterChange } from '../../shared/contracts/welfare';
import type { Language } from '../../shared/errors';
import { type AccessContext, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import { applicationsInScope } from './applications.repository';
import { labelOf, recordReads, welfareRead } from './decisions.usecases';
import { HEALTH_FACTS } from './facts';
import { latestFactsOfCommunity, receivingHouseholds } from './facts.repository';
import { householdsOfCommunity, type WelfareHousehold } from './households.repository';
import { knownFacts } from './known';
import { changeOr404, presentChanges } from './parameters.usecases';
import { approvedExtras, policyOrFail } from './policies';

/** The policy whose roster answers the `receivesDibao` fact. */
const DIBAO = 'dibao';
const HOLIDAY_VISITS = 'holiday-visits';

interface Evaluated {
  household: WelfareHousehold;
  decision: Decision;
  origins: FactOrigin[];
  receiving: boolean;
  receivingFen: number | null;
}

/**
 * Every household of a community that welfare knows anything of — typed facts or people in the register —
 * evaluated under one policy on one date. Households with neither are counted, not judged: the lists say
 * how many are still unknown.
 */
async function evaluateCommunity(
  ctx: AccessContext,
  communityId: string,
  policy: Policy,
  date: string,
  extras: readonly ParameterValue[],
): Promise<{ evaluated: Evaluated[]; noFacts: number }> {
  const households = await householdsOfCommunity(ctx.db, communityId);
  const typed = await latestFactsOfCommunity(ctx.db, communityId);
  const known = await knownFacts(
    ctx.db,
    households.map((h) => h.householdId),
    typed,
    date,
  );
  const today = localDate(ctx.clock());
  const receiving = await receivingHouseholds(ctx.db, communityId, policy.id, today);
  const dibao =
    policy.id === DIBAO ? receiving : await receivingHouseholds(ctx.db, communityId, DIBAO, today);
  const evaluated: Evaluated[] = [];
  let noFacts = 0;
  for (const household of households) {
    const facts = known.get(household.householdId);
    if (!facts?.anything) {
      noFacts++;
      continue;
    }
    evaluated.push({
      household,
      decision: evaluate(
        policy,
        { ...facts.facts, receivesDibao: dibao.has(household.householdId) },
        date,
        extras,
      ),
      origins: facts.origins,
      receiving: receiving.has(household.householdId),
      receivingFen: receiving.get(household.householdId) ?? null,
    });
  }
  return { evaluated, noFacts };
}

function ref(h: WelfareHousehold) {
  return { householdId: h.householdId, address: h.address, name: h.name };
}

/** Conditions about health, left out of the reasons shown to a reader without the health class. */
function withheldFrom(ctx: AccessContext, policy: Policy): ReadonlySet<string> {
  return ctx.actor.scope.fieldClasses.has('health') ? new Set() : conditionsTesting(policy, HEALTH_FACTS);
}

function failedLabels(policy: Policy, decision: Decision, lang: Language, withheld: ReadonlySet<string>) {
  const byId = new Map(conditionsOf(policy).map((c) => [c.id, c]));
  const shown = decision.conditions
    .filter((c) => c.passed === false && !withheld.has(c.id))
    .map((c) => labelOf(byId.get(c.id)?.label, lang) ?? c.id)
    .map((label) => (lang === 'en' ? `Not met: ${label}` : `不符合：${label}`));
  return shown.length > 0 ? shown : [healthOnly(lang)];
}

/** The conditions passed, each saying where its fact's value came from when the register gave it. */
function passedLabels(
  policy: Policy,
  e: Pick<Evaluated, 'decision' | 'origins'>,
  lang: Language,
  withheld: ReadonlySet<string>,
) {
  const byId = new Map(conditionsOf(policy).map((c) => [c.id, c]));
  const origin = new Map(e.origins.map((o) => [o.fact, o]));
  const shown = e.decision.conditions
    .filter((c) => c.passed === true && !withheld.has(c.id))
    .map((c) => {
      const condition = byId.get(c.id);
      const label = labelOf(condition?.label, lang) ?? c.id;
      const from = condition ? origin.get(condition.fact) : undefined;
      if (from?.source !== 'register') return label;
      const conflict = from.conflict
        ? lang === 'en'
          ? '; the typed value disagrees'
          : '，与录入不一致'
        : '';
      return lang === 'en'
        ? `${label} (household register, read ${from.readOn}${conflict})`
        : `${label}（户籍登记，${from.readOn} 读取${conflict}）`;
    });
  return shown.length > 0 ? shown : [healthOnly(lang)];
}

/** The reason given when every reason concerns health and the reader may not see it. */
function healthOnly(lang: Language): string {
  return lang === 'en'
    ? 'A condition about health (only community workers and the committee see which)'
    : '一项涉及健康情况的条件（只有社区工作人员和党委能看到）';
}

/** A household's welfare facts were read to put it on a list. */
function factsRead(ctx: AccessContext, household: WelfareHousehold, purpose: string) {
  return welfareRead(
    ctx,
    { type: 'household_welfare_facts', id: household.householdId, communityId: household.communityId },
    purpose,
  );
}

const UNDERWAY_ORDER = ['filed', 'reviewed', 'on_notice'] as const;

const toFen = (amount: number | null) => (amount === null ? null : Math.round(amount * 100));

/** Outreach (qualify, receive nothing) and review (receive, no longer qualify) for the caller's communities. */
export async function welfareLists(
  ctx: AccessContext,
  query: { policyId: string; date?: string | undefined },
  lang: Language,
) {
  await requirePermission(ctx, 'welfare.read');
  const policy = policyOrFail(query.policyId);
  const withheld = withheldFrom(ctx, policy);
  const date = query.date ?? localDate(ctx.clock());
  const outreach = [];
  const review = [];
  const reads = [];
  let evaluatedCount = 0;
  let noFacts = 0;
  // Applications already under way: the outreach list says so rather than listing them as untouched.
  const underway = new Map<string, 'filed' | 'reviewed' | 'on_notice'>();
  for (const a of await applicationsInScope(ctx.db, ctx.actor.scope, { policyId: policy.id })) {
    if (a.status === 'filed' || a.status === 'reviewed' || a.status === 'on_notice') {
      const seen = underway.get(a.household_id);
      if (!seen || UNDERWAY_ORDER.indexOf(a.status) > UNDERWAY_ORDER.indexOf(seen)) {
        underway.set(a.household_id, a.status);
      }
    }
  }
  for (const communityId of ctx.actor.scope.communityIds) {
    const extras = await approvedExtras(ctx.db, communityId, policy.id);
    const result = await evaluateCommunity(ctx, communityId, policy, date, extras);
    evaluatedCount += result.evaluated.length;
    noFacts += result.noFacts;
    for (const e of result.evaluated) {
      if (e.decision.outcome === 'eligible' && !e.receiving) {
        reads.push(factsRead(ctx, e.household, `${policy.id} outreach`));
        outreach.push({
          household: ref(e.household),
          outcome: e.decision.outcome,
          amountFen: toFen(e.decision.amount),
          reasons: [
            lang === 'en' ? 'Meets every condition and receives nothing' : '各项条件都符合，但尚未享受',
          ],
          underway: underway.get(e.household.householdId) ?? null,
        });
      } else if (e.receiving && e.decision.outcome === 'not_eligible') {
        reads.push(factsRead(ctx, e.household, `${policy.id} review`));
        review.push({
          household: ref(e.household),
          outcome: e.decision.outcome,
          amountFen: e.receivingFen,
          reasons: failedLabels(policy, e.decision, lang, withheld),
          underway: null,
        });
      }
    }
  }
  await recordReads(ctx, reads);
  return { policyId: policy.id, date, evaluated: evaluatedCount, outreach, review, noFacts };
}

/** The holiday care visit list from the community's criteria, each name with the reasons it is on it. */
export async function holidayVisits(
  ctx: AccessContext,
  query: { date?: string | undefined },
  lang: Language,
) {
  await requirePermission(ctx, 'welfare.read');
  const policy = policyOrFail(HOLIDAY_VISITS);
  const withheld = withheldFrom(ctx, policy);
  const date = query.date ?? localDate(ctx.clock());
  const visits = [];
  const reads = [];
  let leftOut = 0;
  // Applications already under way: the outreach list says so rather than listing them as untouched.
  const underway = new Map<string, 'filed' | 'reviewed' | 'on_notice'>();
  for (const a of await applicationsInScope(ctx.db, ctx.actor.scope, { policyId: policy.id })) {
    if (a.status === 'filed' || a.status === 'reviewed' || a.status === 'on_notice') {
      const seen = underway.get(a.household_id);
      if (!seen || UNDERWAY_ORDER.indexOf(a.status) > UNDERWAY_ORDER.indexOf(seen)) {
        underway.set(a.household_id, a.status);
      }
    }
  }
  for (const communityId of ctx.actor.scope.communityIds) {
    const extras = await approvedExtras(ctx.db, communityId, policy.id);
    const { evaluated, noFacts } = await evaluateCommunity(ctx, communityId, policy, date, extras);
    leftOut += noFacts;
    for (const e of evaluated) {
      if (e.decision.outcome === 'eligible') {
        reads.push(factsRead(ctx, e.household, 'holiday visits'));
        visits.push({
          household: ref(e.household),
          reasons: passedLabels(policy, e, lang, withheld),
        });
      } else leftOut++;
    }
  }
  await recordReads(ctx, reads);
  return { date, visits, leftOut };
}

/**
 * What a proposed (or approved) parameter value would do on its date: every household evaluated with and
 * without it, and those whose outcome or amount changes listed with the reasons.
 */
export async function parameterEffect(ctx: AccessContext, changeId: string, lang: Language) {
  await requirePermission(ctx, 'welfare.read');
  const change = await changeOr404(ctx, changeId);
  const policy = policyOrFail(change.policy_id);
  const withheld = withheldFrom(ctx, policy);
  const others = (await approvedExtras(ctx.db, change.community_id, policy.id)).filter(
    (e) =>
      !(e.parameter === change.parameter && e.from === change.effective_from && e.value === change.value),
  );
  const withChange = [
    ...others,
    { parameter: change.parameter, from: change.effective_from, value: change.value },
  ];
  const before = await evaluateCommunity(ctx, change.community_id, policy, change.effective_from, others);
  const parameterLabel = labelOf(policy.parameters[change.parameter]?.label, lang) ?? change.parameter;
  const changeText =
    lang === 'en'
      ? `${parameterLabel} becomes ${change.value} from ${change.effective_from}`
      : `自 ${change.effective_from} 起${parameterLabel}为 ${change.value}`;
  const changes = [];
  const reads = [];
  for (const e of before.evaluated) {
    const after = evaluate(policy, e.decision.factsUsed, change.effective_from, withChange);
    if (after.outcome === e.decision.outcome && after.amount === e.decision.amount) continue;
    reads.push(factsRead(ctx, e.household, 'parameter effect'));
    changes.push({
      household: ref(e.household),
      before: { outcome: e.decision.outcome, amountFen: toFen(e.decision.amount) },
      after: { outcome: after.outcome, amountFen: toFen(after.amount) },
      reasons: after.outcome === 'not_eligible' ? failedLabels(policy, after, lang, withheld) : [changeText],
    });
  }
  await recordReads(ctx, reads);
  return {
    change: (await presentChanges(ctx, [change]))[0] as TParameterChange,
    evaluated: before.evaluated.length,
    changes,
  };
}
