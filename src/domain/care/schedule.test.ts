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

  it('asks at least one visit a month, four for a weekly plan', () => {
    expect(monthBounds('2026-02')).toEqual({ from: '2026-02-01', to: '2026-03-01', days: 28 });
    expect(monthBounds('2026-12').to).toBe('2027-01-01');
    expect(requiredVisitsInMonth(30, 28)).toBe(1);
    expect(requiredVisitsInMonth(7, 30)).toBe(4);
  });
});
