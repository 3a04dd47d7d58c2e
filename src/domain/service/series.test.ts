import { describe, expect, it } from 'vitest';
import { seriesDays, weekdayOf } from './series';

describe('series days', () => {
  it('weekly: every Tuesday of December 2026', () => {
    expect(weekdayOf('2026-12-01')).toBe(2);
    expect(seriesDays({ rule: 'weekly', weekday: 2 }, '2026-11-29', '2026-12-31')).toEqual([
      '2026-12-01',
      '2026-12-08',
      '2026-12-15',
      '2026-12-22',
      '2026-12-29',
    ]);
  });
  it('monthly: the 15th, across a new year, from and to included', () => {
    expect(seriesDays({ rule: 'monthly', monthDay: 15 }, '2026-11-15', '2027-01-15')).toEqual([
      '2026-11-15',
      '2026-12-15',
      '2027-01-15',
    ]);
    expect(seriesDays({ rule: 'monthly', monthDay: 15 }, '2026-11-16', '2026-12-14')).toEqual([]);
  });
});
