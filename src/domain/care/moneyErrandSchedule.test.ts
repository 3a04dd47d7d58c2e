import { describe, expect, it } from 'vitest';
import { errandStanding, firstOccurrenceOnOrAfter, isOccurrence } from './moneyErrandSchedule';

describe('errand schedule', () => {
  it('monthly on day N, the last day in shorter months', () => {
    const fifth = { kind: 'monthly', n: 5 } as const;
    expect(firstOccurrenceOnOrAfter(fifth, '2026-01-01', '2026-11-06')).toBe('2026-12-05');
    expect(firstOccurrenceOnOrAfter(fifth, '2026-01-01', '2026-12-06')).toBe('2027-01-05');
    const last = { kind: 'monthly', n: 31 } as const;
    expect(firstOccurrenceOnOrAfter(last, '2026-01-01', '2026-02-01')).toBe('2026-02-28');
    expect(firstOccurrenceOnOrAfter(last, '2028-01-01', '2028-02-01')).toBe('2028-02-29');
    expect(isOccurrence(last, '2026-01-01', '2026-04-30')).toBe(true);
  });

  it('every N days or weeks from the start', () => {
    const fortnight = { kind: 'every_weeks', n: 2 } as const;
    expect(firstOccurrenceOnOrAfter(fortnight, '2026-11-15', '2026-11-01')).toBe('2026-11-15');
    expect(firstOccurrenceOnOrAfter(fortnight, '2026-11-15', '2026-11-16')).toBe('2026-11-29');
    expect(isOccurrence(fortnight, '2026-11-15', '2026-11-22')).toBe(false);
    expect(firstOccurrenceOnOrAfter({ kind: 'every_days', n: 3 }, '2026-12-30', '2027-01-01')).toBe(
      '2027-01-02',
    );
  });

  it('standing: upcoming, due today, overdue with the count, ended', () => {
    const fifth = { kind: 'monthly', n: 5 } as const;
    expect(errandStanding(fifth, '2026-09-01', null, '2026-11-29', false)).toEqual({
      status: 'overdue',
      nextDueOn: '2026-09-05',
      overdueCount: 3,
    });
    expect(errandStanding(fifth, '2026-09-01', '2026-11-05', '2026-11-29', false)).toMatchObject({
      status: 'upcoming',
      nextDueOn: '2026-12-05',
    });
    expect(errandStanding(fifth, '2026-09-01', '2026-11-05', '2026-12-05', false).status).toBe('due_today');
    expect(errandStanding(fifth, '2026-09-01', null, '2026-11-29', true).status).toBe('ended');
  });
});
