import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  correctionDelta,
  effectiveAmounts,
  formatYuan,
  type LedgerEntry,
  monthTotals,
  runningBalances,
} from './moneyLedger';

const e = (
  n: number,
  kind: LedgerEntry['kind'],
  amountFen: number,
  occurredOn: string,
  corrects: string | null = null,
) => ({
  id: `e${n}`,
  number: n,
  kind,
  amountFen,
  occurredOn,
  correctsEntryId: corrects,
});

describe('money ledger', () => {
  const entries = [
    e(1, 'received', 500_000, '2026-11-01'),
    e(2, 'spent', -320_050, '2026-11-05'),
    e(3, 'correction', 20_000, '2026-11-06', 'e2'),
    e(4, 'spent', -1_000, '2026-10-20'),
  ];

  it('runs the balance by the day money moved, then as recorded', () => {
    const b = runningBalances(entries);
    expect([b.get('e4'), b.get('e1'), b.get('e2'), b.get('e3')]).toEqual([-1_000, 499_000, 178_950, 198_950]);
  });

  it('a correction carries the difference to the amount it should have been', () => {
    expect(effectiveAmounts(entries).get('e2')).toBe(-300_050);
    expect(correctionDelta({ kind: 'spent' }, -300_050, 300_050)).toBeNull();
    expect(correctionDelta({ kind: 'spent' }, -300_050, 0)).toBe(300_050);
    expect(correctionDelta({ kind: 'received' }, 500_000, 450_000)).toBe(-50_000);
    expect(() => correctionDelta({ kind: 'correction' }, 1, 1)).toThrow();
  });

  it('month totals add up to the closing balance', () => {
    expect(monthTotals(entries, '2026-11')).toEqual({
      openingFen: -1_000,
      receivedFen: 500_000,
      spentFen: 320_050,
      correctionsFen: 20_000,
      closingFen: 198_950,
    });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { maxLength: 30 }), (amounts) => {
        const list = amounts.map((a, i) =>
          e(i + 1, a >= 0 ? 'received' : 'spent', a, `2026-${String((i % 12) + 1).padStart(2, '0')}-10`),
        );
        const t = monthTotals(list, '2026-06');
        const all = amounts.reduce((s, a) => s + a, 0);
        const after = list.filter((x) => x.occurredOn >= '2026-07-01').reduce((s, x) => s + x.amountFen, 0);
        expect(t.closingFen).toBe(all - after);
      }),
    );
  });

  it('refuses fractions of a fen and formats yuan', () => {
    expect(() => runningBalances([e(1, 'received', 12.5, '2026-11-01')])).toThrow(RangeError);
    expect(formatYuan(199_950)).toBe('1,999.50');
    expect(formatYuan(-5)).toBe('-0.05');
  });
});
