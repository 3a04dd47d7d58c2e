import type { Decision } from './evaluate';
import { type Lang, valuePhrase } from './explain';
import { conditionsOf, type Policy } from './policy';

/**
 * "Why my neighbour and not me": which published conditions each household met, with only the asker's
 * own figures. Nothing of the other decision is read but `passed` per condition — not its values, its
 * thresholds (a threshold can follow the household's size), its exceptions (they can reveal a
 * disability) or its amount.
 */
export interface NeighbourComparison {
  lines: string[];
  conditions: Array<{
    id: string;
    label: string;
    mine: boolean | null;
    theirs: boolean | null;
    myValue: number | boolean | string | null;
    threshold: number | boolean | null;
  }>;
}

const VERDICT = {
  'zh-CN': { true: '符合', false: '不符合', null: '尚待材料' },
  en: { true: 'met', false: 'not met', null: 'not yet decided' },
} as const;

export function compareWithNeighbour(
  policy: Policy,
  mine: Decision,
  theirs: Decision,
  lang: Lang,
): NeighbourComparison {
  if (mine.policyId !== policy.id || theirs.policyId !== policy.id) {
    throw new Error(`compareWithNeighbour: both decisions must be under policy ${policy.id}`);
  }
  const verdict = (passed: boolean | null) => VERDICT[lang][`${passed}`];
  const l = lang === 'en' ? 'en' : 'zh';
  const minesById = new Map(mine.conditions.map((c) => [c.id, c]));
  const theirPassed = new Map(theirs.conditions.map((c) => [c.id, c.passed]));
  const lines = [
    lang === 'en'
      ? `${policy.title.en}: the published conditions one by one. The other household's figures are private and not shown.`
      : `《${policy.title.zh}》逐条对照公开的条件；对方家庭的具体情况属于隐私，不予显示。`,
  ];
  const conditions: NeighbourComparison['conditions'] = [];
  for (const condition of conditionsOf(policy)) {
    const own = minesById.get(condition.id);
    if (!own) continue;
    const theirsPassed = theirPassed.get(condition.id) ?? null;
    const label = condition.label[l];
    conditions.push({
      id: condition.id,
      label,
      mine: own.passed,
      theirs: theirsPassed,
      myValue: own.value,
      threshold: own.threshold,
    });
    const ownFigures = own.passed === null ? '' : valuePhrase(policy, condition, own, mine, lang);
    lines.push(
      lang === 'en'
        ? `${label}: yours ${verdict(own.passed)}${ownFigures ? ` (${ownFigures})` : ''}; theirs ${verdict(theirsPassed)}.`
        : `${label}：您家${verdict(own.passed)}${ownFigures ? `（${ownFigures}）` : ''}；对方${verdict(theirsPassed)}。`,
    );
  }
  return { lines, conditions };
}
