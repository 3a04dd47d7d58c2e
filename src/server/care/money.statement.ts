import { formatYuan } from '../../domain/care/moneyLedger';
import type { TMoneyEntry, TStatement } from '../../shared/contracts/careKeysMoney';
import { newPdf } from '../pdf/pdfDocument';

/** The monthly statement in large print, for the resident and her family: a printable page and a PDF. */

const KIND_ZH: Record<TMoneyEntry['kind'], string> = { received: '收入', spent: '支出', correction: '更正' };

function yuan(fen: number): string {
  return `${formatYuan(fen)} 元`;
}

function entryLine(e: TMoneyEntry): { date: string; what: string; amount: string; balance: string } {
  const what =
    e.kind === 'correction'
      ? `更正第 ${e.correctsNumber ?? '?'} 笔：${e.purpose}`
      : `${KIND_ZH[e.kind]}：${e.purpose}${e.counterparty ? `（${e.kind === 'received' ? '来自' : '付给'}${e.counterparty}）` : ''}`;
  return {
    date: e.occurredOn,
    what: `${e.number}. ${what}`,
    amount: `${e.signedFen > 0 ? '+' : ''}${yuan(e.signedFen)}`,
    balance: yuan(e.balanceFen),
  };
}

function title(s: TStatement): string {
  const [year, month] = s.month.split('-');
  return `${s.resident.name} 代管钱款 ${year} 年 ${Number(month)} 月账单`;
}

function summaryLines(s: TStatement): [string, string][] {
  return [
    ['上月结余', yuan(s.openingBalanceFen)],
    ['本月收入', yuan(s.receivedFen)],
    ['本月支出', yuan(s.spentFen)],
    ...(s.correctionsFen !== 0 ? ([['本月更正', yuan(s.correctionsFen)]] as [string, string][]) : []),
    ['本月结余', yuan(s.closingBalanceFen)],
  ];
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** A page to print in large type: 24 px and up, high contrast, one column. */
export function statementHtml(s: TStatement): string {
  const rows = s.entries
    .map(entryLine)
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.date)}</td><td>${escapeHtml(l.what)}</td><td class="n">${escapeHtml(l.amount)}</td><td class="n">${escapeHtml(l.balance)}</td></tr>`,
    )
    .join('\n');
  const summary = summaryLines(s)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td class="n">${escapeHtml(v)}</td></tr>`)
    .join('\n');
  const family = s.familyToTell.map((f) => `${f.relation} ${f.name}`).join('、');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title(s))}</title>
<style>
  body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; font-size: 24px; line-height: 1.6; color: #000; background: #fff; margin: 1.5em; }
  h1 { font-size: 36px; margin: 0 0 0.5em; }
  table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; }
  th, td { border: 2px solid #000; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
  td.n { text-align: right; white-space: nowrap; }
  .meta { font-size: 22px; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>${escapeHtml(title(s))}</h1>
<p class="meta">住址：${escapeHtml(s.resident.address.label)}　经手人：${escapeHtml(s.handler.name)}</p>
<table>${summary}</table>
<table>
<thead><tr><th>日期</th><th>事项</th><th>金额</th><th>余额</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="4">本月没有收支。</td></tr>'}
</tbody>
</table>
${family ? `<p class="meta">抄送家属：${escapeHtml(family)}</p>` : ''}
<p class="meta">生成时间：${escapeHtml(s.generatedAt)}</p>
</body>
</html>
`;
}

/** The same statement as a PDF (A4, large type). */
export async function statementPdf(s: TStatement): Promise<Buffer> {
  const { doc, done } = newPdf({ title: title(s), createdAt: new Date(s.generatedAt) });
  doc.fontSize(24).text(title(s));
  doc.moveDown(0.3);
  doc.fontSize(16).text(`住址：${s.resident.address.label}　经手人：${s.handler.name}`);
  doc.moveDown(0.5);
  doc.fontSize(18);
  for (const [k, v] of summaryLines(s)) doc.text(`${k}：${v}`);
  doc.moveDown(0.5);
  doc.fontSize(16);
  if (s.entries.length === 0) doc.text('本月没有收支。');
  for (const e of s.entries) {
    const l = entryLine(e);
    doc.text(`${l.date}　${l.what}`);
    doc.text(`　　金额 ${l.amount}　余额 ${l.balance}`);
    doc.moveDown(0.3);
  }
  if (s.familyToTell.length > 0) {
    doc.moveDown(0.5);
    doc.fontSize(14).text(`抄送家属：${s.familyToTell.map((f) => `${f.relation} ${f.name}`).join('、')}`);
  }
  doc.end();
  return done;
}
