import { describe, expect, it } from 'vitest';
import { isWorkingDay } from '../calendar';
import {
  grantPapersDueOn,
  maskName,
  noticeEnded,
  noticeEndsOn,
  oneYearAfter,
  workingDaysLeft,
} from './notice';

describe('public notice calendar', () => {
  it('masks the middle of a name, keeps the family name and the last character', () => {
    expect(maskName('张惠明')).toBe('张*明');
    expect(maskName('张明')).toBe('张*');
    expect(maskName('欧阳惠明')).toBe('欧**明');
    expect(maskName(' 李 ')).toBe('*');
  });

  it('counts 7 working days from a Monday, the start included, skipping the weekend', () => {
    // 2026-11-30 is a Monday.
    expect(isWorkingDay('2026-11-30')).toBe(true);
    expect(noticeEndsOn('2026-11-30')).toBe('2026-12-08');
    // From a Friday: Fri, Mon–Fri, Mon.
    expect(noticeEndsOn('2026-12-04')).toBe('2026-12-14');
  });

  it('a notice put up on a weekend starts counting on Monday', () => {
    expect(isWorkingDay('2026-11-29')).toBe(false);
    expect(noticeEndsOn('2026-11-29')).toBe(noticeEndsOn('2026-11-30'));
  });

  it('skips public holidays and counts the weekend days moved to work (调休)', () => {
    // National Day 2026: 1–7 October off; Saturday 10 October is a working day.
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    // Put up on Tuesday 29 September: 29, 30 September, then 8, 9, 10 (Saturday, worked), 12, 13 October.
    expect(noticeEndsOn('2026-09-29')).toBe('2026-10-13');
    expect(workingDaysLeft('2026-10-13', '2026-10-01')).toBe(5);
  });

  it('working days left include today and reach 0 once the notice is over', () => {
    const endsOn = noticeEndsOn('2026-11-30');
    expect(workingDaysLeft(endsOn, '2026-11-30')).toBe(7);
    expect(workingDaysLeft(endsOn, '2026-12-05')).toBe(2);
    expect(workingDaysLeft(endsOn, endsOn)).toBe(1);
    expect(workingDaysLeft(endsOn, '2026-12-09')).toBe(0);
    expect(noticeEnded(endsOn, endsOn)).toBe(false);
    expect(noticeEnded(endsOn, '2026-12-09')).toBe(true);
  });

  it('papers are due 5 days after payment, a review one year after the start', () => {
    expect(grantPapersDueOn('2026-12-30')).toBe('2027-01-04');
    expect(oneYearAfter('2026-11-29')).toBe('2027-11-29');
    expect(oneYearAfter('2028-02-29')).toBe('2029-03-01');
  });
});
