/**
 * Finding the header of a register spreadsheet and checking its rows, one at a time, so a reader can
 * stream a 100,000-row file through without holding the sheet.
 */
import type { CareTag } from '../../shared/careTags';
import type { ImportErrorReason, ImportWarningReason, RegisterColumn } from '../../shared/contracts/import';
import {
  careTagsFromText,
  cellText,
  floorFromRoom,
  isBlank,
  normaliseBuilding,
  normaliseEntrance,
  normaliseGender,
  normaliseName,
  normalisePhone,
  normaliseRoom,
  parseBirthCell,
  parseIdCell,
  type RawCell,
  UNSAVED_FORMULA,
} from './importNormalise';

/** Every spelling of a header Linli recognises. Anything else (民族, 政治面貌 …) is read past and not kept. */
export const HEADER_VARIANTS: Record<RegisterColumn, readonly string[]> = {
  building: ['楼号', '楼栋号', '楼栋', '楼', '栋号', '幢号', 'building'],
  entrance: ['单元', '单元号', 'entrance'],
  room: ['门牌号', '房号', '室号', '房间号', '户号', 'room'],
  name: ['姓名', '居民姓名', 'name'],
  gender: ['性别', 'gender', 'sex'],
  relation: ['与户主关系', '关系', '与户主的关系', 'relation'],
  birthDate: ['出生日期', '出生年月日', '出生年月', '生日', 'birthdate', 'dateofbirth'],
  idNumber: ['身份证号', '公民身份号码', '身份证号码', '身份证', 'idnumber'],
  phone: ['联系电话', '手机号', '电话', '手机', '手机号码', '电话号码', 'phone'],
  careNeeds: ['特殊情况', '特殊需要', '照护需要', 'careneeds'],
  remarks: ['备注', 'remarks', 'notes'],
};

const HEADER_LOOKUP = new Map<string, RegisterColumn>(
  Object.entries(HEADER_VARIANTS).flatMap(([column, names]) =>
    names.map((n) => [n, column as RegisterColumn] as const),
  ),
);

/** `身份证号（必填）`, `* 姓名`, `Phone:` → the bare header. */
export function headerKey(cell: RawCell): string {
  return cellText(cell)
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[\s*＊:：_]/g, '')
    .toLowerCase();
}

export interface HeaderMap {
  /** Column index (as the reader numbers cells) of each recognised column. */
  columns: Partial<Record<RegisterColumn, number>>;
  /** The header as written, per column index, for the report. */
  labels: Map<number, string>;
}

/**
 * A row is the header when it names the person and at least two more recognised columns; title rows
 * above it (a merged `XX社区居民登记表`) name none.
 */
export function recogniseHeader(cells: readonly RawCell[]): HeaderMap | null {
  const columns: Partial<Record<RegisterColumn, number>> = {};
  const labels = new Map<number, string>();
  cells.forEach((cell, index) => {
    const column = HEADER_LOOKUP.get(headerKey(cell));
    if (column && columns[column] === undefined) {
      columns[column] = index;
      labels.set(index, cellText(cell));
    }
  });
  const found = Object.keys(columns).length;
  return columns.name !== undefined && found >= 3 ? { columns, labels } : null;
}

export interface ImportRowIssue {
  row: number;
  column: string | null;
  severity: 'error' | 'warning';
  reason: ImportErrorReason | ImportWarningReason;
  /** What the message may quote: a date or phone as written, or the row a duplicate repeats. */
  value?: string | number;
}

/** A row ready to be written: everything normalised, the address split into its parts. */
export interface ImportResidentRow {
  row: number;
  building: string;
  entrance: string;
  room: string;
  floor: number;
  name: string;
  gender: 'male' | 'female';
  birthDate: string | null;
  idNumber: string | null;
  phone: string | null;
  relation: string;
  careTags: CareTag[];
}

export function addressKey(r: Pick<ImportResidentRow, 'building' | 'entrance' | 'room'>): string {
  return `${r.building}\u0000${r.entrance}\u0000${r.room}`;
}

/**
 * Checks rows in file order. It remembers only what a later row needs: the IDs (and, for rows without
 * an ID, name + birth date + address) already imported, and the addresses seen.
 */
export class RegisterRowChecker {
  dataRows = 0;
  private readonly firstRowOf = new Map<string, number>();

  constructor(private readonly header: HeaderMap) {}

  private cell(cells: readonly RawCell[], column: RegisterColumn): RawCell {
    const index = this.header.columns[column];
    return index === undefined ? null : cells[index];
  }

  private label(column: RegisterColumn): string | null {
    const index = this.header.columns[column];
    return index === undefined ? null : (this.header.labels.get(index) ?? null);
  }

  /** null for a blank row (not counted); otherwise the row's issues and, when importable, the row. */
  check(
    rowNumber: number,
    cells: readonly RawCell[],
  ): { issues: ImportRowIssue[]; resident: ImportResidentRow | null } | null {
    if (cells.every(isBlank)) return null;
    this.dataRows++;
    const issues: ImportRowIssue[] = [];
    const error = (column: RegisterColumn | null, reason: ImportErrorReason, value?: string | number) =>
      issues.push({
        row: rowNumber,
        column: column ? this.label(column) : null,
        severity: 'error',
        reason,
        ...(value === undefined ? {} : { value }),
      });
    const warn = (column: RegisterColumn, reason: ImportWarningReason, value?: string) =>
      issues.push({
        row: rowNumber,
        column: this.label(column),
        severity: 'warning',
        reason,
        ...(value === undefined ? {} : { value }),
      });

    for (const column of Object.keys(this.header.columns) as RegisterColumn[]) {
      if (this.cell(cells, column) === UNSAVED_FORMULA) error(column, 'formula_without_value');
    }

    const name = normaliseName(this.cell(cells, 'name'));
    if (name === '' && this.cell(cells, 'name') !== UNSAVED_FORMULA) error('name', 'name_missing');

    const building = normaliseBuilding(this.cell(cells, 'building'));
    const room = normaliseRoom(this.cell(cells, 'room'));
    const entrance = normaliseEntrance(this.cell(cells, 'entrance')) || '1';
    if (building === '' || room === '') error(building === '' ? 'building' : 'room', 'address_missing');

    const id = parseIdCell(this.cell(cells, 'idNumber'));
    if (id.kind === 'error') error('idNumber', id.reason);

    const birthCell = this.cell(cells, 'birthDate');
    const birth = parseBirthCell(birthCell);
    let birthDate: string | null = null;
    if (birth.kind === 'full') birthDate = birth.date;
    if (id.kind === 'ok') {
      const mismatch =
        (birth.kind === 'full' && birth.date !== id.birthDate) ||
        (birth.kind === 'month' && !id.birthDate.startsWith(birth.month));
      if (mismatch)
        error('birthDate', 'birth_mismatch', birth.kind === 'full' ? birth.date : cellText(birthCell));
      birthDate = id.birthDate;
    }
    if (birth.kind === 'unreadable') warn('birthDate', 'birth_unreadable', birth.text);

    const genderCell = this.cell(cells, 'gender');
    let gender = normaliseGender(genderCell);
    if (gender === null) {
      if (id.kind === 'ok') {
        if (!isBlank(genderCell)) warn('gender', 'gender_unknown', cellText(genderCell));
        gender = id.gender;
      } else if (id.kind === 'empty') {
        error('gender', 'gender_missing');
      }
    }

    const phoneCell = this.cell(cells, 'phone');
    const phone = normalisePhone(phoneCell);
    const relation = cellText(this.cell(cells, 'relation'));
    const careTags = careTagsFromText(this.cell(cells, 'careNeeds'));

    const hasError = issues.some((i) => i.severity === 'error');
    let resident: ImportResidentRow | null = null;
    if (!hasError && gender) {
      const candidate: ImportResidentRow = {
        row: rowNumber,
        building,
        entrance,
        room,
        floor: floorFromRoom(room),
        name,
        gender,
        birthDate,
        idNumber: id.kind === 'ok' ? id.id : null,
        phone: phone.phone,
        relation,
        careTags,
      };
      const key =
        candidate.idNumber !== null
          ? `id:${candidate.idNumber}`
          : `person:${name}\u0000${birthDate ?? ''}\u0000${addressKey(candidate)}`;
      const first = this.firstRowOf.get(key);
      if (first !== undefined) {
        error(candidate.idNumber !== null ? 'idNumber' : 'name', 'duplicate_in_file', first);
      } else {
        this.firstRowOf.set(key, rowNumber);
        resident = candidate;
      }
    }
    if (resident && !phone.empty && phone.phone === null) warn('phone', 'phone_invalid', cellText(phoneCell));
    return { issues, resident };
  }
}

/** The counts of a checked file, from its issues and the rows that remain importable. */
export function summariseRows(
  dataRows: number,
  issues: readonly ImportRowIssue[],
  residents: readonly ImportResidentRow[],
) {
  return summariseCounts(dataRows, issues, residents.length, new Set(residents.map(addressKey)).size);
}

/**
 * The same counts when the importable rows were streamed past rather than kept: how many there were,
 * and how many distinct addresses (households) they named.
 */
export function summariseCounts(
  dataRows: number,
  issues: readonly ImportRowIssue[],
  importableRows: number,
  households: number,
) {
  const errorsByReason: Record<string, number> = {};
  const warningsByReason: Record<string, number> = {};
  const errorRows = new Set<number>();
  for (const issue of issues) {
    const into = issue.severity === 'error' ? errorsByReason : warningsByReason;
    into[issue.reason] = (into[issue.reason] ?? 0) + 1;
    if (issue.severity === 'error') errorRows.add(issue.row);
  }
  return {
    data_rows: dataRows,
    importable_rows: importableRows,
    error_rows: errorRows.size,
    errors_by_reason: errorsByReason,
    warnings_by_reason: warningsByReason,
    households,
  };
}
