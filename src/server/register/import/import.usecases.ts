import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { CARE_TAG_LABELS } from '../../../domain/register/importNormalise';
import {
  type ImportResidentRow,
  type ImportRowIssue,
  RegisterRowChecker,
  summariseRows,
} from '../../../domain/register/importRows';
import {
  importIssueMessage,
  REGISTER_COLUMNS,
  type TImportReport,
  type TImportSummary,
} from '../../../shared/contracts/import';
import type { Language } from '../../../shared/errors';
import { FIELD_CLASSES } from '../../../shared/fieldClasses';
import { idCheckChar } from '../../../shared/idNumber';
import { type AuditEntry, appendAudit } from '../../audit/audit.repository';
import type { Actor } from '../../auth/actor';
import { type AccessContext, requirePermission } from '../../auth/permissions';
import { canSee, type Scope } from '../../auth/scope';
import type { Clock } from '../../clock';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';
import {
  communityExists,
  communityIds,
  householdsForExport,
  idNumbersElsewhere,
  residentsForExport,
  writeImportedRows,
} from './import.repository';
import { type FileLayout, readRegisterFile } from './readers';

/**
 * Who imports or exports: a signed-in person (their scope), or the owner of the machine at the command
 * line, who may reach every community.
 */
export interface RegisterAuthority {
  scope: Scope;
  actorUserId: string | null;
  actorRole: string;
  ip: string | null;
}

export interface RegisterDeps {
  db: Kysely<DB>;
  clock: Clock;
}

export function authorityOfActor(actor: Actor): RegisterAuthority {
  return { scope: actor.scope, actorUserId: actor.user.id, actorRole: actor.user.role, ip: actor.ip };
}

/** The machine owner's authority (the `linli` command): every community, every field class. */
export async function ownerAuthority(db: Kysely<DB>, onlyCommunity?: string): Promise<RegisterAuthority> {
  const all = await communityIds(db);
  return {
    scope: {
      userId: 'owner',
      role: 'committee',
      communityIds: onlyCommunity ? all.filter((id) => id === onlyCommunity) : all,
      householdIds: null,
      fieldClasses: new Set(FIELD_CLASSES),
      positionIds: new Set(),
      chainPositionIds: null,
    },
    actorUserId: null,
    actorRole: 'owner',
    ip: null,
  };
}

/** The one community an import goes into: the caller's own, or the one named within their scope. */
function targetCommunity(scope: Scope, requested: string | undefined): string {
  if (scope.householdIds !== null) throw new AppError('auth.forbidden');
  if (requested) {
    if (!scope.communityIds.includes(requested)) throw new AppError('import.community_not_found');
    return requested;
  }
  const [only, ...others] = scope.communityIds;
  if (!only || others.length > 0) throw new AppError('import.community_required');
  return only;
}

export interface CheckedFile {
  layout: FileLayout;
  dataRows: number;
  issues: ImportRowIssue[];
  residents: ImportResidentRow[];
}

/** Reads and checks a file; no database. */
export async function checkRegisterFile(filePath: string): Promise<CheckedFile> {
  const issues: ImportRowIssue[] = [];
  const residents: ImportResidentRow[] = [];
  let checker: RegisterRowChecker | null = null;
  const layout = await readRegisterFile(filePath, ({ header }) => {
    const rows = new RegisterRowChecker(header);
    checker = rows;
    return (rowNumber, cells) => {
      const result = rows.check(rowNumber, cells);
      if (!result) return;
      issues.push(...result.issues);
      if (result.resident) residents.push(result.resident);
    };
  });
  const dataRows = (checker as RegisterRowChecker | null)?.dataRows ?? 0;
  return { layout, dataRows, issues, residents };
}

function summaryOf(
  layout: FileLayout,
  dataRows: number,
  issues: ImportRowIssue[],
  residents: ImportResidentRow[],
) {
  const summary: TImportSummary = {
    ...summariseRows(dataRows, issues, residents),
    ...(layout.sheet !== undefined ? { sheet: layout.sheet } : {}),
    title_rows: layout.titleRows,
    header_row: layout.headerRow,
    ...(layout.encoding !== undefined ? { encoding: layout.encoding } : {}),
  };
  return summary;
}

/**
 * The import: check every row, then (unless a dry run) write the importable rows into the community in
 * one transaction, with their history and one audit entry — or write nothing.
 */
export async function importRegister(
  deps: RegisterDeps,
  authority: RegisterAuthority,
  filePath: string,
  options: { dryRun: boolean; communityId?: string | undefined; lang: Language },
): Promise<TImportReport> {
  const communityId = targetCommunity(authority.scope, options.communityId);
  const checked = await checkRegisterFile(filePath);
  const issues = [...checked.issues];
  let residents = checked.residents;

  const elsewhere = await idNumbersElsewhere(
    deps.db,
    communityId,
    residents.flatMap((r) => (r.idNumber ? [r.idNumber] : [])),
  );
  if (elsewhere.size > 0) {
    const idLabel = checked.layout.header.columns.idNumber;
    const column = idLabel === undefined ? null : (checked.layout.header.labels.get(idLabel) ?? null);
    residents = residents.filter((r) => {
      if (!r.idNumber || !elsewhere.has(r.idNumber)) return true;
      issues.push({ row: r.row, column, severity: 'error', reason: 'id_registered_elsewhere' });
      return false;
    });
    issues.sort((a, b) => a.row - b.row);
  }

  const summary = summaryOf(checked.layout, checked.dataRows, issues, residents);
  const report: TImportReport = {
    summary,
    issues: issues.map((i) => ({
      row: i.row,
      column: i.column,
      severity: i.severity,
      reason: i.reason,
      message: importIssueMessage(i.reason, options.lang, i.value === undefined ? {} : { value: i.value }),
    })),
    committed: false,
    created: { households: 0, residents: 0 },
    updated: { residents: 0 },
  };
  if (options.dryRun || residents.length === 0) return report;

  const now = deps.clock();
  const at = now.toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    const written = await writeImportedRows(trx, {
      communityId,
      rows: residents,
      at,
      actorUserId: authority.actorUserId,
    });
    await appendAudit(trx, now, [
      {
        action: 'register.import',
        outcome: 'success',
        actorUserId: authority.actorUserId,
        actorRole: authority.actorRole,
        targetType: 'community',
        targetId: communityId,
        communityId,
        ip: authority.ip,
        detail: {
          dataRows: summary.data_rows,
          importedRows: summary.importable_rows,
          errorRows: summary.error_rows,
          createdHouseholds: written.createdHouseholds,
          createdResidents: written.createdResidents,
          updatedResidents: written.updatedResidents,
        },
      },
    ]);
    return written;
  });
  return {
    ...report,
    committed: true,
    created: { households: result.createdHouseholds, residents: result.createdResidents },
    updated: { residents: result.updatedResidents },
  };
}

export async function importRegisterAsActor(
  ctx: AccessContext,
  filePath: string,
  options: { dryRun: boolean; communityId?: string | undefined; lang: Language },
): Promise<TImportReport> {
  await requirePermission(ctx, 'register.import');
  return importRegister(ctx, authorityOfActor(ctx.actor), filePath, options);
}

const REPORT_HEADERS = {
  'zh-CN': ['行', '列', '级别', '原因', '说明'],
  en: ['Row', 'Column', 'Severity', 'Reason', 'Message'],
} as const;

/** The validation report as a workbook: one line per issue, as the page shows it. */
export async function validationReportWorkbook(report: TImportReport, lang: Language): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(lang === 'en' ? 'Report' : '校验报告');
  sheet.addRow([...REPORT_HEADERS[lang]]).font = { bold: true };
  const severity = (s: 'error' | 'warning') =>
    lang === 'en' ? s : s === 'error' ? '错误（未导入）' : '提醒（已导入）';
  for (const issue of report.issues) {
    sheet.addRow([issue.row, issue.column ?? '', severity(issue.severity), issue.reason, issue.message]);
  }
  sheet.columns.forEach((column, i) => {
    column.width = [8, 14, 16, 22, 80][i] ?? 12;
  });
  const summary = workbook.addWorksheet(lang === 'en' ? 'Summary' : '汇总');
  const s = report.summary;
  const lines: [string, string, number][] = [
    ['数据行', 'Data rows', s.data_rows],
    ['可导入', 'Importable rows', s.importable_rows],
    ['有错误', 'Rows with errors', s.error_rows],
    ['户数', 'Households', s.households],
  ];
  for (const [zh, en, n] of lines) summary.addRow([lang === 'en' ? en : zh, n]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function validationReportAsActor(
  ctx: AccessContext,
  filePath: string,
  options: { communityId?: string | undefined; lang: Language },
): Promise<Buffer> {
  await requirePermission(ctx, 'register.import');
  const report = await importRegister(ctx, authorityOfActor(ctx.actor), filePath, {
    ...options,
    dryRun: true,
  });
  return validationReportWorkbook(report, options.lang);
}

const TEMPLATE_COLUMNS = [
  REGISTER_COLUMNS.building,
  REGISTER_COLUMNS.entrance,
  REGISTER_COLUMNS.room,
  REGISTER_COLUMNS.name,
  REGISTER_COLUMNS.gender,
  REGISTER_COLUMNS.relation,
  REGISTER_COLUMNS.birthDate,
  REGISTER_COLUMNS.idNumber,
  REGISTER_COLUMNS.phone,
  REGISTER_COLUMNS.careNeeds,
  REGISTER_COLUMNS.remarks,
];

/** The template: the canonical headers, text-formatted ID and phone columns, one invented example row. */
export async function registerTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('居民登记表');
  sheet.addRow(TEMPLATE_COLUMNS).font = { bold: true };
  const first17 = '11010519490312002';
  sheet.addRow([
    '1',
    '2',
    '401',
    '张三',
    '女',
    '户主',
    '1949-03-12',
    first17 + idCheckChar(first17),
    '13800138000',
    '独居；听力障碍',
    '示例行，导入前请删除',
  ]);
  TEMPLATE_COLUMNS.forEach((_, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = i === 7 ? 22 : i === 10 ? 24 : 12;
    // Text, so the spreadsheet cannot turn an 18-digit ID number into 1.10105E+17.
    column.numFmt = '@';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const EXPORT_COLUMNS = ['社区', ...TEMPLATE_COLUMNS.slice(0, -1)];
const GENDER_LABEL = { male: '男', female: '女' } as const;

/**
 * Writes the register of the caller's scope to an .xlsx file (streamed, so a district fits). The ID
 * number column is there only for roles that may see ID numbers, and each one written is audited; if
 * the audit cannot be written, the file is removed.
 */
export async function exportRegister(
  deps: RegisterDeps,
  authority: RegisterAuthority,
  options: { communityId?: string | undefined },
  outPath: string,
): Promise<{ households: number; residents: number }> {
  const { scope } = authority;
  if (options.communityId && !scope.communityIds.includes(options.communityId)) {
    throw new AppError('import.community_not_found');
  }
  const communities = options.communityId ? [options.communityId] : [...scope.communityIds];
  const withIdentity = canSee(scope, 'identity');
  const households = await householdsForExport(deps.db, scope, communities);

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: outPath,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('居民登记表');
  const headers = withIdentity
    ? EXPORT_COLUMNS
    : EXPORT_COLUMNS.filter((h) => h !== REGISTER_COLUMNS.idNumber);
  sheet.columns = headers.map((h) => ({
    header: h,
    key: h,
    width: h === REGISTER_COLUMNS.idNumber ? 22 : 12,
  }));
  const reads: AuditEntry[] = [];
  let residents = 0;
  try {
    for (let i = 0; i < households.length; i += 500) {
      const part = households.slice(i, i + 500);
      const byId = new Map(part.map((h) => [h.id, h]));
      const members = await residentsForExport(
        deps.db,
        part.map((h) => h.id),
      );
      const order = new Map(part.map((h, index) => [h.id, index]));
      members.sort((a, b) => (order.get(a.householdId) ?? 0) - (order.get(b.householdId) ?? 0));
      for (const r of members) {
        const h = byId.get(r.householdId);
        if (!h) continue;
        const values: Record<string, string> = {
          社区: h.communityName,
          [REGISTER_COLUMNS.building]: h.buildingNumber,
          [REGISTER_COLUMNS.entrance]: h.entranceNumber,
          [REGISTER_COLUMNS.room]: h.room,
          [REGISTER_COLUMNS.name]: r.name,
          [REGISTER_COLUMNS.gender]: GENDER_LABEL[r.gender],
          [REGISTER_COLUMNS.relation]: r.relation,
          [REGISTER_COLUMNS.birthDate]: r.birthDate ?? '',
          [REGISTER_COLUMNS.phone]: r.phone ?? '',
          [REGISTER_COLUMNS.careNeeds]: r.careTags.map((t) => CARE_TAG_LABELS[t]).join('；'),
        };
        if (withIdentity) {
          values[REGISTER_COLUMNS.idNumber] = r.idNumber ?? '';
          if (r.idNumber) {
            reads.push({
              action: 'read.sensitive',
              outcome: 'success',
              actorUserId: authority.actorUserId,
              actorRole: authority.actorRole,
              residentId: r.id,
              communityId: r.communityId,
              fieldClass: 'identity',
              purpose: 'register_export',
              ip: authority.ip,
            });
          }
        }
        sheet.addRow(values).commit();
        residents++;
      }
    }
    await sheet.commit();
    await workbook.commit();
    const now = deps.clock();
    await deps.db.transaction().execute(async (trx) => {
      await appendAudit(trx, now, [
        {
          action: 'register.export',
          outcome: 'success',
          actorUserId: authority.actorUserId,
          actorRole: authority.actorRole,
          targetType: 'community',
          targetId: options.communityId ?? null,
          communityId: options.communityId ?? (communities.length === 1 ? (communities[0] ?? null) : null),
          ip: authority.ip,
          detail: { households: households.length, residents, idNumbers: reads.length },
        },
      ]);
      for (let i = 0; i < reads.length; i += 1000) await appendAudit(trx, now, reads.slice(i, i + 1000));
    });
  } catch (error) {
    fs.rmSync(outPath, { force: true });
    throw error;
  }
  return { households: households.length, residents };
}

export async function exportRegisterAsActor(
  ctx: AccessContext,
  options: { communityId?: string | undefined },
  outPath: string,
): Promise<{ households: number; residents: number }> {
  await requirePermission(ctx, 'register.export');
  return exportRegister(ctx, authorityOfActor(ctx.actor), options, outPath);
}

/** For the command line: the community named, or the only one there is. */
export async function resolveCliCommunity(db: Kysely<DB>, requested: string | undefined): Promise<string> {
  if (requested) {
    if (!(await communityExists(db, requested))) throw new AppError('import.community_not_found');
    return requested;
  }
  const all = await communityIds(db);
  const [only, ...others] = all;
  if (!only || others.length > 0) throw new AppError('import.community_required');
  return only;
}
