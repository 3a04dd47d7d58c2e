import ExcelJS from 'exceljs';
import { type CellFormat, cellFormat, reportSections } from '../../domain/desk/sections';
import { neutraliseFormula } from '../../domain/register/spreadsheetText';
import type { TMonthlyReport } from '../../shared/contracts/desk';

/** Excel number formats; money and hours are stored as yuan and hours so sums in Excel read right. */
const NUM_FMT: Record<CellFormat, string | undefined> = {
  count: '0',
  percent: '0.0%',
  fen: '#,##0.00',
  hours: '0.0',
  seconds: '0.0',
  text: undefined,
};

function cellValue(value: string | number | null, format: CellFormat): string | number | null {
  // Names people typed (a volunteer, a household's words) may look like a formula: written as text.
  if (typeof value === 'string') return neutraliseFormula(value);
  if (value === null) return value;
  if (format === 'fen') return value / 100;
  if (format === 'hours') return value / 60;
  return value;
}

/** Sheet names are at most 31 characters and unique in a workbook. */
function sheetName(title: string, prefix: string, used: Set<string>): string {
  let name = `${prefix}${title}`.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);
  for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)}-${i}`;
  used.add(name);
  return name;
}

/**
 * The monthly report as a workbook: for each community the summary and one sheet per section, real
 * numbers with their formats, the header row frozen. With several communities a first sheet sets
 * them side by side.
 */
export async function monthlyReportXlsx(reports: readonly TMonthlyReport[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Linli 邻里';
  const used = new Set<string>();
  const several = reports.length > 1;
  const perCommunity = reports.map((r) => ({ report: r, sections: reportSections(r) }));

  if (several) {
    const sheet = book.addWorksheet(sheetName('各社区对比', '', used), {
      views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }],
    });
    const first = perCommunity[0];
    const header = ['社区'];
    const formats: CellFormat[] = [];
    const picks: { section: number; row: number; column: number }[] = [];
    first?.sections.forEach((s, si) => {
      if (!s.rowFormats) return;
      s.rows.forEach((row, ri) => {
        header.push(`${s.title}：${String(row[0])}`);
        formats.push(cellFormat(s, ri, 1));
        picks.push({ section: si, row: ri, column: 1 });
      });
    });
    sheet.addRow(header).font = { bold: true };
    for (const { report, sections } of perCommunity) {
      // Figure tables have the same rows in every community except care outcomes; match by label.
      sheet.addRow([
        report.figures.communityName,
        ...picks.map((p, i) => {
          const label = first?.sections[p.section]?.rows[p.row]?.[0];
          const row = sections[p.section]?.rows.find((r) => r[0] === label);
          return cellValue(row?.[1] ?? null, formats[i] ?? 'count');
        }),
      ]);
    }
    formats.forEach((format, i) => {
      const column = sheet.getColumn(i + 2);
      column.numFmt = NUM_FMT[format] ?? 'General';
      column.width = 14;
    });
    sheet.getColumn(1).width = 20;
  }

  for (const { report, sections } of perCommunity) {
    const prefix = several ? `${report.figures.communityName} ` : '';
    const summary = book.addWorksheet(sheetName('本月情况', prefix, used), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    summary.addRow([`${report.figures.communityName} ${report.figures.month} 工作月报`]).font = {
      bold: true,
    };
    for (const sentence of report.summary) summary.addRow([sentence]);
    summary.addRow([
      report.closed ? `已结账 ${report.closed.closedAt}，校验码 ${report.closed.hash}` : '尚未结账',
    ]);
    summary.getColumn(1).width = 100;

    for (const section of sections) {
      const sheet = book.addWorksheet(sheetName(section.title, prefix, used), {
        views: [{ state: 'frozen', ySplit: 1 }],
      });
      sheet.addRow(section.columns.map((c) => c.header)).font = { bold: true };
      section.rows.forEach((row, ri) => {
        const added = sheet.addRow(row.map((cell, c) => cellValue(cell, cellFormat(section, ri, c))));
        row.forEach((_, c) => {
          const fmt = NUM_FMT[cellFormat(section, ri, c)];
          if (fmt) added.getCell(c + 1).numFmt = fmt;
        });
      });
      section.columns.forEach((_, c) => {
        sheet.getColumn(c + 1).width = c === 0 ? 32 : 14;
      });
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
