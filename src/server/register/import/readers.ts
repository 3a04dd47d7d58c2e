import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { type RawCell, UNSAVED_FORMULA } from '../../../domain/register/importNormalise';
import { type HeaderMap, recogniseHeader } from '../../../domain/register/importRows';
import { AppError } from '../../http/errors';
import { checkXlsxInflation } from './xlsxLimits';

/** Where the register was found in the file. */
export interface FileLayout {
  format: 'xlsx' | 'csv';
  sheet?: string;
  encoding?: string;
  headerRow: number;
  titleRows: number;
  header: HeaderMap;
}

/** May answer a promise (rows written in batches): the reader waits for it before reading on. */
export type RowVisitor = (rowNumber: number, cells: readonly RawCell[]) => void | Promise<void>;

/** An error thrown by the visitor (a database error while writing) is not the file's fault: it passes through. */
class VisitorError extends Error {
  constructor(readonly inner: unknown) {
    super('visitor failed');
  }
}

function visitRow(
  visit: RowVisitor,
  rowNumber: number,
  cells: readonly RawCell[],
): Promise<void> | undefined {
  let pending: void | Promise<void>;
  try {
    pending = visit(rowNumber, cells);
  } catch (error) {
    throw new VisitorError(error);
  }
  return pending
    ? pending.catch((error: unknown) => {
        throw new VisitorError(error);
      })
    : undefined;
}
/** Told where the header is, before any row below it; answers what to do with those rows. */
export type OnHeader = (layout: FileLayout) => RowVisitor;

/** Title rows (a merged `XX社区居民登记表`, a date line, a blank line) above the header: at most this many. */
const HEADER_SEARCH_ROWS = 30;

/**
 * Reads a register file row by row: `.xlsx` streamed sheet by sheet, `.csv` in UTF-8 (with or without
 * BOM) or GB18030. The data sheet is the first sheet with a recognised header within its first rows;
 * `onHeader` is told where it is, and the visitor it answers gets every row below it.
 */
export async function readRegisterFile(filePath: string, onHeader: OnHeader): Promise<FileLayout> {
  const head = Buffer.alloc(8);
  let bytesRead = 0;
  try {
    const fd = fs.openSync(filePath, 'r');
    try {
      bytesRead = fs.readSync(fd, head, 0, 8, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    throw new AppError('import.unreadable_file');
  }
  if (bytesRead >= 4 && head.readUInt32LE(0) === 0x04034b50) return readXlsx(filePath, onHeader);
  if (bytesRead >= 4 && head.readUInt32LE(0) === 0xe011cfd0) throw new AppError('import.unreadable_file');
  return readCsv(filePath, onHeader);
}

/** A cell as exceljs gives it (rich text, formula, hyperlink, date …) made plain. */
export function plainCell(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      error?: unknown;
      sharedString?: unknown;
      formula?: unknown;
      sharedFormula?: unknown;
    };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.formula !== undefined || v.sharedFormula !== undefined) {
      return v.result === undefined || v.result === null ? UNSAVED_FORMULA : plainCell(v.result);
    }
    if ('result' in v) return plainCell(v.result);
    if (v.text !== undefined) return plainCell(v.text);
    if ('error' in v) return null;
  }
  return String(value);
}

async function readXlsx(filePath: string, onHeader: OnHeader): Promise<FileLayout> {
  await checkXlsxInflation(filePath);
  let layout: FileLayout | null = null;
  let visit: RowVisitor = () => undefined;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    for await (const worksheet of reader) {
      const sheetName = (worksheet as unknown as { name?: string }).name;
      let header: HeaderMap | null = null;
      // The iteration goes on to the sheet's end even when it is not the data sheet: the zip is one stream.
      for await (const row of worksheet) {
        if (layout && !header) continue;
        const values = row.values as unknown[];
        const cells: RawCell[] = [];
        for (let i = 0; i < values.length; i++) cells[i] = plainCell(values[i]);
        if (header) {
          const pending = visitRow(visit, row.number, cells);
          if (pending) await pending;
        } else if (row.number <= HEADER_SEARCH_ROWS) {
          header = recogniseHeader(cells);
          if (header) {
            layout = {
              format: 'xlsx',
              ...(sheetName ? { sheet: sheetName } : {}),
              headerRow: row.number,
              titleRows: row.number - 1,
              header,
            };
            visit = onHeader(layout);
          }
        }
      }
    }
  } catch (error) {
    if (error instanceof VisitorError) throw error.inner;
    if (error instanceof AppError) throw error;
    throw new AppError('import.unreadable_file');
  }
  if (!layout) throw new AppError('import.no_header');
  return layout;
}

/** UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), else GB18030 as Chinese Excel saves CSV. */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bom ? bytes.subarray(3) : bytes),
      encoding: 'UTF-8',
    };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030' };
  }
}

/** RFC 4180 records: quoted fields (with `""` and line breaks inside), CRLF or LF, any one delimiter. */
export function* csvRecords(text: string, delimiter = ','): Generator<string[]> {
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
    } else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      record.push(field);
      yield record;
      record = [];
      field = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else {
      field += c;
    }
    i++;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    yield record;
  }
}

function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.search(/\r?\n/)) || text.length);
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

async function readCsv(filePath: string, onHeader: OnHeader): Promise<FileLayout> {
  let visit: RowVisitor = () => undefined;
  let decoded: { text: string; encoding: string };
  try {
    decoded = decodeCsv(await fs.promises.readFile(filePath));
  } catch {
    throw new AppError('import.unreadable_file');
  }
  if (decoded.text.includes('\u0000')) throw new AppError('import.unreadable_file');
  let layout: FileLayout | null = null;
  let rowNumber = 0;
  for (const record of csvRecords(decoded.text, sniffDelimiter(decoded.text))) {
    rowNumber++;
    // Cells are numbered from 1, as in a spreadsheet, so both readers index columns alike.
    const cells: RawCell[] = [null, ...record];
    if (layout) {
      const pending = visit(rowNumber, cells);
      if (pending) await pending;
    } else if (rowNumber <= HEADER_SEARCH_ROWS) {
      const header = recogniseHeader(cells);
      if (header) {
        layout = {
          format: 'csv',
          encoding: decoded.encoding,
          headerRow: rowNumber,
          titleRows: rowNumber - 1,
          header,
        };
        visit = onHeader(layout);
      }
    } else {
      break;
    }
  }
  if (!layout) throw new AppError('import.no_header');
  return layout;
}
