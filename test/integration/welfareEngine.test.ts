import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONDITION_CODE, evaluateBatch, OUTCOMES, toColumns } from '../../src/domain/welfare/batch';
import { compareWithNeighbour } from '../../src/domain/welfare/compare';
import { type Decision, evaluate } from '../../src/domain/welfare/evaluate';
import { explain, formatNumber } from '../../src/domain/welfare/explain';
import { HARDSHIPS, type HouseholdFacts } from '../../src/domain/welfare/facts';
import { conditionsOf, loadPolicies, type Policy, parametersOn } from '../../src/domain/welfare/policy';

const policies = loadPolicies();
const policy = (id: string): Policy => {
  const found = policies.find((p) => p.id === id);
  if (!found) throw new Error(`no policy ${id}`);
  return found;
};

/** Dates around the July rises; every sample policy has values on all of them. */
const DATE = fc.constantFrom(
  '2020-06-30',
  '2020-07-01',
  '2022-06-30',
  '2023-06-30',
  '2023-07-01',
  '2024-07-01',
  '2025-03-15',
);
const yuan = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((fen) => fen / 100);
/** A fact is known, unknown (null), absent, or now and then of the wrong type — which must count as unknown. */
const fact = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 12, arbitrary: arb },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant('?') },
  );

const household = (ranges = { income: 20_000, money: 100_000, area: 300 }) =>
  fc.record(
    {
      members: fact(fc.integer({ min: 0, max: 6 })),
      monthlyIncome: fact(yuan(ranges.income)),
      deposits: fact(yuan(ranges.money)),
      securities: fact(yuan(ranges.money)),
      vehicles: fact(fc.integer({ min: 0, max: 2 })),
      mobilityVehicleForDisabled: fact(fc.boolean()),
      vehicleForSeriousIllness: fact(fc.boolean()),
      homes: fact(fc.integer({ min: 0, max: 3 })),
      floorArea: fact(fc.integer({ min: 0, max: ranges.area * 10 }).map((x) => x / 10)),
      localHukou: fact(fc.boolean()),
      severeDisability: fact(fc.boolean()),
      seriousIllness: fact(fc.boolean()),
      memberOver80LivingAlone: fact(fc.boolean()),
      receivesDibao: fact(fc.boolean()),
      hardship: fact(fc.constantFrom(...HARDSHIPS, 'flood')),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<HouseholdFacts>;

/** Households that pass most conditions, so the income boundary is actually crossed. */
const likelyHousehold = fc.record({
  members: fc.integer({ min: 1, max: 6 }),
  monthlyIncome: yuan(15_000),
  deposits: yuan(30_000),
  securities: yuan(5_000),
  vehicles: fc.integer({ min: 0, max: 1 }),
  mobilityVehicleForDisabled: fc.boolean(),
  vehicleForSeriousIllness: fc.boolean(),
  homes: fc.integer({ min: 0, max: 2 }),
  floorArea: fc.integer({ min: 0, max: 900 }).map((x) => x / 10),
  localHukou: fc.constant(true),
  receivesDibao: fc.boolean(),
}) as fc.Arbitrary<HouseholdFacts>;

describe('welfare engine properties', () => {
  it.each(['dibao', 'near-dibao', 'public-rental'])(
    '%s: more income never turns "not eligible" into "eligible"',
    (id) => {
      const p = policy(id);
      let crossings = 0;
      fc.assert(
        fc.property(fc.oneof(likelyHousehold, household()), yuan(10_000), DATE, (facts, more, date) => {
          const before = evaluate(p, facts, date);
          const after = evaluate(
            p,
            { ...facts, monthlyIncome: Number(facts.monthlyIncome ?? 0) + more },
            date,
          );
          if (before.outcome === 'eligible' && after.outcome !== 'eligible') crossings++;
          expect(before.outcome === 'not_eligible' && after.outcome === 'eligible').toBe(false);
        }),
        { numRuns: 1500 },
      );
      // The property must have seen households cross the income line, or it proved nothing.
      expect(crossings).toBeGreaterThan(0);
    },
  );

  it('the explanation names every failed condition, in both languages, with a change for each when not eligible', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...policies),
        fc.oneof(likelyHousehold, household()),
        DATE,
        (p, facts, date) => {
          const decision = evaluate(p, facts, date);
          const byId = new Map(conditionsOf(p).map((c) => [c.id, c]));
          for (const lang of ['zh-CN', 'en'] as const) {
            const text = explain(p, decision, lang);
            const l = lang === 'en' ? 'en' : 'zh';
            const failed = decision.conditions.filter((c) => c.passed === false);
            for (const c of failed) {
              const label = byId.get(c.id)?.label[l] as string;
              expect(text.lines.some((line) => line.startsWith(label))).toBe(true);
              if (decision.outcome === 'not_eligible') expect(text.summary).toContain(label);
            }
            const notPassed = decision.conditions.filter((c) => c.passed !== true).length;
            expect(text.whatWouldChange).toHaveLength(decision.outcome === 'eligible' ? 0 : notPassed);
          }
        },
      ),
      { numRuns: 800 },
    );
  });

  it('evaluateBatch gives the same outcomes, amounts and condition results as evaluate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(likelyHousehold, household()), { minLength: 1, maxLength: 40 }),
        DATE,
        (rows, date) => {
          const batch = evaluateBatch(policies, rows, date);
          for (const [k, p] of policies.entries()) {
            const result = batch[k];
            if (!result) throw new Error('missing batch result');
            rows.forEach((facts, i) => {
              const one = evaluate(p, facts, date);
              expect(OUTCOMES[result.outcomes[i] as number]).toBe(one.outcome);
              const amount = result.amounts[i] as number;
              expect(Number.isNaN(amount) ? null : amount).toBe(one.amount);
              for (const c of one.conditions) {
                const code = result.conditions[c.id]?.[i];
                const expected =
                  c.passed === null
                    ? CONDITION_CODE.unknown
                    : c.passed === false
                      ? CONDITION_CODE.failed
                      : c.exception
                        ? CONDITION_CODE.excepted
                        : CONDITION_CODE.passed;
                expect(code).toBe(expected);
              }
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a decision can be reproduced from its own snapshot of the facts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...policies),
        fc.oneof(likelyHousehold, household()),
        DATE,
        (p, facts, date) => {
          const decision = evaluate(p, facts, date);
          expect(evaluate(p, decision.factsUsed, date)).toEqual(decision);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('a parameter change dated next July', () => {
  const dibao = policy('dibao');
  const next = [{ parameter: 'standard', from: '2027-07-01', value: 1480 }];
  const facts = {
    members: 2,
    monthlyIncome: 2860,
    deposits: 0,
    securities: 0,
    vehicles: 0,
    homes: 1,
    floorArea: 50,
    localHukou: true,
  };

  it('leaves this June’s decision unchanged and reproducible, and applies from its date', () => {
    const june = evaluate(dibao, facts, '2027-06-30');
    expect(june.outcome).toBe('not_eligible');
    expect(june.parameters.standard).toBe(1395);
    expect(evaluate(dibao, facts, '2027-06-30', next)).toEqual(june);
    expect(evaluate(dibao, june.factsUsed, june.date)).toEqual(june);

    const july = evaluate(dibao, facts, '2027-07-01', next);
    expect(july.parameters.standard).toBe(1480);
    expect(july.outcome).toBe('eligible');
    expect(july.amount).toBe(100);
    expect(parametersOn(dibao, '2027-07-01')).toEqual({ ...july.parameters, standard: 1395 });
  });

  it('shows in a batch who the change would move', () => {
    const rows = [facts, { ...facts, monthlyIncome: 3000 }, { ...facts, monthlyIncome: 2000 }];
    const [before] = evaluateBatch([dibao], rows, '2027-06-30', { dibao: next });
    const [after] = evaluateBatch([dibao], rows, '2027-07-01', { dibao: next });
    expect([...(before?.outcomes ?? [])].map((c) => OUTCOMES[c])).toEqual([
      'not_eligible',
      'not_eligible',
      'eligible',
    ]);
    expect([...(after?.outcomes ?? [])].map((c) => OUTCOMES[c])).toEqual([
      'eligible',
      'not_eligible',
      'eligible',
    ]);
    expect(after?.amounts[2]).toBe(960);
  });

  it('a date before a parameter’s first value fails loudly rather than guessing', () => {
    expect(() => evaluate(dibao, facts, '2014-12-31')).toThrow(/standard.*2014-12-31/);
  });
});

describe('why my neighbour and not me', () => {
  /** The neighbour's figures lie far outside any of the asker's figures or thresholds, so any leak shows. */
  const theirs = fc.record({
    members: fc.integer({ min: 1, max: 6 }),
    monthlyIncome: fc.integer({ min: 50_000_000, max: 90_000_000 }).map((x) => x + 0.37),
    deposits: fc.integer({ min: 50_000_000, max: 90_000_000 }).map((x) => x + 0.41),
    securities: fc.integer({ min: 50_000_000, max: 90_000_000 }).map((x) => x + 0.43),
    vehicles: fc.integer({ min: 0, max: 2 }),
    mobilityVehicleForDisabled: fc.boolean(),
    vehicleForSeriousIllness: fc.boolean(),
    homes: fc.integer({ min: 0, max: 3 }),
    floorArea: fc.integer({ min: 5_000_000, max: 9_000_000 }).map((x) => x + 0.7),
    localHukou: fc.boolean(),
    severeDisability: fc.boolean(),
    memberOver80LivingAlone: fc.boolean(),
    receivesDibao: fc.boolean(),
    hardship: fc.constantFrom(...HARDSHIPS),
  }) as fc.Arbitrary<HouseholdFacts>;

  const forms = (value: number) => [String(value), formatNumber(value, 'zh-CN'), formatNumber(value, 'en')];
  const numbersOf = (d: Decision) =>
    [...Object.values(d.factsUsed), d.amount].filter((v): v is number => typeof v === 'number' && v >= 5_000);

  it('shows only the asker’s figures and which conditions each passed, never the neighbour’s values', () => {
    let seenTheirs = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...policies),
        likelyHousehold,
        theirs,
        DATE,
        fc.constantFrom('zh-CN', 'en'),
        (p, m, t, date, lang) => {
          const mine = evaluate(p, m, date);
          const other = evaluate(p, t, date);
          const result = compareWithNeighbour(p, mine, other, lang as 'zh-CN' | 'en');
          const text = JSON.stringify(result);
          for (const value of numbersOf(other)) {
            seenTheirs++;
            for (const form of forms(value)) expect(text).not.toContain(form);
          }
          // Exceptions can reveal a disability or an illness: only the asker's own may be named.
          const mineExceptions = new Set(mine.conditions.map((c) => c.exception));
          for (const c of conditionsOf(p)) {
            for (const e of c.exceptions ?? []) {
              if (!mineExceptions.has(e.id)) expect(text).not.toContain(e.label[lang === 'en' ? 'en' : 'zh']);
            }
          }
          // The asker does see their own decided figures, and each side's pass/fail.
          for (const c of mine.conditions) {
            const row = result.conditions.find((r) => r.id === c.id);
            expect(row?.mine).toBe(c.passed);
            expect(row?.theirs).toBe(other.conditions.find((o) => o.id === c.id)?.passed);
            expect(row?.myValue).toBe(c.value);
            if (typeof c.value === 'number' && c.passed !== null) {
              expect(result.lines.join('\n')).toContain(formatNumber(c.value, lang as 'zh-CN' | 'en'));
            }
          }
        },
      ),
      { numRuns: 600 },
    );
    expect(seenTheirs).toBeGreaterThan(1000);
  });

  it('refuses decisions under another policy', () => {
    const facts = { hardship: 'illness' };
    expect(() =>
      compareWithNeighbour(
        policy('dibao'),
        evaluate(policy('dibao'), facts, '2024-01-01'),
        evaluate(policy('emergency-aid'), facts, '2024-01-01'),
        'en',
      ),
    ).toThrow(/both decisions/);
  });
});

describe('toColumns', () => {
  it('encodes unknown and wrongly typed facts as NaN and enums by their index', () => {
    const columns = toColumns([
      { members: 2, hardship: 'disaster', localHukou: true },
      { members: -1, hardship: 'flood', localHukou: 'yes' },
    ]);
    expect(columns.count).toBe(2);
    expect([...(columns.facts.members ?? [])]).toEqual([2, Number.NaN]);
    expect([...(columns.facts.hardship ?? [])]).toEqual([3, Number.NaN]);
    expect([...(columns.facts.localHukou ?? [])]).toEqual([1, Number.NaN]);
    expect(Number.isNaN(columns.facts.deposits?.[0])).toBe(true);
  });
});
