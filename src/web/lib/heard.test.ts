import { describe, expect, it } from 'vitest';
import { chineseNumber, toHeard } from './heard';

const zh = (text: string) => toHeard(text, 'zh-CN', { thisYear: 2026 });
const en = (text: string) => toHeard(text, 'en', { thisYear: 2026 });

describe('text to be heard', () => {
  it('says small numbers as people say them', () => {
    expect([0, 7, 10, 12, 20, 31, 99].map(chineseNumber)).toEqual([
      '零',
      '七',
      '十',
      '十二',
      '二十',
      '三十一',
      '九十九',
    ]);
  });

  it('says dates without this year, and with another year digit by digit', () => {
    expect(zh('2026年12月7日')).toBe('十二月七日');
    expect(zh('2026-12-07')).toBe('十二月七日');
    expect(zh('12月7日 去看')).toBe('十二月七日 去看');
    expect(zh('2025年3月1日')).toBe('二〇二五年三月一日');
    expect(zh('2026年12月')).toBe('十二月');
    expect(en('2026-12-07')).toBe('December 7');
    expect(en('2025-03-01')).toBe('March 1, 2025');
  });

  it('says times of day: 08:31 → 八点三十一分, 08:00 → 八点, 08:05 → 八点零五分', () => {
    expect(zh('08:31')).toBe('八点三十一分');
    expect(zh('2026年12月7日 08:31')).toBe('十二月七日 八点三十一分');
    expect(zh('8:00 报平安')).toBe('八点 报平安');
    expect(zh('20:05')).toBe('二十点零五分');
    expect(zh('2026-12-07T08:31:00.000Z')).toBe('十二月七日 八点三十一分');
    expect(en('due 08:31')).toBe('due 8:31');
  });

  it('says an address as building, entrance and flat', () => {
    expect(zh('3-2-401 曹奶奶')).toBe('3号楼2单元401 曹奶奶');
    expect(en('3-2-401')).toBe('building 3, entrance 2, flat 401');
  });

  it('leaves out codes, record ids, links and empty markers', () => {
    expect(zh('report：（空）→ 01a24de9-…')).toBe('report，改为');
    expect(zh('类别：elderly_care')).toBe('类别');
    expect(zh('report.created 已登记')).toBe('已登记');
    expect(zh('编号 6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f 已办完')).toBe('编号 已办完');
    expect(zh('跟进链接：https://linli.example/r/abc123')).toBe('跟进链接');
    expect(zh('⚠ 有情况')).toBe('有情况');
  });

  it('reads money without thousands separators, percentages and phone numbers digit by digit', () => {
    expect(zh('若人均月收入低于 1,395 元')).toBe('若人均月收入低于 1395 元');
    expect(zh('满意率 97%')).toBe('满意率 百分之97');
    expect(zh('电话 13800138000')).toBe('电话 一三八零零一三八零零零');
    expect(en('Call 13800138000')).toBe('Call 1 3 8 0 0 1 3 8 0 0 0');
  });

  it('turns separators into pauses and lines into sentences', () => {
    expect(zh('代缴电费 · 12月7日')).toBe('代缴电费，十二月七日');
    expect(zh('今天要做的事\n曹奶奶 报平安')).toBe('今天要做的事。曹奶奶 报平安');
    expect(zh('已受理。\n在办')).toBe('已受理。 在办');
    expect(en('Checked in\nVisited')).toBe('Checked in. Visited');
  });
});
