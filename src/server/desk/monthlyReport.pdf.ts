import { cellFormat, cellText, reportSections, type Section } from '../../domain/desk/sections';
import type { TMonthlyReport } from '../../shared/contracts/desk';
import { newPdf } from '../pdf/pdfDocument';

const MARGIN = 56;
const ROW = 22;
const BAR_COLOURS = ['#1f5fa8', '#7fa7d6', '#c9c9c9'];

function monthTitle(month: string): string {
  const [year, m] = month.split('-');
  return `${year} 年 ${Number(m)} 月`;
}

/**
 * The monthly report as a PDF: a cover, a first page saying in a few sentences what changed, then each
 * section as a table (rows never split; the header repeats on a new page), bars where a chart helps, and
 * page numbers. One or more communities, each after the other (the subdistrict's report).
 */
export async function monthlyReportPdf(reports: readonly TMonthlyReport[], title: string): Promise<Buffer> {
  const first = reports[0];
  const { doc, done } = newPdf(
    { title, createdAt: new Date(first?.generatedAt ?? Date.now()) },
    { margin: MARGIN, bufferPages: true },
  );
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - 20;

  // Cover.
  doc.fontSize(30).text(title, MARGIN, 220, { width, align: 'center' });
  doc.moveDown(1);
  doc.font('cjk').fontSize(16);
  for (const r of reports) doc.text(r.figures.communityName, { width, align: 'center' });
  doc.moveDown(1);
  doc.fontSize(12).text(`生成时间：${first?.generatedAt ?? ''}`, { width, align: 'center' });

  for (const report of reports) {
    const f = report.figures;
    doc.addPage();
    doc.fontSize(20).text(`${f.communityName} ${monthTitle(f.month)}工作月报`);
    doc.moveDown(0.5);
    doc.fontSize(15).text('本月情况');
    doc.font('cjk').fontSize(13);
    for (const sentence of report.summary) doc.text(sentence, { width, paragraphGap: 6 });
    doc.moveDown(0.5);
    doc.fontSize(11);
    if (report.closed) {
      doc.text(`本月已于 ${report.closed.closedAt} 结账（${report.closed.closedBy ?? ''}），数字校验码：`);
      doc.fontSize(8).text(report.closed.hash);
    } else {
      doc.text('本月尚未结账，数字以生成时为准。');
    }
    // The latest signed audit checkpoint is printed here once checkpoints exist.
    if (report.auditCheckpoint) doc.fontSize(8).text(`审计检查点：${report.auditCheckpoint.hash}`);

    for (const section of reportSections(report)) {
      drawSection(doc, section, width, bottom);
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page; lift it for the footer.
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('cjk')
      .fontSize(9)
      .fillColor('#444')
      .text(`第 ${i + 1} 页 / 共 ${range.count} 页`, MARGIN, doc.page.height - MARGIN + 10, {
        width,
        align: 'center',
      });
    doc.page.margins.bottom = keep;
  }
  doc.end();
  return done;
}

function drawSection(doc: PDFKit.PDFDocument, section: Section, width: number, bottom: () => number) {
  const chartHeight = section.chart && section.rows.length > 0 ? 150 : 0;
  // A heading keeps its header row and first rows (and its chart) on the same page.
  if (doc.y + 40 + chartHeight + 3 * ROW > bottom()) doc.addPage();
  doc.moveDown(0.8);
  doc.fillColor('#000').fontSize(15).text(section.title, MARGIN, doc.y);
  doc.moveDown(0.3);
  if (section.chart && section.rows.length > 0) drawBars(doc, section, width, chartHeight - 20);
  const widths = columnWidths(section, width);
  const header = () =>
    drawRow(
      doc,
      section.columns.map((c) => c.header),
      widths,
      true,
    );
  header();
  if (section.rows.length === 0)
    drawRow(doc, ['本月没有', ...section.columns.slice(1).map(() => '')], widths, false);
  section.rows.forEach((row, i) => {
    if (doc.y + ROW > bottom()) {
      doc.addPage();
      doc.font('cjk').fontSize(10).fillColor('#444').text(`${section.title}（续）`, MARGIN, doc.y);
      header();
    }
    drawRow(
      doc,
      row.map((cell, c) => cellText(cell, cellFormat(section, i, c))),
      widths,
      false,
    );
  });
}

function columnWidths(section: Section, width: number): number[] {
  const rest = section.columns.length - 1;
  const first = rest === 1 ? width * 0.65 : width * 0.4;
  return [first, ...Array.from({ length: rest }, () => (width - first) / rest)];
}

function drawRow(doc: PDFKit.PDFDocument, cells: string[], widths: number[], header: boolean) {
  const y = doc.y;
  let x = MARGIN;
  if (header)
    doc
      .rect(
        MARGIN,
        y,
        widths.reduce((a, b) => a + b, 0),
        ROW,
      )
      .fill('#e8eef6');
  doc.fillColor('#000').fontSize(11);
  cells.forEach((cell, i) => {
    const w = widths[i] ?? 0;
    doc.text(cell, x + 4, y + 5, {
      width: w - 8,
      height: ROW - 4,
      align: i === 0 ? 'left' : 'right',
      lineBreak: false,
      ellipsis: true,
    });
    x += w;
  });
  doc
    .moveTo(MARGIN, y + ROW)
    .lineTo(MARGIN + widths.reduce((a, b) => a + b, 0), y + ROW)
    .lineWidth(0.5)
    .strokeColor('#999')
    .stroke();
  doc.x = MARGIN;
  doc.y = y + ROW;
}

/** Horizontal bars, one group a row, one bar a value column, scaled to the largest value. */
function drawBars(doc: PDFKit.PDFDocument, section: Section, width: number, height: number) {
  const chart = section.chart;
  if (!chart) return;
  const rows = section.rows.slice(0, 8);
  const values = rows.flatMap((r) => chart.valueColumns.map((c) => Number(r[c] ?? 0)));
  const max = Math.max(...values, 0) || 1;
  const top = doc.y;
  const labelWidth = 110;
  const groupHeight = height / rows.length;
  const barHeight = Math.min(14, (groupHeight - 4) / chart.valueColumns.length);
  rows.forEach((row, i) => {
    const y = top + i * groupHeight;
    doc
      .fillColor('#000')
      .font('cjk')
      .fontSize(9)
      .text(String(row[chart.labelColumn] ?? ''), MARGIN, y + 2, {
        width: labelWidth - 6,
        lineBreak: false,
        ellipsis: true,
      });
    chart.valueColumns.forEach((c, j) => {
      const value = row[c];
      if (typeof value !== 'number') return;
      const w = ((width - labelWidth - 60) * value) / max;
      const by = y + j * barHeight;
      doc.rect(MARGIN + labelWidth, by, Math.max(w, 0.5), barHeight - 2).fill(BAR_COLOURS[j] ?? '#888');
      doc
        .fillColor('#000')
        .fontSize(8)
        .text(cellText(value, cellFormat(section, i, c)), MARGIN + labelWidth + w + 4, by, {
          lineBreak: false,
        });
    });
  });
  if (chart.valueColumns.length > 1) {
    let x = MARGIN + labelWidth;
    chart.valueColumns.forEach((c, j) => {
      doc.rect(x, top + height + 2, 8, 8).fill(BAR_COLOURS[j] ?? '#888');
      doc
        .fillColor('#000')
        .fontSize(8)
        .text(section.columns[c]?.header ?? '', x + 11, top + height + 1, { lineBreak: false });
      x += 70;
    });
  }
  doc.x = MARGIN;
  doc.y = top + height + 16;
}
