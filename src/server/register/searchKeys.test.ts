import { describe, expect, it } from 'vitest';
import { residentSearchKeys } from './searchKeys';

describe('resident search keys', () => {
  it('gives pinyin and initials, as workers type them', () => {
    expect(residentSearchKeys('张惠德', null)).toEqual({
      name_pinyin: 'zhanghuide',
      name_initials: 'zhd',
      phone_tail: null,
    });
  });
  it('reads surnames as surnames', () => {
    expect(residentSearchKeys('单雄信', null).name_initials).toBe('sxx');
    expect(residentSearchKeys('曾国藩', null).name_pinyin).toBe('zengguofan');
  });
  it('keeps the last four digits of a phone, whatever its punctuation', () => {
    expect(residentSearchKeys('李华', '139-1234-5678').phone_tail).toBe('5678');
    expect(residentSearchKeys('李华', '12').phone_tail).toBeNull();
  });
});
