import { compare, fold, type Outcome, refValue, round2 } from './evaluate';
import {
  BASE_FACT_KEYS,
  BASE_FACTS,
  type BaseFactKey,
  baseValue,
  type FactDefinition,
  type FactKey,
  type HouseholdFacts,
  isDerived,
} from './facts';
import {
  type Condition,
  type Criteria,
  type Formula,
  isCondition,
  type ParameterValue,
  type Policy,
  parametersOn,
  type Test,
  type ThresholdByFact,
} from './policy';

/**
 * The whole community at once. Facts are columns (one Float64Array per fact, NaN = not known; booleans
 * 0/1; enums the index of the value in the catalogue), each policy is compiled once for a date into
 * loops over those columns, and every condition's result is kept as a Uint8Array. Results equal
 * `evaluate` household by household (a property test holds them to it).
 */

/** Outcome codes: `OUTCOMES[code]`. */
export const OUTCOMES: readonly Outcome[] = ['not_eligible', 'eligible', 'needs_evidence'];
export const OUTCOME_CODE: Readonly<Record<Outcome, number>> = {
  not_eligible: 0,
  eligible: 1,
  needs_evidence: 2,
};

/** Per-condition codes; a code is a pass exactly when it is odd. */
export const CONDITION_CODE = { failed: 0, passed: 1, unknown: 2, excepted: 3 } as const;

export interface HouseholdColumns {
  count: number;
  /** A fact without a column is unknown for every household. */
  facts: Partial<Record<BaseFactKey, Float64Array>>;
}

export interface BatchResult {
  policyId: string;
  policyVersion: number;
  date: string;
  parameters: Record<string, number>;
  outcomes: Uint8Array;
  /** NaN where no amount is due. */
  amounts: Float64Array;
  conditions: Record<string, Uint8Array>;
}

function encode(definition: FactDefinition, value: number | boolean | string | null): number {
  if (value === null) return Number.NaN;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return definition.values?.indexOf(value) ?? Number.NaN;
  return value;
}

/** Records to columns, with the same checks `evaluate` applies (a wrongly typed value is unknown). */
export function toColumns(households: Iterable<HouseholdFacts>): HouseholdColumns {
  const rows = Array.isArray(households) ? (households as HouseholdFacts[]) : [...households];
  const facts: HouseholdColumns['facts'] = {};
  for (const key of BASE_FACT_KEYS) {
    const column = new Float64Array(rows.length);
    const definition: FactDefinition = BASE_FACTS[key];
    for (let i = 0; i < rows.length; i++)
      column[i] = encode(definition, baseValue(rows[i] as HouseholdFacts, key));
    facts[key] = column;
  }
  return { count: rows.length, facts };
}

/** Columns by fact, derived ones computed once per batch and shared by every policy. */
class FactSource {
  private readonly cache = new Map<FactKey, Float64Array>();
  constructor(private readonly households: HouseholdColumns) {}

  get count(): number {
    return this.households.count;
  }

  get(key: FactKey): Float64Array {
    let column = this.cache.get(key);
    if (!column) {
      column = isDerived(key)
        ? this.derive(key)
        : (this.households.facts[key] ?? new Float64Array(this.count).fill(Number.NaN));
      this.cache.set(key, column);
    }
    return column;
  }

  private derive(key: FactKey): Float64Array {
    const n = this.count;
    const out = new Float64Array(n);
    const members = this.get('members');
    const income = this.get('monthlyIncome');
    // A household of no one has no per-person figures (NaN), as in `factValue`.
    switch (key) {
      case 'yearlyIncome':
        for (let i = 0; i < n; i++) out[i] = (income[i] as number) * 12;
        break;
      case 'perCapitaMonthlyIncome':
        for (let i = 0; i < n; i++) {
          const m = members[i] as number;
          out[i] = m >= 1 ? (income[i] as number) / m : Number.NaN;
        }
        break;
      case 'perCapitaAssets': {
        const deposits = this.get('deposits');
        const securities = this.get('securities');
        for (let i = 0; i < n; i++) {
          const m = members[i] as number;
          out[i] = m >= 1 ? ((deposits[i] as number) + (securities[i] as number)) / m : Number.NaN;
        }
        break;
      }
      case 'perCapitaFloorArea': {
        const area = this.get('floorArea');
        for (let i = 0; i < n; i++) {
          const m = members[i] as number;
          out[i] = m >= 1 ? (area[i] as number) / m : Number.NaN;
        }
        break;
      }
    }
    return out;
  }
}

/** A fact-chosen threshold per household: the first case its fact fits, NaN when that fact is unknown. */
function thresholdColumn(
  threshold: ThresholdByFact,
  source: FactSource,
  parameters: Record<string, number>,
): Float64Array {
  const by = source.get(threshold.byFact);
  const limits = threshold.cases.map((c) => c.atMost);
  const values = threshold.cases.map((c) => refValue(c.use, parameters));
  const otherwise = refValue(threshold.otherwise, parameters);
  const out = new Float64Array(source.count);
  for (let i = 0; i < out.length; i++) {
    const v = by[i] as number;
    let t = Number.isNaN(v) ? Number.NaN : otherwise;
    for (let c = 0; c < limits.length; c++) {
      if (v <= (limits[c] as number)) {
        t = values[c] as number;
        break;
      }
    }
    out[i] = t;
  }
  return out;
}

type NumericOp = '<' | '<=' | '>' | '>=' | '==';

/**
 * One loop per operator against a fixed threshold, so each loop body stays monomorphic; an unknown
 * value (NaN) is code 2.
 */
function compareScalar(op: NumericOp, v: Float64Array, t: number, out: Uint8Array): void {
  const n = out.length;
  switch (op) {
    case '<':
      for (let i = 0; i < n; i++) {
        const a = v[i] as number;
        out[i] = +(a < t) | (+Number.isNaN(a) << 1);
      }
      break;
    case '<=':
      for (let i = 0; i < n; i++) {
        const a = v[i] as number;
        out[i] = +(a <= t) | (+Number.isNaN(a) << 1);
      }
      break;
    case '>':
      for (let i = 0; i < n; i++) {
        const a = v[i] as number;
        out[i] = +(a > t) | (+Number.isNaN(a) << 1);
      }
      break;
    case '>=':
      for (let i = 0; i < n; i++) {
        const a = v[i] as number;
        out[i] = +(a >= t) | (+Number.isNaN(a) << 1);
      }
      break;
    case '==':
      for (let i = 0; i < n; i++) {
        const a = v[i] as number;
        out[i] = +(a === t) | (+Number.isNaN(a) << 1);
      }
      break;
  }
}

/** Against a threshold per household (rare: fact-chosen thresholds), one general loop is enough. */
function compareColumn(op: NumericOp, v: Float64Array, t: Float64Array, out: Uint8Array): void {
  for (let i = 0; i < out.length; i++) {
    const a = v[i] as number;
    const b = t[i] as number;
    out[i] = Number.isNaN(a) || Number.isNaN(b) ? 2 : compare(op, a, b) ? 1 : 0;
  }
}

type ColumnTest = (source: FactSource) => Uint8Array;

function compileTest(test: Test, parameters: Record<string, number>): ColumnTest {
  switch (test.op) {
    case 'isTrue':
    case 'isFalse': {
      const wanted = test.op === 'isTrue' ? 1 : 0;
      return (source) => {
        const v = source.get(test.fact);
        const out = new Uint8Array(source.count);
        for (let i = 0; i < out.length; i++) {
          const a = v[i] as number;
          out[i] = +(a === wanted) | (+Number.isNaN(a) << 1);
        }
        return out;
      };
    }
    case 'oneOf': {
      const values = (BASE_FACTS[test.fact as BaseFactKey] as FactDefinition).values ?? [];
      const accepted = Uint8Array.from(values, (v) => (test.values.includes(v) ? 1 : 0));
      return (source) => {
        const v = source.get(test.fact);
        const out = new Uint8Array(source.count);
        for (let i = 0; i < out.length; i++) {
          const a = v[i] as number;
          out[i] = Number.isNaN(a) ? 2 : (accepted[a] ?? 0);
        }
        return out;
      };
    }
    default:
      return (source) => {
        const out = new Uint8Array(source.count);
        const values = source.get(test.fact);
        if ('byFact' in test.threshold) {
          compareColumn(test.op, values, thresholdColumn(test.threshold, source, parameters), out);
        } else compareScalar(test.op, values, refValue(test.threshold, parameters), out);
        return out;
      };
  }
}

/**
 * Three-valued AND / OR of code columns, in place into `into` (odd codes count as passes). The loops
 * here compute codes with arithmetic rather than branches: households come in no order, and a
 * mispredicted branch per household made a pass 2–3× slower.
 */
function andInto(into: Uint8Array, other: Uint8Array): void {
  for (let i = 0; i < into.length; i++) {
    const a = into[i] as number;
    const b = other[i] as number;
    const failed = +(a === 0) | +(b === 0);
    const unknown = +(a === 2) | +(b === 2);
    into[i] = (1 - failed) * (1 + unknown);
  }
}

function orInto(into: Uint8Array, other: Uint8Array): void {
  for (let i = 0; i < into.length; i++) {
    const a = into[i] as number;
    const b = other[i] as number;
    const passed = (a | b) & 1;
    const unknown = +(a === 2) | +(b === 2);
    into[i] = passed + 2 * unknown * (1 - passed);
  }
}

function compileCondition(condition: Condition, parameters: Record<string, number>): ColumnTest {
  const base = compileTest(condition, parameters);
  const exceptions = (condition.exceptions ?? []).map((e) => e.when.map((t) => compileTest(t, parameters)));
  if (exceptions.length === 0) return base;
  return (source) => {
    const out = base(source);
    // Exceptions are alternatives: one that applies is enough (three-valued OR of each one's AND).
    let applies: Uint8Array | undefined;
    for (const tests of exceptions) {
      const all = (tests[0] as ColumnTest)(source);
      for (const test of tests.slice(1)) andInto(all, test(source));
      if (applies) orInto(applies, all);
      else applies = all;
    }
    const a = applies as Uint8Array;
    for (let i = 0; i < out.length; i++) {
      const base = out[i] as number;
      const exception = a[i] as number;
      out[i] = base + +(base === 0) * (exception + 2 * +(exception === 1));
    }
    return out;
  };
}

/**
 * The amount for the households at `rows` only (those found eligible), folded left to right like
 * `formulaValue`; an unknown fact is NaN and NaN carries through every operation.
 */
function formulaOver(
  formula: Formula,
  source: FactSource,
  parameters: Record<string, number>,
  rows: Uint32Array,
): Float64Array | number {
  if (typeof formula === 'number') return formula;
  if ('parameter' in formula) return parameters[formula.parameter] as number;
  if ('fact' in formula) {
    const column = source.get(formula.fact);
    return Float64Array.from(rows, (row) => column[row] as number);
  }
  const [op, parts] = Object.entries(formula)[0] as [string, Formula[]];
  return parts
    .map((part) => formulaOver(part, source, parameters, rows))
    .reduce((a, b) => {
      if (typeof a === 'number' && typeof b === 'number') return fold(op, a, b);
      const out = new Float64Array(rows.length);
      for (let k = 0; k < out.length; k++) {
        out[k] = fold(
          op,
          typeof a === 'number' ? a : (a[k] as number),
          typeof b === 'number' ? b : (b[k] as number),
        );
      }
      return out;
    });
}

export interface CompiledPolicy {
  policy: Policy;
  date: string;
  parameters: Record<string, number>;
  run(households: HouseholdColumns | FactSource): BatchResult;
}

/** Compiles a policy for one date: parameters are fixed now, so the loops read only the fact columns. */
export function compilePolicy(
  policy: Policy,
  date: string,
  extra: readonly ParameterValue[] = [],
): CompiledPolicy {
  const parameters = parametersOn(policy, date, extra);
  const conditions: Array<{ id: string; run: ColumnTest }> = [];
  const tree = (node: Criteria): ((results: Map<string, Uint8Array>) => Uint8Array) => {
    if (isCondition(node)) {
      conditions.push({ id: node.id, run: compileCondition(node, parameters) });
      return (results) => (results.get(node.id) as Uint8Array).slice();
    }
    const all = 'all' in node;
    const children = (all ? node.all : node.any).map(tree);
    return (results) => {
      const out = (children[0] as (r: Map<string, Uint8Array>) => Uint8Array)(results);
      for (const child of children.slice(1)) (all ? andInto : orInto)(out, child(results));
      return out;
    };
  };
  const decide = tree(policy.criteria);
  return {
    policy,
    date,
    parameters,
    run(households) {
      const source = households instanceof FactSource ? households : new FactSource(households);
      const results = new Map(conditions.map((c) => [c.id, c.run(source)]));
      const outcomes = decide(results);
      const amounts = new Float64Array(source.count).fill(Number.NaN);
      let eligible = 0;
      for (let i = 0; i < outcomes.length; i++) {
        const code = outcomes[i] as number;
        const outcome = code - 2 * +(code === 3);
        outcomes[i] = outcome;
        eligible += +(outcome === 1);
      }
      if (policy.amount && eligible > 0) {
        const rows = new Uint32Array(eligible);
        for (let i = 0, k = 0; i < outcomes.length; i++) if (outcomes[i] === 1) rows[k++] = i;
        const values = formulaOver(policy.amount.formula, source, parameters, rows);
        for (let k = 0; k < rows.length; k++) {
          const value = typeof values === 'number' ? values : (values[k] as number);
          const row = rows[k] as number;
          if (Number.isNaN(value)) outcomes[row] = 2;
          else amounts[row] = round2(value);
        }
      }
      return {
        policyId: policy.id,
        policyVersion: policy.version,
        date,
        parameters,
        outcomes,
        amounts,
        conditions: Object.fromEntries(results),
      };
    },
  };
}

/**
 * Every household under every policy on `date`. `extra` holds parameter values kept outside the files,
 * by policy id (e.g. next July's standard, to see who a change would move).
 */
export function evaluateBatch(
  policies: readonly Policy[],
  households: HouseholdColumns | Iterable<HouseholdFacts>,
  date: string,
  extra: Readonly<Record<string, readonly ParameterValue[]>> = {},
): BatchResult[] {
  const columns =
    'facts' in households && 'count' in households
      ? (households as HouseholdColumns)
      : toColumns(households as Iterable<HouseholdFacts>);
  const source = new FactSource(columns);
  return policies.map((policy) => compilePolicy(policy, date, extra[policy.id] ?? []).run(source));
}
