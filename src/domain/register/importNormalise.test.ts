import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../../shared/idNumber';
import {
  CARE_TAG_LABELS,
  careTagsFromText,
  cellText,
  excelSerialToIso,
  floorFromRoom,
  normaliseBuilding,
  normaliseGender,
  normaliseName,
  normalisePhone,
  normaliseRoom,
  parseBirthCell,
  parseIdCell,
  toHalfWidth,
} from './importNormalise';
import { type HeaderMap, RegisterRowChecker, recogniseHeader, summariseRows } from './importRows';

const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('cell normalisers', () => {
  it('folds full-width digits and letters to ASCII and back again for any ASCII text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii' }), (s) => toHalfWidth(fullWidth(s)) === s));
    expect(toHalfWidth('１２０１室　Ａ')).toBe('1201室 A');
  });

  it('trims stray spaces, and spaces inside Chinese names', () => {
    expect(cellText('  a   b ')).toBe('a b');
    expect(normaliseName(' 萧丽  ')).toBe('萧丽');
    expect(normaliseName('王 大 妈')).toBe('王大妈');
    expect(normaliseName('Anna  Li')).toBe('Anna Li');
  });

  it('reads 男性/女性 and friends', () => {
    expect(normaliseGender('男性')).toBe('male');
    expect(normaliseGender(' 女 ')).toBe('female');
    expect(normaliseGender('？')).toBeNull();
  });

  it('keeps room numbers as written, never 401.0, and takes the floor from them', () => {
    expect(normaliseRoom(401)).toBe('401');
    expect(normaliseRoom('401.0')).toBe('401');
    expect(normaliseRoom('４０１室')).toBe('401');
    expect(normaliseBuilding('6号楼')).toBe('6');
    expect(floorFromRoom('401')).toBe(4);
    expect(floorFromRoom('1201')).toBe(12);
    expect(floorFromRoom('12')).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 99 }), (floor, flat) => {
        const room = `${floor}${String(flat).padStart(2, '0')}`;
        return floorFromRoom(normaliseRoom(Number(room))) === floor;
      }),
    );
  });

  it('reads birth dates as date cells, Excel serials and the usual ways of writing them', () => {
    for (const cell of [
      '1936.5.3',
      '1936年5月3日',
      '1936/05/03',
      '1936-5-3',
      '19360503',
      new Date(Date.UTC(1936, 4, 3)),
    ]) {
      expect(parseBirthCell(cell), String(cell)).toEqual({ kind: 'full', date: '1936-05-03' });
    }
    expect(parseBirthCell(13273)).toEqual({ kind: 'full', date: '1936-05-03' });
    expect(parseBirthCell('1936年5月')).toEqual({ kind: 'month', month: '1936-05' });
    expect(parseBirthCell('不详')).toEqual({ kind: 'unreadable', text: '不详' });
    expect(parseBirthCell('')).toEqual({ kind: 'empty' });
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
  });

  it('turns every Excel serial back into the date it stands for', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1901-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (d) => {
          const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
          const serial = (day - Date.UTC(1899, 11, 30)) / 86_400_000;
          return excelSerialToIso(serial) === new Date(day).toISOString().slice(0, 10);
        },
      ),
    );
  });

  it('accepts every valid ID number, with a lower-case x, and never one stored as a number', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        (d, seq) => {
          const birth = d.toISOString().slice(0, 10);
          const first17 = `110107${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
          const id = first17 + idCheckChar(first17);
          const parsed = parseIdCell(` ${fullWidth(id.toLowerCase())} `);
          return parsed.kind === 'ok' && parsed.id === id && parsed.birthDate === birth;
        },
      ),
    );
    expect(parseIdCell(110107196012073000)).toEqual({ kind: 'error', reason: 'id_stored_as_number' });
    expect(parseIdCell('1.10107E+17')).toEqual({ kind: 'error', reason: 'id_stored_as_number' });
    expect(parseIdCell('110107196608216592')).toEqual({ kind: 'error', reason: 'id_checksum' });
    expect(parseIdCell('1101071966')).toEqual({ kind: 'error', reason: 'id_format' });
    expect(parseIdCell(null)).toEqual({ kind: 'empty' });
  });

  it('keeps real phone numbers and drops impossible ones', () => {
    expect(normalisePhone('139 5877 5543').phone).toBe('13958775543');
    expect(normalisePhone('+86 139-5877-5543').phone).toBe('13958775543');
    expect(normalisePhone('010-65123456').phone).toBe('010-65123456');
    expect(normalisePhone(13958775543).phone).toBe('13958775543');
    expect(normalisePhone('12345')).toEqual({ phone: null, empty: false });
    expect(normalisePhone('')).toEqual({ phone: null, empty: true });
  });

  it('maps the 特殊情况 column to care tags and leaves illness out', () => {
    expect(careTagsFromText('独居；听力障碍；残疾')).toEqual(['hard_of_hearing', 'lives_alone']);
    expect(careTagsFromText('耳背、坐轮椅，不识字')).toEqual([
      'cannot_read',
      'hard_of_hearing',
      'wheelchair',
    ]);
    expect(careTagsFromText('视力差/卧床')).toEqual(['bedridden', 'low_vision']);
    for (const [tag, label] of Object.entries(CARE_TAG_LABELS))
      expect(careTagsFromText(label)).toContain(tag);
  });
});

describe('header and rows', () => {
  const header = recogniseHeader([
    null,
    '楼栋',
    '单元号',
    '室号',
    '姓名',
    '性别',
    '出生日期',
    '身份证号码',
    '电话',
    '民族',
  ]);

  it('recognises header variants and ignores title rows and unknown columns', () => {
    expect(recogniseHeader([null, '石榴里社区居民登记表'])).toBeNull();
    expect(header?.columns).toEqual({
      building: 1,
      entrance: 2,
      room: 3,
      name: 4,
      gender: 5,
      birthDate: 6,
      idNumber: 7,
      phone: 8,
    });
    expect(recogniseHeader([null, '姓名（必填）', '*门牌号', '公民身份号码'])?.columns).toEqual({
      name: 1,
      room: 2,
      idNumber: 3,
    });
  });

  it('counts one household per address and keeps the first of two rows with one ID', () => {
    const checker = new RegisterRowChecker(header as HeaderMap);
    const id = (p: string) => p + idCheckChar(p);
    const a = id('11010719500101001');
    const rows = [
      [null, '1', '1', '101', '甲', '男', '', a, '13912345678', '汉'],
      [null, '1', '1', '101', '乙', '女', '1950/1/2', id('11010719500102002'), '', ''],
      [null, '', '', '', '', '', '', '', '', ''],
      [null, '1', '1', '102', '丙', '男', '', a, '', ''],
      [null, '1', '1', '102', '丁', '男', '1950/1/1', id('11010719500103003'), '', ''],
    ];
    const results = rows.map((cells, i) => checker.check(i + 2, cells));
    expect(results[2]).toBeNull();
    const issues = results.flatMap((r) => r?.issues ?? []);
    const residents = results.flatMap((r) => (r?.resident ? [r.resident] : []));
    expect(issues.map((i) => [i.row, i.reason, i.value])).toEqual([
      [5, 'duplicate_in_file', 2],
      [6, 'birth_mismatch', '1950-01-01'],
    ]);
    expect(summariseRows(checker.dataRows, issues, residents)).toEqual({
      data_rows: 4,
      importable_rows: 2,
      error_rows: 2,
      errors_by_reason: { duplicate_in_file: 1, birth_mismatch: 1 },
      warnings_by_reason: {},
      households: 1,
    });
    expect(residents[0]).toMatchObject({ birthDate: '1950-01-01', gender: 'male', floor: 1, room: '101' });
  });
});
