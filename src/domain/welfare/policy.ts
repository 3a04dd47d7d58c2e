import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { FACTS, type FactKey, isFactKey } from './facts';

/**
 * A welfare policy as a data file (`policies/<id>.yaml`): parameters with dated values, criteria as a
 * tree of named conditions with labelled exceptions, and the amount as a structured formula. Nothing in
 * a policy is evaluated as code.
 */

const ZBilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const ZId = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/, 'letters, digits, - and _');
const ZFact = z
  .string()
  .refine(isFactKey, 'not in the facts catalogue')
  .transform((key) => key as FactKey);

export const UNITS = [
  'yuan_per_person_month',
  'yuan',
  'yuan_per_year',
  'm2',
  'count',
  'age',
  'months',
] as const;

const ZParameter = z
  .object({
    label: ZBilingual,
    unit: z.enum(UNITS),
    values: z.array(z.object({ from: ZDate, value: z.number().finite() }).strict()).min(1),
  })
  .strict();

/** A threshold a community can read: a literal, or a parameter, optionally times a factor. */
const ZThresholdRef = z.union([
  z.object({ value: z.number().finite() }).strict(),
  z
    .object({
      parameter: ZId,
      factor: z.union([z.number().positive(), z.object({ parameter: ZId }).strict()]).optional(),
    })
    .strict(),
]);

/** A threshold chosen by a fact, e.g. the income limit by household size: the first case the fact fits. */
const ZThresholdByFact = z
  .object({
    byFact: ZFact,
    cases: z.array(z.object({ atMost: z.number().finite(), use: ZThresholdRef }).strict()).min(1),
    otherwise: ZThresholdRef,
  })
  .strict();

const ZThreshold = z.union([ZThresholdRef, ZThresholdByFact]);

const ZNumericTest = z
  .object({ fact: ZFact, op: z.enum(['<', '<=', '>', '>=', '==']), threshold: ZThreshold })
  .strict();
const ZBooleanTest = z.object({ fact: ZFact, op: z.enum(['isTrue', 'isFalse']) }).strict();
const ZEnumTest = z
  .object({ fact: ZFact, op: z.literal('oneOf'), values: z.array(z.string()).min(1) })
  .strict();
const ZTest = z.discriminatedUnion('op', [ZNumericTest, ZBooleanTest, ZEnumTest]);

const ZException = z.object({ id: ZId, label: ZBilingual, when: z.array(ZTest).min(1) }).strict();

const conditionFields = { id: ZId, label: ZBilingual, exceptions: z.array(ZException).optional() };
const ZCondition = z.discriminatedUnion('op', [
  ZNumericTest.extend(conditionFields),
  ZBooleanTest.extend(conditionFields),
  ZEnumTest.extend(conditionFields),
]);

export type Test = z.infer<typeof ZTest>;
export type Condition = z.infer<typeof ZCondition>;
export type ThresholdRef = z.infer<typeof ZThresholdRef>;
export type Threshold = z.infer<typeof ZThreshold>;
export type ThresholdByFact = z.infer<typeof ZThresholdByFact>;
export type Criteria = Condition | { all: Criteria[] } | { any: Criteria[] };

const ZCriteria: z.ZodType<Criteria> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(ZCriteria).min(1) }).strict(),
    z.object({ any: z.array(ZCriteria).min(1) }).strict(),
    ZCondition,
  ]),
);

/** The amount as arithmetic over parameters and facts; `round2` is applied to the result by the engine. */
export type Formula =
  | number
  | { parameter: string }
  | { fact: FactKey }
  | { add: Formula[] }
  | { subtract: [Formula, Formula] }
  | { multiply: Formula[] }
  | { max: Formula[] }
  | { min: Formula[] };

const ZFormula: z.ZodType<Formula> = z.lazy(() =>
  z.union([
    z.number().finite(),
    z.object({ parameter: ZId }).strict(),
    z.object({ fact: ZFact }).strict(),
    z.object({ add: z.array(ZFormula).min(1) }).strict(),
    z.object({ subtract: z.tuple([ZFormula, ZFormula]) }).strict(),
    z.object({ multiply: z.array(ZFormula).min(1) }).strict(),
    z.object({ max: z.array(ZFormula).min(1) }).strict(),
    z.object({ min: z.array(ZFormula).min(1) }).strict(),
  ]),
);

export const ZPolicy = z
  .object({
    id: ZId,
    version: z.number().int().positive(),
    title: ZBilingual,
    document: z.string().min(1),
    summary: ZBilingual,
    parameters: z.record(ZId, ZParameter),
    criteria: ZCriteria,
    amount: z
      .object({ per: z.enum(['month', 'once']), formula: ZFormula, label: ZBilingual })
      .strict()
      .optional(),
  })
  .strict();

export type Policy = z.infer<typeof ZPolicy>;

export const isCondition = (node: Criteria): node is Condition => 'id' in node;

/** Every condition of the tree, in the order written. */
export function conditionsOf(policy: Policy): Condition[] {
  const out: Condition[] = [];
  const walk = (node: Criteria): void => {
    if (isCondition(node)) out.push(node);
    else for (const child of 'all' in node ? node.all : node.any) walk(child);
  };
  walk(policy.criteria);
  return out;
}

function refsOfThreshold(threshold: Threshold, parameters: string[], facts: FactKey[]): void {
  const ref = (r: ThresholdRef) => {
    if ('parameter' in r) {
      parameters.push(r.parameter);
      if (typeof r.factor === 'object') parameters.push(r.factor.parameter);
    }
  };
  if ('byFact' in threshold) {
    facts.push(threshold.byFact);
    for (const c of threshold.cases) ref(c.use);
    ref(threshold.otherwise);
  } else ref(threshold);
}

function refsOfFormula(formula: Formula, parameters: string[], facts: FactKey[]): void {
  if (typeof formula === 'number') return;
  if ('parameter' in formula) parameters.push(formula.parameter);
  else if ('fact' in formula) facts.push(formula.fact);
  else for (const part of Object.values(formula)[0] as Formula[]) refsOfFormula(part, parameters, facts);
}

/** The parameters and facts a policy refers to, anywhere in it. */
export function referencesOf(policy: Policy): { parameters: string[]; facts: FactKey[] } {
  const parameters: string[] = [];
  const facts: FactKey[] = [];
  for (const condition of conditionsOf(policy)) {
    for (const test of [condition, ...(condition.exceptions ?? []).flatMap((e) => e.when)]) {
      facts.push(test.fact);
      if ('threshold' in test) refsOfThreshold(test.threshold, parameters, facts);
    }
  }
  if (policy.amount) refsOfFormula(policy.amount.formula, parameters, facts);
  return { parameters: [...new Set(parameters)], facts: [...new Set(facts)] };
}

/**
 * The conditions that test any of `facts`, themselves or through an exception: what a reader who may
 * not see those facts must not see either, since a condition's result or its exception tells the fact.
 */
export function conditionsTesting(policy: Policy, facts: readonly string[]): Set<string> {
  const ids = new Set<string>();
  for (const condition of conditionsOf(policy)) {
    const tests = [condition, ...(condition.exceptions ?? []).flatMap((e) => e.when)];
    if (tests.some((t) => facts.includes(t.fact))) ids.add(condition.id);
  }
  return ids;
}

/** What zod cannot see: references that resolve, unique ids, operators that fit the fact's type. */
function problemsOf(policy: Policy): string[] {
  const problems: string[] = [];
  const { parameters } = referencesOf(policy);
  for (const name of parameters) {
    if (!Object.hasOwn(policy.parameters, name)) problems.push(`parameter "${name}" is not declared`);
  }
  for (const [name, parameter] of Object.entries(policy.parameters)) {
    const dates = parameter.values.map((v) => v.from);
    if (dates.some((d, i) => i > 0 && d <= (dates[i - 1] as string))) {
      problems.push(`parameter "${name}": dates must rise strictly`);
    }
  }
  const ids = new Set<string>();
  for (const condition of conditionsOf(policy)) {
    if (ids.has(condition.id)) problems.push(`condition id "${condition.id}" is used twice`);
    ids.add(condition.id);
    for (const test of [condition, ...(condition.exceptions ?? []).flatMap((e) => e.when)]) {
      const definition = FACTS[test.fact];
      const numeric = definition.type === 'number' || definition.type === 'integer';
      const fits =
        test.op === 'oneOf'
          ? definition.type === 'enum' && test.values.every((v) => definition.values?.includes(v))
          : test.op === 'isTrue' || test.op === 'isFalse'
            ? definition.type === 'boolean'
            : numeric;
      if (!fits) problems.push(`condition "${condition.id}": "${test.op}" does not fit fact "${test.fact}"`);
    }
  }
  return problems;
}

/** Parses and checks one policy's text; `source` names it in the error. */
export function parsePolicy(text: string, source: string): Policy {
  const result = ZPolicy.safeParse(parse(text));
  if (!result.success) {
    throw new Error(`${source}: not a valid welfare policy:\n${z.prettifyError(result.error)}`);
  }
  const problems = problemsOf(result.data);
  if (problems.length > 0)
    throw new Error(`${source}: not a valid welfare policy:\n  ${problems.join('\n  ')}`);
  return result.data;
}

export const DEFAULT_POLICY_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../policies',
);

/** Every `<id>.yaml` in `dir` (golden cases `*.cases.yaml` are skipped), checked; a bad file throws naming it. */
export function loadPolicies(dir: string = DEFAULT_POLICY_DIR): Policy[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.cases.yaml'))
    .sort();
  const policies = files.map((f) => {
    const file = path.join(dir, f);
    const policy = parsePolicy(fs.readFileSync(file, 'utf8'), file);
    if (`${policy.id}.yaml` !== f)
      throw new Error(`${file}: the policy id "${policy.id}" must match its file name`);
    return policy;
  });
  return policies;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of the policy's canonical content: formatting and comments in the file do not change it. */
export function policyHash(policy: Policy): string {
  return createHash('sha256').update(canonicalJson(policy)).digest('hex');
}

export interface ParameterValue {
  parameter: string;
  from: string;
  value: number;
}

/**
 * Each parameter's value on `date`: the latest value dated on or before it. `extra` adds values kept
 * outside the file (edited by workers, approved, dated); on the same date an extra value wins.
 */
export function parametersOn(
  policy: Policy,
  date: string,
  extra: readonly ParameterValue[] = [],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, parameter] of Object.entries(policy.parameters)) {
    let best: { from: string; value: number } | undefined;
    for (const v of [...parameter.values, ...extra.filter((e) => e.parameter === name)]) {
      if (v.from <= date && (!best || v.from >= best.from)) best = v;
    }
    if (!best) throw new Error(`policy ${policy.id}: parameter "${name}" has no value on ${date}`);
    out[name] = best.value;
  }
  return out;
}
