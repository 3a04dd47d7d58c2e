import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  GROUP_BYS,
  MIN_REPORTS,
  monthBounds,
  monthOf,
  monthsNeeded,
  RATE_SORTS,
  type ReportFacts,
  rateTable,
  responseOf,
  tally,
} from './rates';

function facts(n: number, over: Partial<ReportFacts> = {}, start = 0): ReportFacts[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `r${start + i}`,
    month: '2026-11',
    buildingId: 'b1',
    firstPositionId: 'p1',
    firstTier: 'building_leader',
    currentPositionId: 'p1',
    currentTier: 'building_leader',
    response: 'in_window',
    feedback: null,
    ...over,
  }));
}

const arbFacts = fc.array(
  fc.record({
    id: fc.uuid(),
    month: fc.constantFrom('2026-09', '2026-10', '2026-11'),
    buildingId: fc.option(fc.constantFrom('b1', 'b2', 'b3'), { nil: null }),
    firstPositionId: fc.option(fc.constantFrom('p1', 'p2', 'p3'), { nil: null }),
    firstTier: fc.constantFrom('building_leader', 'party_member'),
    currentPositionId: fc.option(fc.constantFrom('p1', 'p2', 'p4'), { nil: null }),
    currentTier: fc.constantFrom('party_member', 'committee'),
    response: fc.constantFrom('in_window' as const, 'late' as const, 'pending' as const),
    feedback: fc.option(fc.record({ solved: fc.boolean(), satisfied: fc.boolean() }), { nil: null }),
  }),
  { maxLength: 120 },
);

describe('the three rates', () => {
  it('reads months on the community’s calendar (China Standard Time)', () => {
    expect(monthOf('2026-10-31T16:00:00.000Z')).toBe('2026-11');
    expect(monthOf('2026-10-31T15:59:59.999Z')).toBe('2026-10');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(monthBounds('2026-11')).toEqual({
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-30T16:00:00.000Z',
    });
    expect(monthsNeeded('2026-02', 'person')).toEqual(['2026-01', '2026-02']);
    expect(monthsNeeded('2026-02', 'month')).toHaveLength(13);
  });

  it('counts a report answered by its first deadline, leaves one still inside its window pending', () => {
    const due = '2026-11-02T02:00:00.000Z';
    expect(responseOf('2026-11-02T02:00:00.000Z', due, '2026-11-05T00:00:00.000Z')).toBe('in_window');
    expect(responseOf('2026-11-02T02:00:01.000Z', due, '2026-11-05T00:00:00.000Z')).toBe('late');
    expect(responseOf(null, due, '2026-11-02T01:00:00.000Z')).toBe('pending');
    expect(responseOf(null, due, '2026-11-02T03:00:00.000Z')).toBe('late');
  });

  it('computes response, resolution and satisfaction, with the month before beside them', () => {
    const november = [
      ...facts(8),
      ...facts(2, { response: 'late' }, 8),
      ...facts(1, { response: 'pending' }, 10),
      ...facts(3, { feedback: { solved: true, satisfied: false } }, 11),
      ...facts(1, { feedback: { solved: false, satisfied: true } }, 14),
    ];
    const october = facts(12, { month: '2026-10', response: 'late' }, 100);
    const table = rateTable([...november, ...october], {
      month: '2026-11',
      groupBy: 'person',
      sort: 'response',
    });
    expect(table.withheld).toBe(0);
    expect(table.rows).toHaveLength(1);
    const [row] = table.rows;
    expect(row?.current).toMatchObject({
      reports: 15,
      responseBase: 14,
      respondedInWindow: 12,
      withFeedback: 4,
      solved: 3,
      satisfied: 1,
      resolutionRate: 0.75,
      satisfactionRate: 0.25,
    });
    expect(row?.current.responseRate).toBeCloseTo(12 / 14);
    expect(row?.previous).toMatchObject({ reports: 12, responseRate: 0 });
  });

  it('withholds groups with fewer than ten reports, and a month before with fewer than ten', () => {
    const table = rateTable(
      [
        ...facts(10, { firstPositionId: 'a', currentPositionId: 'a' }),
        ...facts(9, { firstPositionId: 'b', currentPositionId: 'b' }, 10),
        ...facts(3, { firstPositionId: 'a', currentPositionId: 'a', month: '2026-10' }, 20),
      ],
      { month: '2026-11', groupBy: 'person', sort: 'response' },
    );
    expect(table.rows.map((r) => r.key)).toEqual(['a']);
    expect(table.withheld).toBe(1);
    expect(table.rows[0]?.previous).toBeNull();
    expect(table.total.current?.reports).toBe(19);
    expect(table.total.previous).toBeNull();
  });

  it('charges a missed first window to the first holder and the outcome to the current one', () => {
    const escalated = facts(10, {
      response: 'late',
      firstPositionId: 'leader',
      currentPositionId: 'member',
      feedback: { solved: true, satisfied: true },
    });
    const byPerson = tally(escalated, 'person');
    expect(byPerson.get('leader')).toMatchObject({ responseBase: 10, respondedInWindow: 0, withFeedback: 0 });
    expect(byPerson.get('member')).toMatchObject({ responseBase: 0, withFeedback: 10, solved: 10 });
  });

  it('ranks by the chosen rate, highest first, groups without a rate last', () => {
    const table = rateTable(
      [
        ...facts(10, { buildingId: 'low', response: 'late' }),
        ...facts(10, { buildingId: 'high' }, 10),
        ...facts(10, { buildingId: 'none', response: 'pending' }, 20),
      ],
      { month: '2026-11', groupBy: 'building', sort: 'response' },
    );
    expect(table.rows.map((r) => [r.rank, r.key])).toEqual([
      [1, 'high'],
      [2, 'low'],
      [3, 'none'],
    ]);
  });

  it('shows twelve months ending with the month asked for, each beside the one before', () => {
    const table = rateTable(
      [
        ...facts(10, { month: '2026-11' }),
        ...facts(11, { month: '2026-10' }, 10),
        ...facts(12, { month: '2025-12' }, 30),
        ...facts(13, { month: '2025-11' }, 50),
      ],
      { month: '2026-11', groupBy: 'month', sort: 'response' },
    );
    const byKey = new Map(table.rows.map((r) => [r.key, r]));
    expect([...byKey.keys()].sort()).toEqual(['2025-12', '2026-10', '2026-11']);
    expect(byKey.get('2026-11')?.previous?.reports).toBe(11);
    expect(byKey.get('2025-12')?.previous?.reports).toBe(13);
  });

  it('holds for any reports: rates within [0, 1], counts add up, nothing shown under the threshold', () => {
    fc.assert(
      fc.property(
        arbFacts,
        fc.constantFrom(...GROUP_BYS),
        fc.constantFrom(...RATE_SORTS),
        fc.integer({ min: 1, max: 12 }),
        (all, groupBy, sort, minReports) => {
          const table = rateTable(all, { month: '2026-11', groupBy, sort, minReports });
          const current = groupBy === 'month' ? all : all.filter((f) => f.month === '2026-11');
          const groups = tally(current, groupBy);
          if (groupBy !== 'month') expect(table.rows.length + table.withheld).toBe(groups.size);
          for (const row of table.rows) {
            expect(row.current.reports).toBeGreaterThanOrEqual(minReports);
            if (row.previous) expect(row.previous.reports).toBeGreaterThanOrEqual(minReports);
            for (const r of [
              row.current.responseRate,
              row.current.resolutionRate,
              row.current.satisfactionRate,
            ])
              if (r !== null) expect(r >= 0 && r <= 1).toBe(true);
            expect(row.current.respondedInWindow).toBeLessThanOrEqual(row.current.responseBase);
            expect(row.current.solved).toBeLessThanOrEqual(row.current.withFeedback);
          }
          // Every report is charged its response exactly once, and its outcome exactly once.
          const sum = (k: 'responseBase' | 'withFeedback') =>
            [...groups.values()].reduce((n, f) => n + f[k], 0);
          expect(sum('responseBase')).toBe(current.filter((f) => f.response !== 'pending').length);
          expect(sum('withFeedback')).toBe(current.filter((f) => f.feedback).length);
          // Sorted by the chosen rate, highest first, no rate last.
          const key = {
            response: 'responseRate',
            resolution: 'resolutionRate',
            satisfaction: 'satisfactionRate',
          }[sort] as 'responseRate';
          const values = table.rows.map((r) => r.current[key] ?? -1);
          expect(values).toEqual([...values].sort((a, b) => b - a));
        },
      ),
    );
    expect(MIN_REPORTS).toBe(10);
  });
});
