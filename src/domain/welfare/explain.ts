import { type ConditionResult, chosenRef, type Decision } from './evaluate';
import { type BaseFactKey, FACTS, type FactKey } from './facts';
import { type Condition, conditionsOf, type Policy, type ThresholdRef } from './policy';
import type { FactOrigin } from './register';

/**
 * Plain words for a decision, short enough to read aloud: one sentence per condition, and the smallest
 * change that would turn each failed condition. Written from the rule tree, so a new policy file needs
 * no new text here.
 */

export type Lang = 'zh-CN' | 'en';
type L = 'zh' | 'en';
const key = (lang: Lang): L => (lang === 'en' ? 'en' : 'zh');

export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(value);
}

const quantity = (value: number, fact: FactKey, lang: Lang) => {
  const unit = FACTS[fact].unit[key(lang)];
  return unit ? `${formatNumber(value, lang)} ${unit}` : formatNumber(value, lang);
};

/** What the threshold is called: the parameter's label, with its factor; a literal is "the rule". */
function thresholdName(policy: Policy, ref: ThresholdRef | null, decision: Decision, lang: Lang): string {
  const l = key(lang);
  if (ref === null || 'value' in ref) return l === 'zh' ? '规定' : 'the rule';
  const label = policy.parameters[ref.parameter]?.label[l] ?? ref.parameter;
  if (ref.factor === undefined) return label;
  const factor =
    typeof ref.factor === 'number' ? ref.factor : (decision.parameters[ref.factor.parameter] ?? 0);
  return l === 'zh'
    ? `${label}的 ${formatNumber(factor, lang)} 倍`
    : `${formatNumber(factor, lang)} times ${label}`;
}

const factLabel = (fact: FactKey, lang: Lang) => FACTS[fact].label[key(lang)];
const yesNo = (value: boolean, lang: Lang) => (lang === 'en' ? (value ? 'yes' : 'no') : value ? '是' : '否');
const enumLabel = (fact: FactKey, value: string, lang: Lang) =>
  FACTS[fact].valueLabels?.[value]?.[key(lang)] ?? value;

export const missingNames = (missing: readonly BaseFactKey[] | readonly FactKey[], lang: Lang) =>
  missing.map((m) => factLabel(m, lang)).join(lang === 'en' ? ', ' : '、');

/** "your X is 1,520 yuan; the standard is 1,395 yuan, 125 yuan above" — the household's own figures. */
export function valuePhrase(
  policy: Policy,
  condition: Condition,
  result: ConditionResult,
  decision: Decision,
  lang: Lang,
): string {
  const zh = lang !== 'en';
  const label = factLabel(condition.fact, lang);
  if (condition.op === 'isTrue' || condition.op === 'isFalse') {
    const answer = yesNo(result.value === true, lang);
    return zh ? `${label}为“${answer}”` : `${label}: ${answer}`;
  }
  if (condition.op === 'oneOf') {
    const shown = enumLabel(condition.fact, String(result.value), lang);
    return zh ? `${label}为“${shown}”` : `${label} is “${shown}”`;
  }
  const value = result.value as number;
  const threshold = result.threshold as number;
  const ref = 'threshold' in condition ? chosenRef(condition.threshold, decision.factsUsed) : null;
  const name = thresholdName(policy, ref, decision, lang);
  const gap = quantity(Math.abs(value - threshold), condition.fact, lang);
  const v = quantity(value, condition.fact, lang);
  const t = quantity(threshold, condition.fact, lang);
  if (zh) {
    const diff = value > threshold ? `高出 ${gap}` : value < threshold ? `低 ${gap}` : '正好相等';
    return `您家${label} ${v}，${name} ${t}，${diff}`;
  }
  const diff = value > threshold ? `${gap} above` : value < threshold ? `${gap} below` : 'exactly equal';
  return `your ${label} is ${v}; ${name} is ${t}, ${diff}`;
}

function conditionLine(
  policy: Policy,
  condition: Condition,
  result: ConditionResult,
  decision: Decision,
  lang: Lang,
) {
  const zh = lang !== 'en';
  const label = condition.label[key(lang)];
  if (result.passed === null) {
    const missing = missingNames(result.missing ?? [], lang);
    return zh
      ? `${label}：还缺少“${missing}”的材料，暂时无法判断。`
      : `${label}: we still need evidence of ${missing}, so this cannot be decided yet.`;
  }
  // "本市户籍：是", not "本市户籍：本市户籍——是": a yes-or-no fact named like its condition says only the answer.
  const sameName =
    (condition.op === 'isTrue' || condition.op === 'isFalse') && label === factLabel(condition.fact, lang);
  const phrase = sameName
    ? yesNo(result.value === true, lang)
    : valuePhrase(policy, condition, result, decision, lang);
  const exception = condition.exceptions?.find((e) => e.id === result.exception);
  if (exception) {
    return zh
      ? `${label}：${phrase}，但属于例外“${exception.label.zh}”，所以这一条符合。`
      : `${label}: ${phrase}, but the exception “${exception.label.en}” applies, so this condition is met.`;
  }
  if (zh) return `${label}：${phrase}，所以这一条${result.passed ? '符合' : '不符合'}。`;
  return `${label}: ${phrase}, so this condition is ${result.passed ? 'met' : 'not met'}.`;
}

const OP_WORDS = {
  '<': { zh: '低于', en: 'below' },
  '<=': { zh: '不超过', en: 'at most' },
  '>': { zh: '高于', en: 'above' },
  '>=': { zh: '不低于', en: 'at least' },
  '==': { zh: '等于', en: 'equal to' },
} as const;

/**
 * The smallest change that would meet a condition (reach the threshold, or fit one of its exceptions),
 * as a whole sentence: "若人均月收入低于 1,395 元，这一条就符合了。", never a dangling "若…".
 */
function changeLine(condition: Condition, result: ConditionResult, lang: Lang): string {
  const l = key(lang);
  const zh = l === 'zh';
  if (result.passed === null) {
    const missing = missingNames(result.missing ?? [], lang);
    return zh
      ? `若提供“${missing}”的材料，就能判断这一条。`
      : `If evidence of ${missing} were provided, this condition could be decided.`;
  }
  const clause = changeClause(condition, result, lang);
  return zh ? `${clause}，这一条就符合了。` : `${clause}, this condition would be met.`;
}

function changeClause(condition: Condition, result: ConditionResult, lang: Lang): string {
  const l = key(lang);
  const zh = l === 'zh';
  const label = factLabel(condition.fact, lang);
  let change: string;
  if (condition.op === 'isTrue' || condition.op === 'isFalse') {
    const wanted = yesNo(condition.op === 'isTrue', lang);
    change = zh ? `若${label}为“${wanted}”` : `If ${label} were “${wanted}”`;
  } else if (condition.op === 'oneOf') {
    const values = condition.values.map((v) => enumLabel(condition.fact, v, lang)).join(zh ? '或' : ' or ');
    change = zh ? `若${label}为${values}` : `If ${label} were ${values}`;
  } else {
    const t = quantity(result.threshold as number, condition.fact, lang);
    change = zh
      ? `若${label}${OP_WORDS[condition.op].zh} ${t}`
      : `If ${label} were ${OP_WORDS[condition.op].en} ${t}`;
  }
  const exceptions = (condition.exceptions ?? []).map((e) => e.label[l]);
  if (exceptions.length === 0) return change;
  return zh
    ? `${change}（或符合例外：${exceptions.join('；')}）`
    : `${change} (or if an exception applied: ${exceptions.join('; ')})`;
}

function summaryOf(policy: Policy, decision: Decision, lang: Lang, withheld: ReadonlySet<string>): string {
  const zh = lang !== 'en';
  const title = policy.title[key(lang)];
  switch (decision.outcome) {
    case 'eligible': {
      if (decision.amount === null) return zh ? `《${title}》：符合条件。` : `${title}: eligible.`;
      const amount = formatNumber(decision.amount, lang);
      if (policy.amount?.per === 'once') {
        return zh
          ? `《${title}》：符合条件，一次性 ${amount} 元。`
          : `${title}: eligible, ${amount} yuan once.`;
      }
      return zh
        ? `《${title}》：符合条件，每月 ${amount} 元。`
        : `${title}: eligible, ${amount} yuan a month.`;
    }
    case 'not_eligible': {
      const failed = failedConditions(policy, decision, withheld).map((c) => c.label[key(lang)]);
      if (failed.length === 0) return zh ? `《${title}》：不符合条件。` : `${title}: not eligible.`;
      return zh
        ? `《${title}》：不符合条件，${failed.length} 条不符合：${failed.join('；')}。`
        : `${title}: not eligible; ${failed.length} condition(s) not met: ${failed.join('; ')}.`;
    }
    case 'needs_evidence': {
      const missing = missingNames(decision.missingFacts, lang);
      return zh
        ? `《${title}》：还不能判断，需要补充材料：${missing}。`
        : `${title}: cannot be decided yet; evidence needed: ${missing}.`;
    }
  }
}

function failedConditions(policy: Policy, decision: Decision, withheld: ReadonlySet<string>): Condition[] {
  const failed = new Set(
    decision.conditions.filter((c) => c.passed === false && !withheld.has(c.id)).map((c) => c.id),
  );
  return conditionsOf(policy).filter((c) => failed.has(c.id));
}

/**
 * `withheld`: conditions about health the reader may not see (`conditionsTesting`); they are left out
 * of every sentence, and one line says how many there are, not how they came out.
 */
export function explain(
  policy: Policy,
  decision: Decision,
  lang: Lang,
  withheld: ReadonlySet<string> = new Set(),
): { summary: string; lines: string[]; whatWouldChange: string[] } {
  const byId = new Map(decision.conditions.map((c) => [c.id, c]));
  const lines: string[] = [];
  const whatWouldChange: string[] = [];
  let left = 0;
  for (const condition of conditionsOf(policy)) {
    const result = byId.get(condition.id);
    if (!result) continue;
    if (withheld.has(condition.id)) {
      left++;
      continue;
    }
    lines.push(conditionLine(policy, condition, result, decision, lang));
    if (decision.outcome !== 'eligible' && result.passed !== true) {
      whatWouldChange.push(changeLine(condition, result, lang));
    }
  }
  if (left > 0) {
    lines.push(
      lang === 'en'
        ? `${left} more condition(s) concern health; only community workers and the committee see them.`
        : `另有 ${left} 条条件涉及健康情况，只有社区工作人员和党委能看到。`,
    );
  }
  return { summary: summaryOf(policy, decision, lang, withheld), lines, whatWouldChange };
}

/** A fact's value in words: yes/no, an enum's label, a number with its unit; 未知 / unknown for null. */
export function shownValue(fact: FactKey, value: number | boolean | string | null, lang: Lang): string {
  if (value === null) return lang === 'en' ? 'unknown' : '未知';
  if (typeof value === 'boolean') return yesNo(value, lang);
  if (typeof value === 'string') return enumLabel(fact, value, lang);
  return quantity(value, fact, lang);
}

/**
 * Where each value came from, one sentence per fact: the register (with the day it was read) or a
 * worker's typing, and where the two disagreed, which one counted and why — so "why was I left out"
 * never rests on a value nobody can trace.
 */
export function sourceLines(origins: readonly FactOrigin[], lang: Lang): string[] {
  const zh = lang !== 'en';
  return origins.map((o) => {
    const fact = o.fact as FactKey;
    const label = FACTS[fact]?.label[key(lang)] ?? o.fact;
    const value = shownValue(fact, o.value, lang);
    const from =
      o.source === 'register'
        ? zh
          ? `来自户籍登记（${o.readOn ?? ''} 读取）`
          : `from the household register (read on ${o.readOn ?? ''})`
        : zh
          ? `来自工作人员录入（${o.readOn ?? ''}）`
          : `as typed by a worker (${o.readOn ?? ''})`;
    let line = zh ? `${label}：${value}，${from}` : `${label}: ${value}, ${from}`;
    if (o.conflict) {
      const other = o.source === 'register' ? o.conflict.typed : o.conflict.register;
      const otherShown = shownValue(fact, other, lang);
      if (o.override && o.source === 'typed')
        line += zh
          ? `；户籍登记为“${otherShown}”，${o.override.by}改用录入值，理由：${o.override.reason}`
          : `; the register says "${otherShown}", and ${o.override.by} chose the typed value because: ${o.override.reason}`;
      else
        line += zh
          ? `；录入的是“${otherShown}”，与登记不一致，以户籍登记为准`
          : `; the typed value "${otherShown}" disagrees, and the register counts`;
    }
    return zh ? `${line}。` : `${line}.`;
  });
}
