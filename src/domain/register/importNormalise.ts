/**
 * The pure rules that turn a cell of a community worker's spreadsheet into a value Linli stores.
 * No I/O: the readers hand over cells as the spreadsheet holds them (text, number, date, empty).
 */
import type { CareTag } from '../../shared/careTags';
import { birthDateFromId, checkIdNumber, genderFromId, normaliseIdNumber } from '../../shared/idNumber';
import { restoreNeutralised } from './spreadsheetText';

/**
 * A formula cell saved without its result (files written by programs rather than by Excel often are):
 * Linli does not compute formulas, so the cell has no value to read and its row is reported.
 */
export const UNSAVED_FORMULA: unique symbol = Symbol('formula without a saved result');

/** A cell as a reader hands it over. */
export type RawCell = string | number | boolean | Date | typeof UNSAVED_FORMULA | null | undefined;

/** Full-width digits, letters and punctuation (Ａ１－) become ASCII; the ideographic space a plain one. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Text of a cell with full-width characters folded, spaces trimmed and runs of spaces made one. */
export function cellText(cell: RawCell): string {
  if (cell === null || cell === undefined || cell === UNSAVED_FORMULA) return '';
  if (cell instanceof Date)
    return isoDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate()) ?? '';
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return toHalfWidth(restoreNeutralised(cell))
    .replace(/[\s\u00a0\u200b\ufeff]+/g, ' ')
    .trim();
}

export function isBlank(cell: RawCell): boolean {
  return cell !== UNSAVED_FORMULA && cellText(cell) === '';
}

/** Names: trimmed, no spaces between Chinese characters (` 萧丽  ` → `萧丽`), one space between Latin words. */
export function normaliseName(cell: RawCell): string {
  return cellText(cell).replace(/(?<=[\u3400-\u9fff\u00b7]) (?=[\u3400-\u9fff\u00b7])/g, '');
}

export function normaliseGender(cell: RawCell): 'male' | 'female' | null {
  const text = cellText(cell).toLowerCase();
  if (['男', '男性', 'm', 'male', '1'].includes(text)) return 'male';
  if (['女', '女性', 'f', 'female', '2'].includes(text)) return 'female';
  return null;
}

/** `6`, `6.0`, `６号楼`, `6栋` → `6`; `3单元` → `3`; `401室`, `401.0` → `401`. */
function addressPart(cell: RawCell, suffixes: RegExp): string {
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(Math.round(cell));
  const text = cellText(cell).replace(/\s/g, '').replace(suffixes, '');
  return /^\d+\.0+$/.test(text) ? text.replace(/\.0+$/, '') : text;
}

export function normaliseBuilding(cell: RawCell): string {
  return addressPart(cell, /(号楼|号|栋|幢|楼)$/);
}

export function normaliseEntrance(cell: RawCell): string {
  return addressPart(cell, /(单元|门|号)$/);
}

export function normaliseRoom(cell: RawCell): string {
  return addressPart(cell, /(室|号|房)$/);
}

/** The floor a room number tells: `401` → 4, `1201` → 12; two digits or fewer → the ground floor. */
export function floorFromRoom(room: string): number {
  const digits = /^(\d+)/.exec(room)?.[1];
  if (!digits || digits.length < 3) return 1;
  return Math.max(1, Math.floor(Number(digits) / 100));
}

export function isoDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1880 ||
    y > 2200 ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d
  )
    return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Excel's day numbers (1900 date system, with its phantom 29 February 1900 before day 61). */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return null;
  const days = Math.floor(serial) - (serial < 61 ? 1 : 2);
  const date = new Date(Date.UTC(1900, 0, 1) + days * 86_400_000);
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/**
 * A birth date as workers write it. `full`: a whole date; `month`: only year and month (出生年月);
 * `unreadable`: something was written but is no date; `empty`: nothing.
 */
export type BirthCell =
  | { kind: 'full'; date: string }
  | { kind: 'month'; month: string }
  | { kind: 'unreadable'; text: string }
  | { kind: 'empty' };

export function parseBirthCell(cell: RawCell): BirthCell {
  if (cell instanceof Date) {
    const date = isoDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
    return date ? { kind: 'full', date } : { kind: 'unreadable', text: cell.toISOString() };
  }
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 18_800_101 && cell <= 22_001_231) {
      const date = isoDate(Math.floor(cell / 10_000), Math.floor(cell / 100) % 100, cell % 100);
      if (date) return { kind: 'full', date };
    }
    const date = excelSerialToIso(cell);
    return date ? { kind: 'full', date } : { kind: 'unreadable', text: String(cell) };
  }
  const text = cellText(cell).replace(/\s/g, '');
  if (text === '') return { kind: 'empty' };
  let m = /^(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?$/.exec(text);
  if (m) {
    const date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return date ? { kind: 'full', date } : { kind: 'unreadable', text };
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) {
    const date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return date ? { kind: 'full', date } : { kind: 'unreadable', text };
  }
  m = /^(\d{4})[.\-/年](\d{1,2})月?$/.exec(text);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[1]) >= 1880) {
    return { kind: 'month', month: `${m[1]}-${String(Number(m[2])).padStart(2, '0')}` };
  }
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const date = excelSerialToIso(Number(text));
    if (date) return { kind: 'full', date };
  }
  return { kind: 'unreadable', text };
}

export type IdCell =
  | { kind: 'empty' }
  | { kind: 'ok'; id: string; birthDate: string; gender: 'male' | 'female' }
  | { kind: 'error'; reason: 'id_stored_as_number' | 'id_format' | 'id_checksum' };

/**
 * An ID number cell. A number cell (or text like `1.10107E+17`) has lost its last digits: 18 digits do
 * not fit a spreadsheet number, so the value is never saved, not even partly.
 */
export function parseIdCell(cell: RawCell): IdCell {
  if (typeof cell === 'number') {
    return { kind: 'error', reason: Math.abs(cell) >= 1e14 ? 'id_stored_as_number' : 'id_format' };
  }
  const text = cellText(cell)
    .replace(/\s/g, '')
    .replace(/^['‘’]/, '');
  if (text === '') return { kind: 'empty' };
  if (/^\d+(\.\d+)?e\+?\d+$/i.test(text)) return { kind: 'error', reason: 'id_stored_as_number' };
  const id = normaliseIdNumber(text);
  const problem = checkIdNumber(id);
  if (problem) return { kind: 'error', reason: problem };
  return { kind: 'ok', id, birthDate: birthDateFromId(id) ?? '', gender: genderFromId(id) };
}

export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** `139 5877 5543`, `+86 139-5877-5543` → `13958775543`; `010-65123456` kept; null when it is no phone number. */
export function normalisePhone(cell: RawCell): { phone: string | null; empty: boolean } {
  const text = cellText(cell).replace(/[\s()（）]/g, '');
  if (text === '') return { phone: null, empty: true };
  const mobile = text.replace(/^(\+|00)?86-?/, '').replaceAll('-', '');
  if (/^1[3-9]\d{9}$/.test(mobile)) return { phone: mobile, empty: false };
  return { phone: PHONE_PATTERN.test(text) ? text : null, empty: false };
}

/** Words in the 特殊情况 column and the care tag each means. Illness and disability are not care tags. */
const CARE_WORDS: readonly [RegExp, CareTag][] = [
  [/独居|孤寡|空巢/, 'lives_alone'],
  [/独居老人|孤寡|空巢/, 'elderly_alone'],
  [/听力|耳背|耳聋|聋/, 'hard_of_hearing'],
  [/视力|眼花|失明|盲/, 'low_vision'],
  [/轮椅/, 'wheelchair'],
  [/不识字|文盲/, 'cannot_read'],
  [/卧床|瘫痪/, 'bedridden'],
  [/失智|痴呆|认知障碍/, 'dementia'],
];

/** `独居；听力障碍；残疾` → lives_alone, hard_of_hearing (残疾 is a health matter and is not imported). */
export function careTagsFromText(cell: RawCell): CareTag[] {
  const text = cellText(cell);
  if (text === '') return [];
  const tags = new Set<CareTag>();
  for (const part of text.split(/[;；,，、/\s]+/)) {
    for (const [pattern, tag] of CARE_WORDS) if (pattern.test(part)) tags.add(tag);
  }
  return [...tags].sort();
}

/** The label an export writes for a care tag; `careTagsFromText` reads each back as the same tag. */
export const CARE_TAG_LABELS: Record<CareTag, string> = {
  lives_alone: '独居',
  elderly_alone: '独居老人',
  hard_of_hearing: '听力障碍',
  low_vision: '视力障碍',
  wheelchair: '轮椅',
  cannot_read: '不识字',
  bedridden: '卧床',
  dementia: '失智',
};
