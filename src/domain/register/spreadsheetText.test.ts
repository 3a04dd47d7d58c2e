import { describe, expect, it } from 'vitest';
import { neutraliseFormula, restoreNeutralised } from './spreadsheetText';

describe('formula-looking text in a spreadsheet', () => {
  it('gets an apostrophe before =, +, -, @, tab and CR, and nothing else does', () => {
    for (const text of [
      "=cmd|' /C calc'!A0",
      '=HYPERLINK("http://x","点我")',
      '+1',
      '-2',
      '@SUM(A1)',
      '\t=1',
      '\r=1',
    ]) {
      expect(neutraliseFormula(text)).toBe(`'${text}`);
    }
    for (const text of ['张三', '13800138000', '', "'=already", ' =1'])
      expect(neutraliseFormula(text)).toBe(text);
  });

  it('comes back as it was when an exported file is imported again', () => {
    for (const text of ['=1+1', '-1', '张三', "'plain"])
      expect(restoreNeutralised(neutraliseFormula(text))).toBe(text);
  });
});
