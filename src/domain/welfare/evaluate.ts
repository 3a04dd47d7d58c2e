import {
  BASE_FACT_KEYS,
  type BaseFactKey,
  baseFactsOf,
  FACT_KEYS,
  type FactKey,
  factValue,
  type HouseholdFacts,
  missingFor,
} from './facts';
import {
  type Condition,
  type Criteria,
  type Formula,
  isCondition,
  type ParameterValue,
  type Policy,
  parametersOn,
  referencesOf,
  type Test,
  type Threshold,
  type ThresholdRef,
} from './policy';

export type Outcome = 'eligible' | 'not_eligible' | 'needs_evidence';
type FactValue = number | boolean | string | null;

export interface ConditionResult {
  id: string;
  /** null: a fact it needs is not known yet. */
  passed: boolean | null;
  value: FactValue;
  threshold: number | boolean | null;
  /** The id of the exception that let a failed test pass. */
  exception?: string;
  /** The base facts still needed to decide this condition. */
  missing?: BaseFactKey[];
}

export interface Decision {
  policyId: string;
  policyVersion: number;
  date: string;
  parameters: Record<string, number>;
  outcome: Outcome;
  missingFacts: FactKey[];
  /** Yuan per month, or one-off when the policy's amount is paid once; null when none is due. */
  amount: number | null;
  conditions: ConditionResult[];
  /** Exactly the facts the policy reads, derived ones with the base facts they come from; unknown as null. */
  factsUsed: HouseholdFacts;
}

/** Money to the fen: amounts are shown, paid and compared at two decimals. */
export const round2 = (x: number) => Math.round(x * 100) / 100;

/** Three-valued logic: a missing fact makes a result unknown (null) unless the rest already decides it. */
export function allOf(results: readonly (boolean | null)[]): boolean | null {
  if (results.includes(false)) return false;
  return results.includes(null) ? null : true;
}

export function anyOf(results: readonly (boolean | null)[]): boolean | null {
  if (results.includes(true)) return true;
  return results.includes(null) ? null : false;
}

/** The plain reference a threshold resolves to for these facts (a fact-chosen threshold picks its case). */
export function chosenRef(threshold: Threshold, facts: HouseholdFacts): ThresholdRef | null {
  if (!('byFact' in threshold)) return threshold;
  const by = factValue(facts, threshold.byFact);
  if (typeof by !== 'number') return null;
  return threshold.cases.find((c) => by <= c.atMost)?.use ?? threshold.otherwise;
}

export function refValue(ref: ThresholdRef, parameters: Record<string, number>): number {
  if ('value' in ref) return ref.value;
  const base = parameters[ref.parameter] as number;
  if (ref.factor === undefined) return base;
  return base * (typeof ref.factor === 'number' ? ref.factor : (parameters[ref.factor.parameter] as number));
}

interface TestResult {
  passed: boolean | null;
  value: FactValue;
  threshold: number | boolean | null;
  missing: BaseFactKey[];
}

export function compare(op: '<' | '<=' | '>' | '>=' | '==', value: number, threshold: number): boolean {
  switch (op) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '==':
      return value === threshold;
  }
}

function runTest(test: Test, facts: HouseholdFacts, parameters: Record<string, number>): TestResult {
  const value = factValue(facts, test.fact);
  const missing = value === null ? missingFor(facts, test.fact) : [];
  switch (test.op) {
    case 'isTrue':
    case 'isFalse': {
      const wanted = test.op === 'isTrue';
      return { passed: value === null ? null : value === wanted, value, threshold: wanted, missing };
    }
    case 'oneOf':
      return {
        passed: value === null ? null : test.values.includes(value as string),
        value,
        threshold: null,
        missing,
      };
    default: {
      const ref = chosenRef(test.threshold, facts);
      if (ref === null && 'byFact' in test.threshold)
        missing.push(...missingFor(facts, test.threshold.byFact));
      const threshold = ref === null ? null : refValue(ref, parameters);
      const passed =
        value === null || threshold === null ? null : compare(test.op, value as number, threshold);
      return { passed, value, threshold, missing: [...new Set(missing)] };
    }
  }
}

function runCondition(
  condition: Condition,
  facts: HouseholdFacts,
  parameters: Record<string, number>,
): ConditionResult {
  const base = runTest(condition, facts, parameters);
  const result: ConditionResult = {
    id: condition.id,
    passed: base.passed,
    value: base.value,
    threshold: base.threshold,
  };
  if (base.passed === false && condition.exceptions) {
    const missing = new Set<BaseFactKey>();
    for (const exception of condition.exceptions) {
      const tests = exception.when.map((t) => runTest(t, facts, parameters));
      const applies = allOf(tests.map((t) => t.passed));
      if (applies === true) return { ...result, passed: true, exception: exception.id };
      if (applies === null) for (const t of tests) for (const m of t.missing) missing.add(m);
    }
    // An exception that might apply, for want of a fact, leaves the condition undecided, not failed.
    if (missing.size > 0) return { ...result, passed: null, missing: [...missing] };
  }
  return base.missing.length > 0 ? { ...result, missing: base.missing } : result;
}

function decide(node: Criteria, byId: Map<string, ConditionResult>): boolean | null {
  if (isCondition(node)) return byId.get(node.id)?.passed ?? null;
  return 'all' in node
    ? allOf(node.all.map((n) => decide(n, byId)))
    : anyOf(node.any.map((n) => decide(n, byId)));
}

/** A formula's value, or the base facts it lacks. Folds run left to right, as the batch engine's do. */
export function formulaValue(
  formula: Formula,
  facts: HouseholdFacts,
  parameters: Record<string, number>,
): { value: number } | { missing: BaseFactKey[] } {
  if (typeof formula === 'number') return { value: formula };
  if ('parameter' in formula) return { value: parameters[formula.parameter] as number };
  if ('fact' in formula) {
    const value = factValue(facts, formula.fact);
    return typeof value === 'number' ? { value } : { missing: missingFor(facts, formula.fact) };
  }
  const [op, parts] = Object.entries(formula)[0] as [string, Formula[]];
  const values: number[] = [];
  for (const part of parts) {
    const v = formulaValue(part, facts, parameters);
    if ('missing' in v) return v;
    values.push(v.value);
  }
  return { value: values.reduce((a, b) => fold(op, a, b)) };
}

export function fold(op: string, a: number, b: number): number {
  switch (op) {
    case 'add':
      return a + b;
    case 'subtract':
      return a - b;
    case 'multiply':
      return a * b;
    case 'max':
      return Math.max(a, b);
    case 'min':
      return Math.min(a, b);
    default:
      throw new Error(`unknown formula operation "${op}"`);
  }
}

/** The facts a decision records: those the policy reads, with what derived ones are computed from. */
function snapshot(policy: Policy, facts: HouseholdFacts): HouseholdFacts {
  const read = new Set<FactKey>();
  for (const key of referencesOf(policy).facts) {
    read.add(key);
    for (const base of baseFactsOf(key)) read.add(base);
  }
  const out: HouseholdFacts = {};
  for (const key of FACT_KEYS) if (read.has(key)) out[key] = factValue(facts, key);
  return out;
}

const inCatalogueOrder = (keys: Iterable<BaseFactKey>): FactKey[] => {
  const set = new Set(keys);
  return BASE_FACT_KEYS.filter((k) => set.has(k));
};

/** One household under one policy on one date: the outcome, the amount, and why, condition by condition. */
export function evaluate(
  policy: Policy,
  facts: HouseholdFacts,
  date: string,
  extra: readonly ParameterValue[] = [],
): Decision {
  const parameters = parametersOn(policy, date, extra);
  const conditions: ConditionResult[] = [];
  const walk = (node: Criteria): void => {
    if (isCondition(node)) conditions.push(runCondition(node, facts, parameters));
    else for (const child of 'all' in node ? node.all : node.any) walk(child);
  };
  walk(policy.criteria);
  const missing = new Set(conditions.flatMap((c) => c.missing ?? []));
  const passed = decide(policy.criteria, new Map(conditions.map((c) => [c.id, c])));
  let outcome: Outcome = passed === true ? 'eligible' : passed === false ? 'not_eligible' : 'needs_evidence';
  let amount: number | null = null;
  if (outcome === 'eligible' && policy.amount) {
    const value = formulaValue(policy.amount.formula, facts, parameters);
    if ('missing' in value) {
      outcome = 'needs_evidence';
      for (const m of value.missing) missing.add(m);
    } else amount = round2(value.value);
  }
  return {
    policyId: policy.id,
    policyVersion: policy.version,
    date,
    parameters,
    outcome,
    missingFacts: inCatalogueOrder(missing),
    amount,
    conditions,
    factsUsed: snapshot(policy, facts),
  };
}
