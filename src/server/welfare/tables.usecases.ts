import ExcelJS from 'exceljs';
import { neutraliseFormula } from '../../domain/register/spreadsheetText';
import { workingDaysLeft } from '../../domain/welfare/notice';
import type {
  ApplicationExportColumn,
  DecisionExportColumn,
  GrantExportColumn,
  NoticeExportColumn,
  TApplicationExportQuery,
  TApplicationTableQuery,
  TApplicationTableRow,
  TDecisionExportQuery,
  TDecisionTableQuery,
  TDecisionTableRow,
  TGrantExportQuery,
  TGrantTableQuery,
  TGrantTableRow,
  TNoticeExportQuery,
  TNoticeTableQuery,
  TNoticeTableRow,
} from '../../shared/contracts/welfareTables';
import type { Language } from '../../shared/errors';
import { type AuditEntry, appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { canSee } from '../auth/scope';
import { localDate } from '../clock';
import { AppError } from '../http/errors';
import { policyTitle } from './applications.usecases';
import { householdOr404, welfareRead } from './decisions.usecases';
import { headsOf } from './households.repository';
import { findNoticeInScope } from './notices.repository';
import { noticeTitle } from './notices.usecases';
import {
  type ApplicationTableRecord,
  applicationPage,
  applicationRows,
  buildingInScope,
  type DecisionTableRecord,
  decisionPage,
  decisionRows,
  type GrantTableRecord,
  grantPage,
  grantRows,
  type NoticeTableRecord,
  noticePage,
  noticeRows,
  numbers,
} from './tables.repository';

/**
 * The welfare office's tables (issue 23): applications, decisions, emergency grants and public notices as
 * pages with a total, and each as .xlsx of exactly what the table shows. Scope as every welfare route; a
 * household, building or notice named in a filter outside it is the same 404 as one that does not exist,
 * and the attempt is recorded. Every application, decision and grant listed or exported is a welfare read
 * in the audit trail; the applicant's ID number goes out only in the export, only to roles that see ID
 * numbers, each one audited as an identity read.
 */

/** More rows than anyone reads in a sheet: narrow the filters first. */
export const WELFARE_EXPORT_MAX_ROWS = 50_000;

/** The ids a filter names must be the caller's to name. */
async function checkNamed(
  ctx: AccessContext,
  query: { buildingId?: string | undefined; householdId?: string | undefined; noticeId?: string | undefined },
): Promise<void> {
  if (query.buildingId && !(await buildingInScope(ctx.db, ctx.actor.scope, query.buildingId)))
    await denyNotFound(ctx, new AppError('register.building_not_found', {}, 'buildingId'), {
      type: 'building',
      id: query.buildingId,
    });
  if (query.householdId) await householdOr404(ctx, query.householdId);
  if (query.noticeId && !(await findNoticeInScope(ctx.db, ctx.actor.scope, query.noticeId)))
    await denyNotFound(ctx, new AppError('welfare.notice_not_found'), {
      type: 'welfare_notice',
      id: query.noticeId,
    });
}

type Addressed = {
  householdId: string;
  buildingNumber: string;
  entranceNumber: string;
  floor: number;
  room: string;
};

function householdRef(r: Addressed, heads: Map<string, string>) {
  return {
    householdId: r.householdId,
    name: heads.get(r.householdId) ?? '',
    address: {
      buildingNumber: r.buildingNumber,
      entranceNumber: r.entranceNumber,
      floor: r.floor,
      room: r.room,
      label: `${r.buildingNumber}-${r.entranceNumber}-${r.room}`,
    },
  };
}

async function appendAll(ctx: AccessContext, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await ctx.db.transaction().execute((trx) => appendAudit(trx, ctx.clock(), entries));
}

/** The export itself, with its filters and columns, besides the reads of each record in it. */
function exported(
  ctx: AccessContext,
  table: string,
  rows: number,
  query: object,
  columns: readonly string[],
) {
  return byActor(ctx.actor, {
    action: 'welfare.export',
    targetType: table,
    fieldClass: 'finance',
    detail: { rows, columns, filters: { ...query, columns: undefined } },
  });
}

function tooLarge(rows: readonly unknown[]): void {
  if (rows.length > WELFARE_EXPORT_MAX_ROWS) throw new AppError('registry.export_too_large');
}

// ——— Applications ———

type Documents = { key: string; label: string; received: boolean }[];

function presentApplications(
  rows: readonly ApplicationTableRecord[],
  heads: Map<string, string>,
  lang: Language,
): TApplicationTableRow[] {
  return rows.map((r) => ({
    id: r.id,
    household: householdRef(r, heads),
    applicantName: r.applicantName,
    policyId: r.policyId,
    policyTitle: policyTitle(r.policyId, lang),
    status: r.status,
    outcome: r.outcome,
    amountFen: r.amountFen === null ? null : Number(r.amountFen),
    missingDocuments: (JSON.parse(r.documents) as Documents).filter((d) => !d.received).map((d) => d.label),
    filedAt: r.filedAt,
    filedBy: r.filedBy,
    noticeId: r.noticeId,
  }));
}

const applicationRead = (ctx: AccessContext, r: { id: string; communityId: string }, purpose?: string) =>
  welfareRead(ctx, { type: 'welfare_application', id: r.id, communityId: r.communityId }, purpose);

export async function applicationTable(ctx: AccessContext, query: TApplicationTableQuery, lang: Language) {
  await requirePermission(ctx, 'welfare.read');
  await checkNamed(ctx, query);
  const page = await applicationPage(ctx.db, ctx.actor.scope, query);
  const heads = await headsOf(
    ctx.db,
    page.items.map((r) => r.householdId),
  );
  await appendAll(
    ctx,
    page.items.map((r) => applicationRead(ctx, r)),
  );
  return { total: page.total, items: presentApplications(page.items, heads, lang) };
}

// ——— Decisions ———

function presentDecisionRows(
  rows: readonly DecisionTableRecord[],
  heads: Map<string, string>,
  lang: Language,
): TDecisionTableRow[] {
  return rows.map((r) => ({
    id: r.id,
    household: householdRef(r, heads),
    policyId: r.policyId,
    policyTitle: policyTitle(r.policyId, lang),
    date: r.date,
    outcome: r.outcome,
    amountFen: r.amountFen === null ? null : Number(r.amountFen),
    hardship: r.hardship,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
  }));
}

const decisionRead = (ctx: AccessContext, r: { id: string; communityId: string }, purpose?: string) =>
  welfareRead(ctx, { type: 'welfare_decision', id: r.id, communityId: r.communityId }, purpose);

export async function decisionTable(ctx: AccessContext, query: TDecisionTableQuery, lang: Language) {
  await requirePermission(ctx, 'welfare.read');
  await checkNamed(ctx, query);
  const page = await decisionPage(ctx.db, ctx.actor.scope, query);
  const heads = await headsOf(
    ctx.db,
    page.items.map((r) => r.householdId),
  );
  await appendAll(
    ctx,
    page.items.map((r) => decisionRead(ctx, r)),
  );
  return { total: page.total, items: presentDecisionRows(page.items, heads, lang) };
}

// ——— Emergency grants ———

function presentGrantRows(
  rows: readonly GrantTableRecord[],
  heads: Map<string, string>,
  today: string,
): TGrantTableRow[] {
  return rows.map((r) => ({
    id: r.id,
    household: householdRef(r, heads),
    hardship: r.hardship,
    amountFen: Number(r.amountFen),
    reason: r.reason,
    fastPath: Number(r.fastPath) === 1,
    paidOn: r.paidOn,
    papersDueOn: r.papersDueOn,
    papersCompletedOn: r.papersCompletedOn,
    papersOverdue: r.papersDueOn !== null && r.papersCompletedOn === null && today > r.papersDueOn,
    grantedBy: r.grantedBy,
  }));
}

const grantRead = (ctx: AccessContext, r: { id: string; communityId: string }, purpose?: string) =>
  welfareRead(ctx, { type: 'welfare_emergency_grant', id: r.id, communityId: r.communityId }, purpose);

export async function grantTable(ctx: AccessContext, query: TGrantTableQuery) {
  await requirePermission(ctx, 'welfare.read');
  await checkNamed(ctx, query);
  const today = localDate(ctx.clock());
  const page = await grantPage(ctx.db, ctx.actor.scope, query, today);
  const heads = await headsOf(
    ctx.db,
    page.items.map((r) => r.householdId),
  );
  await appendAll(
    ctx,
    page.items.map((r) => grantRead(ctx, r)),
  );
  return { total: page.total, totalFen: page.totalFen, items: presentGrantRows(page.items, heads, today) };
}

// ——— Public notices ———

function presentNoticeRows(
  rows: readonly NoticeTableRecord[],
  today: string,
  lang: Language,
): TNoticeTableRow[] {
  return rows.map((r) => ({
    id: r.id,
    policyId: r.policyId,
    policyTitle: policyTitle(r.policyId, lang),
    title: noticeTitle(r.policyId, lang),
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    workingDaysLeft: workingDaysLeft(r.endsOn, today > r.startsOn ? today : r.startsOn),
    entries: r.entries,
    objections: r.objections,
    unanswered: r.unanswered,
    publishedBy: r.publishedBy,
  }));
}

/** Notices are posted publicly (masked names, building, amount): listing them reads nothing sensitive. */
export async function noticeTable(ctx: AccessContext, query: TNoticeTableQuery, lang: Language) {
  await requirePermission(ctx, 'welfare.read');
  const today = localDate(ctx.clock());
  const page = await noticePage(ctx.db, ctx.actor.scope, query, today);
  return { total: page.total, items: presentNoticeRows(page.items, today, lang) };
}

// ——— The spreadsheets ———

type Cell = string | number | Date | null;
interface ColumnSpec<R> {
  zh: string;
  en: string;
  width: number;
  /** Excel's number format: dates and money are real values, not text. */
  format?: string;
  value: (row: R, lang: Language) => Cell;
}

const STATUS_NAMES: Record<TApplicationTableRow['status'], [string, string]> = {
  filed: ['已受理，待审核', 'Filed, waiting for review'],
  reviewed: ['已审核，待公示', 'Reviewed, waiting for notice'],
  on_notice: ['公示中', 'On public notice'],
  approved: ['已批准', 'Approved'],
  rejected: ['未批准', 'Not approved'],
  withdrawn: ['已撤回', 'Withdrawn'],
};
const OUTCOME_NAMES: Record<TDecisionTableRow['outcome'], [string, string]> = {
  eligible: ['符合条件', 'Eligible'],
  not_eligible: ['不符合条件', 'Not eligible'],
  needs_evidence: ['还缺材料', 'Needs evidence'],
};
const HARDSHIP_NAMES: Record<string, [string, string]> = {
  illness: ['因病', 'Illness'],
  accident: ['意外', 'Accident'],
  disaster: ['灾害', 'Disaster'],
};
const say = (pair: [string, string] | undefined, lang: Language, fallback = '') =>
  pair ? (lang === 'en' ? pair[1] : pair[0]) : fallback;
const yuanOf = (fen: number | null) => (fen === null ? null : fen / 100);
/** A stored instant as the China day and time the table shows. */
const chinaTime = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000);
/** A China calendar day as Excel's date (midnight, no zone). */
const day = (d: string | null) => (d === null ? null : new Date(`${d}T00:00:00Z`));
const MONEY = '#,##0.00';
const DAY = 'yyyy-mm-dd';

type ApplicationSheetRow = TApplicationTableRow & { idNumber: string | null };

const APPLICATION_COLUMNS: Record<ApplicationExportColumn, ColumnSpec<ApplicationSheetRow>> = {
  filedAt: {
    zh: '申请时间',
    en: 'Filed',
    width: 18,
    format: 'yyyy-mm-dd hh:mm',
    value: (r) => chinaTime(r.filedAt),
  },
  applicant: { zh: '申请人', en: 'Applicant', width: 12, value: (r) => r.applicantName },
  address: { zh: '门牌', en: 'Address', width: 12, value: (r) => r.household.address.label },
  policy: { zh: '政策', en: 'Policy', width: 24, value: (r) => r.policyTitle },
  status: { zh: '进度', en: 'Status', width: 16, value: (r, l) => say(STATUS_NAMES[r.status], l) },
  outcome: { zh: '认定结果', en: 'Outcome', width: 12, value: (r, l) => say(OUTCOME_NAMES[r.outcome], l) },
  amount: {
    zh: '每月金额（元）',
    en: 'Monthly (yuan)',
    width: 14,
    format: MONEY,
    value: (r) => yuanOf(r.amountFen),
  },
  missingDocuments: {
    zh: '缺的材料',
    en: 'Missing documents',
    width: 30,
    value: (r, l) => r.missingDocuments.join(l === 'en' ? '; ' : '；'),
  },
  filedBy: { zh: '经办人', en: 'Filed by', width: 12, value: (r) => r.filedBy },
  idNumber: { zh: '申请人身份证号', en: 'Applicant ID number', width: 22, value: (r) => r.idNumber },
};

const DECISION_COLUMNS: Record<DecisionExportColumn, ColumnSpec<TDecisionTableRow>> = {
  createdAt: {
    zh: '认定时间',
    en: 'Made',
    width: 18,
    format: 'yyyy-mm-dd hh:mm',
    value: (r) => chinaTime(r.createdAt),
  },
  address: { zh: '门牌', en: 'Address', width: 12, value: (r) => r.household.address.label },
  name: { zh: '户主', en: 'Head of household', width: 12, value: (r) => r.household.name },
  policy: { zh: '政策', en: 'Policy', width: 24, value: (r) => r.policyTitle },
  date: { zh: '按哪天的标准', en: 'Rules of', width: 14, format: DAY, value: (r) => day(r.date) },
  outcome: { zh: '认定结果', en: 'Outcome', width: 12, value: (r, l) => say(OUTCOME_NAMES[r.outcome], l) },
  amount: {
    zh: '每月金额（元）',
    en: 'Monthly (yuan)',
    width: 14,
    format: MONEY,
    value: (r) => yuanOf(r.amountFen),
  },
  hardship: {
    zh: '困难原因',
    en: 'Hardship',
    width: 10,
    value: (r, l) => (r.hardship ? say(HARDSHIP_NAMES[r.hardship], l, r.hardship) : ''),
  },
  createdBy: { zh: '经办人', en: 'Made by', width: 12, value: (r) => r.createdBy },
};

function papersText(r: TGrantTableRow, lang: Language): string {
  if (r.papersCompletedOn)
    return lang === 'en' ? `Completed ${r.papersCompletedOn}` : `${r.papersCompletedOn} 已补齐`;
  if (r.papersDueOn === null) return lang === 'en' ? 'Not needed' : '不需要补';
  if (r.papersOverdue)
    return lang === 'en' ? `Overdue since ${r.papersDueOn}` : `逾期（应于 ${r.papersDueOn} 前补齐）`;
  return lang === 'en' ? `Due by ${r.papersDueOn}` : `${r.papersDueOn} 前补齐`;
}

const GRANT_COLUMNS: Record<GrantExportColumn, ColumnSpec<TGrantTableRow>> = {
  paidOn: { zh: '发放日期', en: 'Paid on', width: 14, format: DAY, value: (r) => day(r.paidOn) },
  address: { zh: '门牌', en: 'Address', width: 12, value: (r) => r.household.address.label },
  name: { zh: '户主', en: 'Head of household', width: 12, value: (r) => r.household.name },
  hardship: {
    zh: '困难原因',
    en: 'Hardship',
    width: 10,
    value: (r, l) => say(HARDSHIP_NAMES[r.hardship], l),
  },
  amount: {
    zh: '金额（元）',
    en: 'Amount (yuan)',
    width: 12,
    format: MONEY,
    value: (r) => r.amountFen / 100,
  },
  reason: { zh: '事由', en: 'Reason', width: 36, value: (r) => r.reason },
  papers: { zh: '补办手续', en: 'Papers', width: 24, value: papersText },
  grantedBy: { zh: '经办人', en: 'Granted by', width: 12, value: (r) => r.grantedBy },
};

const NOTICE_COLUMNS: Record<NoticeExportColumn, ColumnSpec<TNoticeTableRow>> = {
  title: { zh: '公示', en: 'Notice', width: 30, value: (r) => r.title },
  startsOn: { zh: '开始', en: 'Starts', width: 12, format: DAY, value: (r) => day(r.startsOn) },
  endsOn: { zh: '结束', en: 'Ends', width: 12, format: DAY, value: (r) => day(r.endsOn) },
  daysLeft: { zh: '剩余工作日', en: 'Working days left', width: 12, value: (r) => r.workingDaysLeft },
  entries: { zh: '公示人数', en: 'Applications', width: 10, value: (r) => r.entries },
  objections: { zh: '异议', en: 'Objections', width: 8, value: (r) => r.objections },
  unanswered: { zh: '未答复异议', en: 'Unanswered', width: 12, value: (r) => r.unanswered },
  publishedBy: { zh: '发布人', en: 'Published by', width: 12, value: (r) => r.publishedBy },
};

const SHEETS = {
  applications: ['申请', 'Applications'],
  decisions: ['认定结果', 'Decisions'],
  grants: ['临时救助', 'Emergency aid'],
  notices: ['公示', 'Public notices'],
} as const;

async function workbook<R, C extends string>(
  sheetName: readonly [string, string],
  specs: Record<C, ColumnSpec<R>>,
  columns: readonly C[],
  rows: readonly R[],
  lang: Language,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Linli 邻里';
  const sheet = book.addWorksheet(lang === 'en' ? sheetName[1] : sheetName[0], {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((key) => {
    const spec = specs[key];
    return {
      header: lang === 'en' ? spec.en : spec.zh,
      key,
      width: spec.width,
      ...(spec.format && { style: { numFmt: spec.format } }),
    };
  });
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(
      Object.fromEntries(
        columns.map((key) => {
          const value = specs[key].value(row, lang);
          return [key, typeof value === 'string' ? neutraliseFormula(value) : value];
        }),
      ),
    );
  }
  if (columns.length > 0)
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * The applications table as .xlsx. The applicant's ID number only for roles that see ID numbers (asked
 * for without the right, the column is left out), each one exported audited as an identity read.
 */
export async function exportApplications(
  ctx: AccessContext,
  query: TApplicationExportQuery,
  lang: Language,
): Promise<Buffer> {
  await requirePermission(ctx, 'welfare.read');
  await checkNamed(ctx, query);
  const records = await applicationRows(ctx.db, ctx.actor.scope, query)
    .limit(WELFARE_EXPORT_MAX_ROWS + 1)
    .execute();
  tooLarge(records);
  const columns = query.columns.filter((c) => c !== 'idNumber' || canSee(ctx.actor.scope, 'identity'));
  const withIds = columns.includes('idNumber');
  const heads = await headsOf(
    ctx.db,
    records.map((r) => r.householdId),
  );
  const presented = presentApplications(
    records.map((r) => ({ ...r, floor: Number(r.floor) })),
    heads,
    lang,
  );
  const rows = presented.map((row, i) => ({
    ...row,
    idNumber: withIds ? (records[i]?.applicantIdNumber ?? null) : null,
  }));
  const audit: AuditEntry[] = [exported(ctx, 'welfare_application', rows.length, query, columns)];
  for (const r of records) {
    audit.push(applicationRead(ctx, r, 'welfare_table_export'));
    if (withIds && r.applicantIdNumber)
      audit.push(
        byActor(ctx.actor, {
          action: 'read.sensitive',
          residentId: r.applicantResidentId,
          communityId: r.communityId,
          fieldClass: 'identity',
          purpose: 'welfare_applications_export',
        }),
      );
  }
  await appendAll(ctx, audit);
  return workbook(SHEETS.applications, APPLICATION_COLUMNS, columns, rows, lang);
}

export async function exportDecisions(
  ctx: AccessContext,
  query: TDecisionExportQuery,
  lang: Language,
): Promise<Buffer> {
  await requirePermission(ctx, 'welfare.read');
  await checkNamed(ctx, query);
  const records = await decisionRows(ctx.db, ctx.actor.scope, query)
    .limit(WELFARE_EXPORT_MAX_ROWS + 1)
    .execute();
  tooLarge(records);
  const heads = await headsOf(
    ctx.db,
    records.map((r) => r.householdId),
  );
  const rows = presentDecisionRows(
    records.map((r) => ({ ...r, floor: Number(r.floor) })),
    heads,
    lang,
  );
  await appendAll(ctx, [
    exported(ctx, 'welfare_decision', rows.length, query, query.columns),
    ...records.map((r) => decisionRead(ctx, r, 'welfare_table_export')),
  ]);
  return workbook(SHEETS.decisions, DECISION_COLUMNS, query.columns, rows, lang);
}

export async function exportGrants(
  ctx: AccessContext,
  query: TGrantExportQuery,
  lang: Language,
): Promise<Buffer> {
  await requirePermission(ctx, 'welfare.read');
  await checkNamed(ctx, query);
  const today = localDate(ctx.clock());
  const records = await grantRows(ctx.db, ctx.actor.scope, query, today)
    .limit(WELFARE_EXPORT_MAX_ROWS + 1)
    .execute();
  tooLarge(records);
  const heads = await headsOf(
    ctx.db,
    records.map((r) => r.householdId),
  );
  const rows = presentGrantRows(
    records.map((r) => ({ ...r, floor: Number(r.floor) })),
    heads,
    today,
  );
  await appendAll(ctx, [
    exported(ctx, 'welfare_emergency_grant', rows.length, query, query.columns),
    ...records.map((r) => grantRead(ctx, r, 'welfare_table_export')),
  ]);
  return workbook(SHEETS.grants, GRANT_COLUMNS, query.columns, rows, lang);
}

export async function exportNotices(
  ctx: AccessContext,
  query: TNoticeExportQuery,
  lang: Language,
): Promise<Buffer> {
  await requirePermission(ctx, 'welfare.read');
  const today = localDate(ctx.clock());
  const records = await noticeRows(ctx.db, ctx.actor.scope, query, today)
    .limit(WELFARE_EXPORT_MAX_ROWS + 1)
    .execute();
  tooLarge(records);
  const rows = presentNoticeRows(records.map(numbers), today, lang);
  return workbook(SHEETS.notices, NOTICE_COLUMNS, query.columns, rows, lang);
}
