import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { neutraliseFormula } from '../../domain/register/spreadsheetText';
import {
  REPORT_EXPORT_COLUMNS,
  type ReportExportColumn,
  type ReportState,
  type TReportSummary,
  type ZReportExportQuery,
} from '../../shared/contracts/reports';
import type { Language } from '../../shared/errors';
import type { Role, Tier } from '../../shared/roles';
import { appendAudit, byActor } from '../audit/audit.repository';
import { requirePermission } from '../auth/permissions';
import { AppError } from '../http/errors';
import { presentSummaries } from './reports.presenters';
import { reporterPhones, reportsPage } from './reports.repository';
import { type ReportsContext, sortOf, tableFilter } from './reports.usecases';

/** More rows than a person reads in a sheet: narrow the filters first. */
export const EXPORT_MAX_ROWS = 5000;

/** The reporter's own phone (public and hotline reports): the office's and the subdistrict's to see. */
const PHONE_ROLES: readonly Role[] = ['subdistrict', 'worker', 'committee'];

const STATE_NAMES: Record<ReportState, Record<Language, string>> = {
  new: { 'zh-CN': '新报', en: 'New' },
  acknowledged: { 'zh-CN': '已接收', en: 'Acknowledged' },
  in_progress: { 'zh-CN': '处理中', en: 'In progress' },
  resolved: { 'zh-CN': '已解决', en: 'Resolved' },
  referred: { 'zh-CN': '已转办', en: 'Referred' },
  outside_remit: { 'zh-CN': '不属职责范围', en: 'Outside our remit' },
  merged: { 'zh-CN': '已合并', en: 'Merged' },
};

const TIER_NAMES: Record<Tier, Record<Language, string>> = {
  committee: { 'zh-CN': '社区党委', en: 'Community committee' },
  branch: { 'zh-CN': '党支部', en: 'Party branch' },
  group_leader: { 'zh-CN': '党小组长', en: 'Party group leader' },
  party_member: { 'zh-CN': '党员', en: 'Party member' },
  building_leader: { 'zh-CN': '楼门长', en: 'Building leader' },
};

type Row = TReportSummary & { overdue: boolean; reporterPhone: string | null };

const COLUMNS: Record<
  ReportExportColumn,
  { zh: string; en: string; width: number; value: (r: Row, lang: Language) => string | Date | null }
> = {
  createdAt: { zh: '记录时间', en: 'Recorded', width: 18, value: (r) => new Date(r.createdAt) },
  category: { zh: '类别', en: 'Category', width: 14, value: (r) => r.categoryName },
  urgency: { zh: '紧急程度', en: 'Urgency', width: 14, value: (r) => r.urgencyName },
  state: { zh: '状态', en: 'State', width: 12, value: (r, l) => STATE_NAMES[r.state][l] },
  place: { zh: '地点', en: 'Place', width: 14, value: (r) => r.place },
  description: { zh: '内容', en: 'Description', width: 50, value: (r) => r.description },
  onBehalfOf: { zh: '反映人', en: 'On behalf of', width: 12, value: (r) => r.onBehalfOf },
  recordedBy: { zh: '记录人', en: 'Recorded by', width: 14, value: (r) => r.recordedBy },
  responsibleTier: {
    zh: '负责层级',
    en: 'Responsible tier',
    width: 14,
    value: (r, l) => TIER_NAMES[r.responsibleTier][l],
  },
  responsible: { zh: '负责人', en: 'Responsible', width: 12, value: (r) => r.responsible?.name ?? null },
  feedbackDueAt: { zh: '反馈期限', en: 'Feedback due', width: 18, value: (r) => new Date(r.feedbackDueAt) },
  overdue: {
    zh: '超期',
    en: 'Overdue',
    width: 8,
    value: (r, l) => (r.overdue ? (l === 'en' ? 'Yes' : '是') : ''),
  },
  reporterPhone: { zh: '反映人电话', en: 'Reporter phone', width: 14, value: (r) => r.reporterPhone },
};

/** Excel shows times as they are written: China time, which is what the table shows. */
function chinaTime(date: Date): Date {
  return new Date(date.getTime() + 8 * 3_600_000);
}

/**
 * The reports table as a workbook: the same filters and sort, every matching row within the caller's
 * scope, the columns the table shows (the reporter's phone only for roles that may see it), real dates,
 * the header frozen. Each export is audited with its filters; one that carries phones says so.
 */
export async function exportReports(
  ctx: ReportsContext,
  query: z.output<typeof ZReportExportQuery>,
): Promise<Buffer> {
  await requirePermission(ctx, 'reports.read');
  const now = ctx.clock();
  const filter = tableFilter(query, now);
  const columns = (query.columns ?? REPORT_EXPORT_COLUMNS.filter((c) => c !== 'reporterPhone')).filter(
    (c) => c !== 'reporterPhone' || PHONE_ROLES.includes(ctx.actor.user.role),
  );
  const { items, total } = await reportsPage(ctx.db, ctx.actor.scope, filter, {
    ...sortOf(query),
    limit: EXPORT_MAX_ROWS,
    offset: 0,
  });
  if (total > EXPORT_MAX_ROWS) throw new AppError('reports.export_too_large', { max: EXPORT_MAX_ROWS });
  const [summaries, overdue, phones] = await Promise.all([
    presentSummaries(ctx.db, items, ctx.lang),
    columns.includes('overdue')
      ? reportsPage(
          ctx.db,
          ctx.actor.scope,
          { ...filter, overdue: true },
          {
            sort: 'created',
            order: 'desc',
            limit: EXPORT_MAX_ROWS,
            offset: 0,
          },
        ).then((p) => new Set(p.items.map((r) => r.id)))
      : new Set<string>(),
    columns.includes('reporterPhone')
      ? reporterPhones(
          ctx.db,
          items.map((r) => r.id),
        )
      : new Map<string, string>(),
  ]);
  const rows: Row[] = summaries.map((s) => ({
    ...s,
    overdue: overdue.has(s.id),
    reporterPhone: phones.get(s.id) ?? null,
  }));
  const withPhones = columns.includes('reporterPhone');
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'reports.export',
        targetType: 'report',
        fieldClass: withPhones ? 'contact' : null,
        detail: {
          rows: rows.length,
          columns,
          filters: { ...query, columns: undefined },
          ...(withPhones && { phoneReportIds: rows.filter((r) => r.reporterPhone).map((r) => r.id) }),
        },
      }),
    ]),
  );
  return workbook(rows, columns, ctx.lang);
}

async function workbook(rows: readonly Row[], columns: readonly ReportExportColumn[], lang: Language) {
  const book = new ExcelJS.Workbook();
  book.creator = 'Linli 邻里';
  const sheet = book.addWorksheet(lang === 'en' ? 'Reports' : '诉求', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((key) => {
    const c = COLUMNS[key];
    const isDate = key === 'createdAt' || key === 'feedbackDueAt';
    return {
      header: lang === 'en' ? c.en : c.zh,
      key,
      width: c.width,
      ...(isDate && { style: { numFmt: 'yyyy-mm-dd hh:mm' } }),
    };
  });
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    sheet.addRow(
      Object.fromEntries(
        columns.map((key) => {
          const value = COLUMNS[key].value(r, lang);
          if (value instanceof Date) return [key, chinaTime(value)];
          // A resident's words may look like a formula (`=HYPERLINK(…)`): written as text.
          return [key, typeof value === 'string' ? neutraliseFormula(value) : value];
        }),
      ),
    );
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}
