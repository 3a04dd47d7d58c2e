import { refValue } from './evaluate';
import { formatNumber, type Lang } from './explain';
import { FACTS } from './facts';
import {
  type Condition,
  type Criteria,
  isCondition,
  type ParameterValue,
  type Policy,
  parametersOn,
  type Test,
} from './policy';

/**
 * A policy in plain words for workers and the public notice: its criteria as an indented list, with
 * the parameter values in force on a date, so what is shown is what `evaluate` applies that day.
 */
export interface PolicyDescription {
  title: string;
  document: string;
  summary: string;
  parameters: Array<{ name: string; label: string; value: number; from: string }>;
  /** One line per group, condition and exception; `depth` is the indentation. */
  criteria: Array<{ depth: number; text: string; conditionId?: string }>;
  amount: string | null;
}

const OP_WORDS = {
  '<': { zh: '低于', en: 'below' },
  '<=': { zh: '不超过', en: 'at most' },
  '>': { zh: '高于', en: 'above' },
  '>=': { zh: '不低于', en: 'at least' },
  '==': { zh: '等于', en: 'equal to' },
} as const;

function testText(test: Test, parameters: Record<string, number>, lang: Lang): string {
  const l = lang === 'en' ? 'en' : 'zh';
  const fact = FACTS[test.fact];
  const unit = fact.unit[l] ? ` ${fact.unit[l]}` : '';
  const amount = (value: number) => `${formatNumber(value, lang)}${unit}`;
  switch (test.op) {
    case 'isTrue':
    case 'isFalse': {
      const wanted = test.op === 'isTrue';
      return l === 'zh'
        ? `${fact.label.zh}：${wanted ? '是' : '否'}`
        : `${fact.label.en}: ${wanted ? 'yes' : 'no'}`;
    }
    case 'oneOf': {
      const values = test.values.map((v) => fact.valueLabels?.[v]?.[l] ?? v).join(l === 'zh' ? '、' : ', ');
      return l === 'zh' ? `${fact.label.zh}为${values}之一` : `${fact.label.en} is one of ${values}`;
    }
    default: {
      const op = OP_WORDS[test.op][l];
      const threshold = test.threshold;
      if (!('byFact' in threshold))
        return `${fact.label[l]}${l === 'zh' ? '' : ' '}${op} ${amount(refValue(threshold, parameters))}`;
      const by = FACTS[threshold.byFact];
      const byUnit = by.unit[l] ? ` ${by.unit[l]}` : '';
      const cases = threshold.cases.map((c) =>
        l === 'zh'
          ? `${by.label.zh}不超过 ${formatNumber(c.atMost, lang)}${byUnit}时${op} ${amount(refValue(c.use, parameters))}`
          : `${op} ${amount(refValue(c.use, parameters))} when ${by.label.en} is at most ${formatNumber(c.atMost, lang)}${byUnit}`,
      );
      const otherwise = amount(refValue(threshold.otherwise, parameters));
      return l === 'zh'
        ? `${fact.label.zh}：${cases.join('；')}；其余${op} ${otherwise}`
        : `${fact.label.en}: ${cases.join('; ')}; otherwise ${op} ${otherwise}`;
    }
  }
}

function conditionLines(condition: Condition, parameters: Record<string, number>, lang: Lang, depth: number) {
  const l = lang === 'en' ? 'en' : 'zh';
  const rule = testText(condition, parameters, lang);
  const lines = [
    {
      depth,
      conditionId: condition.id,
      text: l === 'zh' ? `${condition.label.zh}（${rule}）` : `${condition.label.en} (${rule})`,
    },
  ];
  for (const exception of condition.exceptions ?? []) {
    const when = exception.when
      .map((t) => testText(t, parameters, lang))
      .join(l === 'zh' ? '，且' : ', and ');
    lines.push({
      depth: depth + 1,
      conditionId: condition.id,
      text: l === 'zh' ? `例外：${exception.label.zh}（${when}）` : `Except: ${exception.label.en} (${when})`,
    });
  }
  return lines;
}

export function describePolicy(
  policy: Policy,
  date: string,
  lang: Lang,
  extra: readonly ParameterValue[] = [],
): PolicyDescription {
  const l = lang === 'en' ? 'en' : 'zh';
  const values = parametersOn(policy, date, extra);
  const criteria: PolicyDescription['criteria'] = [];
  const walk = (node: Criteria, depth: number): void => {
    if (isCondition(node)) {
      criteria.push(...conditionLines(node, values, lang, depth));
      return;
    }
    const all = 'all' in node;
    criteria.push({
      depth,
      text: all
        ? l === 'zh'
          ? '以下各条都要符合：'
          : 'All of the following:'
        : l === 'zh'
          ? '以下任意一条符合即可：'
          : 'Any one of the following:',
    });
    for (const child of all ? node.all : node.any) walk(child, depth + 1);
  };
  walk(policy.criteria, 0);
  const parameters = Object.entries(policy.parameters).map(([name, p]) => ({
    name,
    label: p.label[l],
    value: values[name] as number,
    from: [...p.values, ...extra.filter((e) => e.parameter === name)]
      .map((v) => v.from)
      .filter((from) => from <= date)
      .sort()
      .at(-1) as string,
  }));
  const amount = policy.amount
    ? l === 'zh'
      ? `${policy.amount.per === 'month' ? '每月' : '一次性'}：${policy.amount.label.zh}`
      : `${policy.amount.per === 'month' ? 'Each month' : 'Once'}: ${policy.amount.label.en}`
    : null;
  return {
    title: policy.title[l],
    document: policy.document,
    summary: policy.summary[l],
    parameters,
    criteria,
    amount,
  };
}
