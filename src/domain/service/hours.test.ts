import { describe, expect, it } from 'vitest';
import { correctionMinutes, effectiveMinutes, minutesBetween, totalsByMonth } from './hours';

describe('hours ledger', () => {
  const entries = [
    { id: 'a', workedOn: '2026-03-10', minutes: 90, correctsId: null },
    { id: 'b', workedOn: '2026-04-02', minutes: 60, correctsId: null },
    // Found in May, about March.
    { id: 'c', workedOn: '2026-05-20', minutes: 30, correctsId: 'a' },
  ];

  it('counts whole minutes between check-in and check-out, never below zero', () => {
    expect(minutesBetween('2026-11-29T06:00:00Z', '2026-11-29T07:30:29Z')).toBe(90);
    expect(minutesBetween('2026-11-29T07:00:00Z', '2026-11-29T06:00:00Z')).toBe(0);
  });

  it('an entry is its minutes plus its corrections; a correction carries the difference', () => {
    expect(effectiveMinutes(entries, 'a')).toBe(120);
    expect(correctionMinutes(entries, 'a', 100)).toBe(-20);
    expect(correctionMinutes(entries, 'b', 60)).toBe(0);
  });

  it('a correction counts in the month of the entry it corrects', () => {
    const { months, total } = totalsByMonth(entries);
    expect(Object.fromEntries(months)).toEqual({ '2026-03': 120, '2026-04': 60 });
    expect(total).toBe(180);
  });
});
