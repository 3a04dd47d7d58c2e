import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { evaluateBatch, OUTCOMES } from '../../src/domain/welfare/batch';
import { describePolicy } from '../../src/domain/welfare/describe';
import { evaluate } from '../../src/domain/welfare/evaluate';
import { explain } from '../../src/domain/welfare/explain';
import {
  conditionsOf,
  conditionsTesting,
  DEFAULT_POLICY_DIR,
  loadPolicies,
  parsePolicy,
  policyHash,
} from '../../src/domain/welfare/policy';

/** The golden cases beside each policy file (`policies/<id>.cases.yaml`), run through both engines. */

const ZCase = z
  .object({
    name: z.string(),
    date: z.string(),
    facts: z.record(z.string(), z.union([z.number(), z.boolean(), z.string(), z.null()])),
    parameters: z.record(z.string(), z.number()).optional(),
    outcome: z.enum(['eligible', 'not_eligible', 'needs_evidence']),
    amount: z.number().optional(),
    failed: z.array(z.string()).default([]),
    missing: z.array(z.string()).default([]),
    exceptions: z.record(z.string(), z.string()).default({}),
  })
  .strict();

const policies = loadPolicies();
const sorted = (xs: readonly string[]) => [...xs].sort();

describe('sample policies', () => {
  it('are the five of issue 6, each with golden cases beside it', () => {
    expect(policies.map((p) => p.id)).toEqual([
      'dibao',
      'emergency-aid',
      'holiday-visits',
      'near-dibao',
      'public-rental',
    ]);
    for (const p of policies)
      expect(fs.existsSync(path.join(DEFAULT_POLICY_DIR, `${p.id}.cases.yaml`))).toBe(true);
  });

  for (const policy of policies) {
    const file = path.join(DEFAULT_POLICY_DIR, `${policy.id}.cases.yaml`);
    const cases = z
      .array(ZCase)
      .min(6)
      .parse(parse(fs.readFileSync(file, 'utf8')));

    describe(policy.id, () => {
      it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
        const decision = evaluate(policy, c.facts, c.date);
        expect(decision.outcome).toBe(c.outcome);
        expect(decision.amount).toBe(c.amount ?? null);
        expect(sorted(decision.conditions.filter((r) => r.passed === false).map((r) => r.id))).toEqual(
          sorted(c.failed),
        );
        expect(sorted(decision.missingFacts)).toEqual(sorted(c.missing));
        const applied = Object.fromEntries(
          decision.conditions.filter((r) => r.exception).map((r) => [r.id, r.exception]),
        );
        expect(applied).toEqual(c.exceptions);
        for (const [name, value] of Object.entries(c.parameters ?? {}))
          expect(decision.parameters[name]).toBe(value);

        // The batch engine agrees on the same household, condition by condition.
        const [batch] = evaluateBatch([policy], [c.facts], c.date);
        expect(OUTCOMES[batch?.outcomes[0] ?? -1]).toBe(c.outcome);
        const amount = batch?.amounts[0] as number;
        expect(Number.isNaN(amount) ? null : amount).toBe(c.amount ?? null);
        for (const r of decision.conditions) {
          const code = batch?.conditions[r.id]?.[0];
          expect(code === 2 ? null : code !== 0).toBe(r.passed);
          expect(code === 3).toBe(r.exception !== undefined);
        }

        // Both explanations are written, one line per condition.
        for (const lang of ['zh-CN', 'en'] as const) {
          expect(explain(policy, decision, lang).lines).toHaveLength(decision.conditions.length);
        }
      });
    });
  }

  it('explains a failed income line with the figures and the gap, in both languages', () => {
    const dibao = policies.find((p) => p.id === 'dibao');
    if (!dibao) throw new Error('dibao policy missing');
    const facts = {
      members: 2,
      monthlyIncome: 3040,
      deposits: 0,
      securities: 0,
      vehicles: 0,
      homes: 1,
      floorArea: 50,
      localHukou: true,
    };
    const decision = evaluate(dibao, facts, '2023-07-01');
    const zh = explain(dibao, decision, 'zh-CN');
    expect(zh.lines).toContain(
      '人均月收入低于低保标准：您家人均月收入 1,520 元，本市低保标准 1,395 元，高出 125 元，所以这一条不符合。',
    );
    // A whole sentence, not the dangling "若人均月收入低于 1,395 元" (issue 18).
    expect(zh.whatWouldChange).toEqual(['若人均月收入低于 1,395 元，这一条就符合了。']);
    // A yes-or-no condition named like its fact says only the answer, not "本市户籍：本市户籍——是".
    expect(zh.lines).toContain('本市户籍：是，所以这一条符合。');
    expect(zh.lines.join('')).not.toContain('——');
    expect(zh.summary).toContain('不符合');
    const en = explain(dibao, decision, 'en');
    expect(en.whatWouldChange).toEqual([
      'If income per person per month were below 1,395 yuan, this condition would be met.',
    ]);
    expect(en.lines.join(' ')).toContain('125 yuan above');
  });

  it('names an applied exception and the evidence still needed', () => {
    const dibao = policies.find((p) => p.id === 'dibao');
    if (!dibao) throw new Error('dibao policy missing');
    const base = {
      members: 2,
      monthlyIncome: 1200,
      deposits: 0,
      securities: 0,
      homes: 1,
      floorArea: 45,
      localHukou: true,
    };
    const excepted = explain(
      dibao,
      evaluate(dibao, { ...base, vehicles: 1, mobilityVehicleForDisabled: true }, '2023-07-01'),
      'zh-CN',
    );
    expect(excepted.lines.join('')).toContain('但属于例外“残疾成员的代步车”');
    expect(excepted.summary).toBe('《最低生活保障（低保）》：符合条件，每月 1,590 元。');
    const unknown = explain(dibao, evaluate(dibao, { ...base, vehicles: 1 }, '2023-07-01'), 'en');
    expect(unknown.summary).toContain('evidence needed');
    expect(unknown.lines.join(' ')).toContain(
      'we still need evidence of the vehicle is a disabled member’s mobility vehicle',
    );
  });

  it('leaves conditions about health out for a reader who may not see health, saying only how many', () => {
    const dibao = policies.find((p) => p.id === 'dibao');
    if (!dibao) throw new Error('dibao policy missing');
    const withheld = conditionsTesting(dibao, ['mobilityVehicleForDisabled', 'vehicleForSeriousIllness']);
    expect([...withheld]).toEqual(['vehicles']);
    const facts = {
      members: 2,
      monthlyIncome: 1200,
      deposits: 0,
      securities: 0,
      homes: 1,
      floorArea: 45,
      localHukou: true,
      vehicles: 1,
      mobilityVehicleForDisabled: true,
    };
    const decision = evaluate(dibao, facts, '2023-07-01');
    const full = explain(dibao, decision, 'zh-CN');
    const shown = explain(dibao, decision, 'zh-CN', withheld);
    expect(full.lines.join('')).toContain('代步车');
    expect(shown.lines.join('')).not.toMatch(/车|残疾/);
    expect(shown.lines).toHaveLength(full.lines.length);
    expect(shown.lines.at(-1)).toBe('另有 1 条条件涉及健康情况，只有社区工作人员和党委能看到。');
    expect(shown.summary).toBe(full.summary);
    const failing = evaluate(
      dibao,
      { ...facts, monthlyIncome: 4000, mobilityVehicleForDisabled: false },
      '2023-07-01',
    );
    const summary = explain(dibao, failing, 'en', withheld).summary;
    expect(summary).toContain('1 condition(s) not met');
    expect(summary).not.toMatch(/vehicle/i);
  });
});

describe('describePolicy', () => {
  it('lists every condition and exception with the values in force on the date, extra values included', () => {
    for (const p of policies) {
      for (const lang of ['zh-CN', 'en'] as const) {
        const d = describePolicy(p, '2024-07-01', lang);
        const text = d.criteria.map((c) => c.text).join('\n');
        for (const c of conditionsOf(p)) {
          expect(text).toContain(c.label[lang === 'en' ? 'en' : 'zh']);
          for (const e of c.exceptions ?? []) expect(text).toContain(e.label[lang === 'en' ? 'en' : 'zh']);
        }
      }
    }
    const dibao = policies.find((p) => p.id === 'dibao');
    if (!dibao) throw new Error('dibao policy missing');
    const line = (date: string, extra = [] as Parameters<typeof describePolicy>[3]) =>
      describePolicy(dibao, date, 'zh-CN', extra).criteria.find((c) => c.conditionId === 'income')?.text;
    expect(line('2023-06-30')).toBe('人均月收入低于低保标准（人均月收入低于 1,320 元）');
    expect(line('2023-07-01')).toBe('人均月收入低于低保标准（人均月收入低于 1,395 元）');
    const next = [{ parameter: 'standard', from: '2027-07-01', value: 1480 }];
    expect(line('2027-07-01', next)).toContain('1,480 元');
    expect(describePolicy(dibao, '2027-07-01', 'en', next).parameters[0]).toEqual({
      name: 'standard',
      label: 'the city dibao standard',
      value: 1480,
      from: '2027-07-01',
    });
  });
});

describe('policy files', () => {
  const dibaoText = fs.readFileSync(path.join(DEFAULT_POLICY_DIR, 'dibao.yaml'), 'utf8');

  it('fail loudly, naming the file, when a fact, a parameter or an operator is wrong', () => {
    const cases: Array<[string, string, RegExp]> = [
      [
        'unknown fact',
        dibaoText.replace('fact: perCapitaMonthlyIncome', 'fact: perCapitaIncome'),
        /not in the facts catalogue/,
      ],
      [
        'undeclared parameter',
        dibaoText.replace('threshold: { parameter: standard }', 'threshold: { parameter: standrd }'),
        /"standrd" is not declared/,
      ],
      [
        'operator for another type',
        dibaoText.replace('op: isTrue', "op: '<'\n      threshold: { value: 1 }"),
        /does not fit fact "localHukou"/,
      ],
      [
        'dates out of order',
        dibaoText.replace("from: '2017-07-01'", "from: '2014-07-01'"),
        /dates must rise/,
      ],
      ['unknown key', `${dibaoText}\nextra: 1\n`, /extra/],
    ];
    for (const [what, text, message] of cases) {
      expect(() => parsePolicy(text, '/policies/broken.yaml'), what).toThrow(/\/policies\/broken\.yaml/);
      expect(() => parsePolicy(text, '/policies/broken.yaml'), what).toThrow(message);
    }
  });

  it('loadPolicies skips golden cases, rejects a mismatched file name, and the hash ignores layout', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-policies-'));
    try {
      fs.writeFileSync(path.join(dir, 'dibao.yaml'), `# a comment\n${dibaoText}`);
      fs.writeFileSync(path.join(dir, 'dibao.cases.yaml'), '- not a policy\n');
      const [loaded] = loadPolicies(dir);
      const original = policies.find((p) => p.id === 'dibao');
      if (!loaded || !original) throw new Error('dibao not loaded');
      expect(policyHash(loaded)).toBe(policyHash(original));
      expect(policyHash(parsePolicy(dibaoText.replace('value: 1395', 'value: 1400'), 'x'))).not.toBe(
        policyHash(original),
      );
      fs.renameSync(path.join(dir, 'dibao.yaml'), path.join(dir, 'other.yaml'));
      expect(() => loadPolicies(dir)).toThrow(/other\.yaml.*must match its file name/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
