import { describe, expect, it } from 'vitest';
import {
  checkinDueOn,
  checkinState,
  cstDate,
  firstCheckinFrom,
  ladderDueAt,
  monthBounds,
  nextVisitDue,
  requiredVisitsInMonth,
  visitEveryDays,
  visitStatus,
  worstCheckin,
} from './schedule';

describe('check-in schedule', () => {
  it('reads check-in times in China Standard Time', () => {
    expect(checkinDueOn('2026-11-29', '09:00').toISOString()).toBe('2026-11-29T01:00:00.000Z');
    expect(cstDate(new Date('2026-11-29T17:00:00Z'))).toBe('2026-11-30');
  });

  it('expects the first check-in today while its grace lasts, else tomorrow', () => {
    const at9 = new Date('2026-11-29T01:20:00Z'); // 09:20 local
    expect(firstCheckinFrom(at9, '09:00', 30).date).toBe('2026-11-29');
    const at940 = new Date('2026-11-29T01:40:00Z');
    expect(firstCheckinFrom(at940, '09:00', 30).date).toBe('2026-11-30');
  });

  it('spaces the ladder 0, +30 and +60 minutes from the end of the grace period', () => {
    const miss = new Date('2026-11-29T01:30:00Z');
    expect([1, 2, 3].map((s) => ladderDueAt(miss, s as 1 | 2 | 3).toISOString())).toEqual([
      '2026-11-29T01:30:00.000Z',
      '2026-11-29T02:00:00.000Z',
      '2026-11-29T03:00:00.000Z',
    ]);
  });

  it('tells the state from the row and the time', () => {
    const grace = new Date('2026-11-29T01:30:00Z');
    expect(checkinState(null, grace, new Date('2026-11-29T01:00:00Z'))).toBe('due');
    expect(checkinState(null, grace, new Date('2026-11-29T01:31:00Z'))).toBe('missed');
    expect(checkinState({ state: 'missed', ladder_step: 2 }, grace, grace)).toBe('escalated');
    expect(checkinState({ state: 'resolved', ladder_step: 3 }, grace, grace)).toBe('resolved');
    expect(worstCheckin(['done', 'missed', 'due'])).toBe('missed');
  });
});

describe('visit schedule', () => {
  it('defaults to monthly, weekly for high risk, and never lets a plan ask for less', () => {
    expect(visitEveryDays('normal')).toBe(30);
    expect(visitEveryDays('high')).toBe(7);
    expect(visitEveryDays('high', 14)).toBe(7);
    expect(visitEveryDays('normal', 14)).toBe(14);
  });

  it('is overdue past the interval, due soon near it, and an event visit counts', () => {
    const created = '2026-11-01T00:00:00.000Z';
    const next = nextVisitDue(null, created, 30);
    expect(visitStatus(next, [], 30, new Date('2026-11-10T00:00:00Z')).status).toBe('on_track');
    expect(visitStatus(next, [], 30, new Date('2026-11-29T00:00:00Z')).status).toBe('due_soon');
    expect(visitStatus(next, [], 30, new Date('2026-12-02T00:00:00Z')).status).toBe('overdue');
    const eventDue = new Date('2026-11-11T00:00:00Z');
    expect(visitStatus(next, [eventDue], 30, new Date('2026-11-10T00:00:00Z')).status).toBe('due_soon');
    expect(visitStatus(next, [eventDue], 30, new Date('2026-11-12T00:00:00Z')).status).toBe('overdue');
  });

  it('asks at least one visit of a whole month, four of a weekly plan', () => {
    expect(monthBounds('2026-02')).toEqual({ from: '2026-02-01', to: '2026-03-01', days: 28 });
    expect(monthBounds('2026-12').to).toBe('2027-01-01');
    const before = { fromDate: '2025-10-15', endedDate: null };
    expect(requiredVisitsInMonth(30, '2026-02', before)).toBe(1);
    expect(requiredVisitsInMonth(7, '2026-11', before)).toBe(4);
    expect(requiredVisitsInMonth(7, '2026-11', { fromDate: '2026-11-01', endedDate: null })).toBe(4);
  });

  it('asks of a plan begun or ended within the month only the visits that fit in the days it ran', () => {
    // Begun on the 29th: two days of November, no full week.
    expect(requiredVisitsInMonth(7, '2026-11', { fromDate: '2026-11-29', endedDate: null })).toBe(0);
    // Begun on the 16th: fifteen days (16th–30th), two full weeks; a monthly plan none yet.
    expect(requiredVisitsInMonth(7, '2026-11', { fromDate: '2026-11-16', endedDate: null })).toBe(2);
    expect(requiredVisitsInMonth(30, '2026-11', { fromDate: '2026-11-02', endedDate: null })).toBe(0);
    // Ended on the 14th: the 1st–14th, two full weeks.
    expect(requiredVisitsInMonth(7, '2026-11', { fromDate: '2026-10-01', endedDate: '2026-11-14' })).toBe(2);
    // Begun and ended inside the month.
    expect(requiredVisitsInMonth(7, '2026-11', { fromDate: '2026-11-03', endedDate: '2026-11-09' })).toBe(1);
    // Ended before the month or begun after it: nothing.
    expect(requiredVisitsInMonth(7, '2026-11', { fromDate: '2026-09-01', endedDate: '2026-10-20' })).toBe(0);
    expect(requiredVisitsInMonth(7, '2026-11', { fromDate: '2026-12-01', endedDate: null })).toBe(0);
  });
});
