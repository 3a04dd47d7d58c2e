import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { CARE_TAG_LABELS } from '../../../domain/register/importNormalise';
import {
  addressKey,
  type ImportResidentRow,
  type ImportRowIssue,
  RegisterRowChecker,
  summariseCounts,
} from '../../../domain/register/importRows';
import { neutraliseFormula } from '../../../domain/register/spreadsheetText';
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
  type ExistingResident,
  householdsForExport,
  ImportWriter,
  residentsForExport,
  residentsWithIdNumbers,
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

function summaryOf(layout: FileLayout, counts: ReturnType<typeof summariseCounts>) {
  const summary: TImportSummary = {
    ...counts,
    ...(layout.sheet !== undefined ? { sheet: layout.sheet } : {}),
    title_rows: layout.titleRows,
    header_row: layout.headerRow,
    ...(layout.encoding !== undefined ? { encoding: layout.encoding } : {}),
  };
  return summary;
}

/** Rows are checked, looked up and written this many at a time. */
export const IMPORT_BATCH = 500;

/** Thrown inside the transaction to undo it when no row could be imported. */
class NothingToImport extends Error {}

interface StreamedFile {
  layout: FileLayout;
  dataRows: number;
  issues: ImportRowIssue[];
  importableRows: number;
  households: number;
}

/**
 * Reads and checks the file row by row; every `IMPORT_BATCH` importable rows, drops those whose ID
 * number is registered in another community (an error of that row) and hands the rest to `write`. Holds
 * only the batch, the issues and what cross-row checks need, never the whole file.
 */
async function streamCheckedRows(
  db: Kysely<DB>,
  communityId: string,
  filePath: string,
  write: ((rows: ImportResidentRow[], byId: ReadonlyMap<string, ExistingResident>) => Promise<void>) | null,
): Promise<StreamedFile> {
  const issues: ImportRowIssue[] = [];
  const addresses = new Set<string>();
  let importableRows = 0;
  let outOfOrder = false;
  let checker: RegisterRowChecker | null = null;
  let idColumn: string | null = null;
  let batch: ImportResidentRow[] = [];

  const flush = async () => {
    let rows = batch;
    batch = [];
    if (rows.length === 0) return;
    // One lookup serves both: ID numbers registered in another community (an error of the row), and
    // residents of this community to update.
    const elsewhere = new Set<string>();
    const here = new Map<string, ExistingResident>();
    const found = await residentsWithIdNumbers(
      db,
      rows.flatMap((r) => (r.idNumber ? [r.idNumber] : [])),
    );
    for (const { community_id, ...r } of found) {
      if (!r.id_number) continue;
      if (community_id === communityId) here.set(r.id_number, r);
      else elsewhere.add(r.id_number);
    }
    if (elsewhere.size > 0) {
      rows = rows.filter((r) => {
        if (!r.idNumber || !elsewhere.has(r.idNumber)) return true;
        issues.push({ row: r.row, column: idColumn, severity: 'error', reason: 'id_registered_elsewhere' });
        outOfOrder = true;
        return false;
      });
    }
    importableRows += rows.length;
    for (const r of rows) addresses.add(addressKey(r));
    if (write && rows.length > 0) await write(rows, here);
  };

  const layout = await readRegisterFile(filePath, ({ header }) => {
    const rows = new RegisterRowChecker(header);
    checker = rows;
    const idLabel = header.columns.idNumber;
    idColumn = idLabel === undefined ? null : (header.labels.get(idLabel) ?? null);
    return (rowNumber, cells) => {
      const result = rows.check(rowNumber, cells);
      if (!result) return;
      for (const issue of result.issues) issues.push(issue);
      if (result.resident) {
        batch.push(result.resident);
        if (batch.length >= IMPORT_BATCH) return flush();
      }
    };
  });
  await flush();
  if (outOfOrder) issues.sort((a, b) => a.row - b.row);
  const dataRows = (checker as RegisterRowChecker | null)?.dataRows ?? 0;
  return { layout, dataRows, issues, importableRows, households: addresses.size };
}

/**
 * The import: check every row, then (unless a dry run) write the importable rows into the community in
 * one transaction, with their history and one audit entry — or write nothing. Rows are read, checked and
 * written in batches of `IMPORT_BATCH` inside that one transaction, so memory does not grow with the file.
 */
export async function importRegister(
  deps: RegisterDeps,
  authority: RegisterAuthority,
  filePath: string,
  options: { dryRun: boolean; communityId?: string | undefined; lang: Language },
): Promise<TImportReport> {
  const communityId = targetCommunity(authority.scope, options.communityId);
  const reportOf = (streamed: StreamedFile): TImportReport => ({
    summary: summaryOf(
      streamed.layout,
      summariseCounts(streamed.dataRows, streamed.issues, streamed.importableRows, streamed.households),
    ),
    issues: streamed.issues.map((i) => ({
      row: i.row,
      column: i.column,
      severity: i.severity,
      reason: i.reason,
      message: importIssueMessage(i.reason, options.lang, i.value === undefined ? {} : { value: i.value }),
    })),
    committed: false,
    created: { households: 0, residents: 0 },
    updated: { residents: 0 },
  });
  if (options.dryRun) return reportOf(await streamCheckedRows(deps.db, communityId, filePath, null));

  const now = deps.clock();
  const at = now.toISOString();
  let streamed: StreamedFile | null = null;
  try {
    const result = await deps.db.transaction().execute(async (trx) => {
      const writer = new ImportWriter(trx, { communityId, at, actorUserId: authority.actorUserId });
      const file = await streamCheckedRows(trx, communityId, filePath, (rows, byId) =>
        writer.write(rows, byId),
      );
      streamed = file;
      if (file.importableRows === 0) throw new NothingToImport();
      const written = writer.result;
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
            dataRows: file.dataRows,
            importedRows: file.importableRows,
            errorRows: summariseCounts(file.dataRows, file.issues, file.importableRows, file.households)
              .error_rows,
            createdHouseholds: written.createdHouseholds,
            createdResidents: written.createdResidents,
            updatedResidents: written.updatedResidents,
          },
        },
      ]);
      return { file, written };
    });
    return {
      ...reportOf(result.file),
      committed: true,
      created: { households: result.written.createdHouseholds, residents: result.written.createdResidents },
      updated: { residents: result.written.updatedResidents },
    };
  } catch (error) {
    if (error instanceof NothingToImport && streamed) return reportOf(streamed);
    throw error;
  }
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
    // The column header and the message (which quotes the cell) come from the uploaded file.
    sheet.addRow([
      issue.row,
      neutraliseFormula(issue.column ?? ''),
      severity(issue.severity),
      issue.reason,
      neutraliseFormula(issue.message),
    ]);
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
        for (const key of Object.keys(values)) values[key] = neutraliseFormula(values[key] ?? '');
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
