import ExcelJS from 'exceljs';
import { CARE_TAG_LABELS } from '../../domain/register/importNormalise';
import { neutraliseFormula } from '../../domain/register/spreadsheetText';
import type { CareTag } from '../../shared/careTags';
import type {
  THouseholdExportQuery,
  TResidentExportQuery,
  TResidentList,
  TResidentListQuery,
} from '../../shared/contracts/registry';
import type { Language } from '../../shared/languages';
import { type AuditEntry, appendAudit } from '../audit/audit.repository';
import { requirePermission } from '../auth/permissions';
import { canSee } from '../auth/scope';
import { localDate } from '../clock';
import { AppError } from '../http/errors';
import {
  careTagsOfResidents,
  householdListQuery,
  householdRows,
  householdsWithLeader,
  listResidentsPage,
  residentListQuery,
  residentRows,
} from './lists.repository';
import { addressLabel, ageOn } from './registry.presenters';
import type { RegistryContext } from './registry.usecases';

/** An export holds at most this many rows; a district's whole register is the register export's work. */
export const MAX_EXPORT_ROWS = 50_000;

export async function listResidentsInScope(
  ctx: RegistryContext,
  query: TResidentListQuery,
): Promise<TResidentList> {
  await requirePermission(ctx, 'registry.read');
  const today = localDate(ctx.clock());
  const page = await listResidentsPage(ctx.db, ctx.actor.scope, query, today);
  const tags = await careTagsOfResidents(
    ctx.db,
    page.items.map((r) => r.id),
  );
  return {
    total: page.total,
    items: page.items.map((r) => ({
      id: r.id,
      householdId: r.householdId,
      name: r.name,
      gender: r.gender,
      birthDate: r.birthDate,
      age: ageOn(r.birthDate, today),
      relation: r.relation,
      phone: r.phone,
      careTags: tags.get(r.id) ?? [],
      address: {
        buildingNumber: r.buildingNumber,
        entranceNumber: r.entranceNumber,
        floor: r.floor,
        room: r.room,
        label: addressLabel(r),
      },
    })),
  };
}

const CARE_TAG_EN: Record<CareTag, string> = {
  lives_alone: 'Lives alone',
  elderly_alone: 'Elderly, alone',
  hard_of_hearing: 'Hard of hearing',
  low_vision: 'Low vision',
  wheelchair: 'Wheelchair',
  cannot_read: 'Cannot read',
  bedridden: 'Bedridden',
  dementia: 'Dementia',
};

const HEADERS: Record<Language, Record<string, string>> = {
  'zh-CN': {
    address: '门牌',
    memberCount: '人数',
    careTags: '照顾需要',
    hasLeader: '楼门长',
    name: '姓名',
    gender: '性别',
    age: '年龄',
    birthDate: '出生日期',
    relation: '与户主关系',
    phone: '电话',
    idNumber: '身份证号',
  },
  en: {
    address: 'Address',
    memberCount: 'People',
    careTags: 'Care needs',
    hasLeader: 'Building leader',
    name: 'Name',
    gender: 'Gender',
    age: 'Age',
    birthDate: 'Date of birth',
    relation: 'Relation to head',
    phone: 'Phone',
    idNumber: 'ID number',
  },
};

const WORDS: Record<
  Language,
  { yes: string; no: string; male: string; female: string; sheet: [string, string] }
> = {
  'zh-CN': { yes: '有', no: '没有', male: '男', female: '女', sheet: ['住户', '居民'] },
  en: { yes: 'Yes', no: 'No', male: 'Male', female: 'Female', sheet: ['Households', 'Residents'] },
};

function careText(tags: CareTag[], lang: Language): string {
  return tags
    .map((t) => (lang === 'en' ? CARE_TAG_EN[t] : CARE_TAG_LABELS[t]))
    .join(lang === 'en' ? '; ' : '；');
}

async function workbookOf(
  sheetName: string,
  columns: string[],
  lang: Language,
  rows: Record<string, string | number>[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((key) => ({
    header: HEADERS[lang][key] ?? key,
    key,
    width: key === 'idNumber' ? 22 : key === 'careTags' ? 24 : 14,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const safe: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(row))
      safe[key] = typeof value === 'string' ? neutraliseFormula(value) : value;
    sheet.addRow(safe);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The households table as .xlsx: the same filters and order, the columns it shows, every page. */
export async function exportHouseholds(
  ctx: RegistryContext,
  query: THouseholdExportQuery,
  lang: Language,
): Promise<Buffer> {
  await requirePermission(ctx, 'register.export');
  const today = localDate(ctx.clock());
  const rows = await householdRows(householdListQuery(ctx.db, ctx.actor.scope, query, today), query.sort)
    .limit(MAX_EXPORT_ROWS + 1)
    .execute();
  if (rows.length > MAX_EXPORT_ROWS) throw new AppError('registry.export_too_large');
  const ids = rows.map((h) => h.id);
  const withLeader = await householdsWithLeader(ctx.db, ids, today);
  const members: { householdId: string; id: string }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    if (part.length === 0) continue;
    members.push(
      ...(await ctx.db
        .selectFrom('resident')
        .select(['id', 'household_id as householdId'])
        .where('household_id', 'in', part)
        .where('moved_out_at', 'is', null)
        .execute()),
    );
  }
  const tags = await careTagsOfResidents(
    ctx.db,
    members.map((m) => m.id),
  );
  const householdTags = new Map<string, Set<CareTag>>();
  for (const m of members) {
    const set = householdTags.get(m.householdId) ?? new Set<CareTag>();
    for (const t of tags.get(m.id) ?? []) set.add(t);
    householdTags.set(m.householdId, set);
  }
  const w = WORDS[lang];
  return workbookOf(
    w.sheet[0],
    query.columns,
    lang,
    rows.map((h) => ({
      address: addressLabel(h),
      memberCount: Number(h.memberCount),
      careTags: careText([...(householdTags.get(h.id) ?? [])].sort(), lang),
      hasLeader: withLeader.has(h.id) ? w.yes : w.no,
    })),
  );
}

/**
 * The residents table as .xlsx. ID numbers only for the roles that may see them, and each one exported is
 * written to the audit trail like a read; asking for the column without the right leaves it out.
 */
export async function exportResidents(
  ctx: RegistryContext,
  query: TResidentExportQuery,
  lang: Language,
): Promise<Buffer> {
  await requirePermission(ctx, 'register.export');
  const { actor } = ctx;
  const now = ctx.clock();
  const today = localDate(now);
  const rows = await residentRows(residentListQuery(ctx.db, actor.scope, query, today), query.sort)
    .limit(MAX_EXPORT_ROWS + 1)
    .execute();
  if (rows.length > MAX_EXPORT_ROWS) throw new AppError('registry.export_too_large');
  const withIdentity = canSee(actor.scope, 'identity');
  const columns = query.columns.filter((c) => c !== 'idNumber' || withIdentity);
  const tags = await careTagsOfResidents(
    ctx.db,
    rows.map((r) => r.id),
  );
  const w = WORDS[lang];
  const reads: AuditEntry[] = [];
  const body = await workbookOf(
    w.sheet[1],
    columns,
    lang,
    rows.map((r) => {
      const row: Record<string, string | number> = {
        name: r.name,
        address: addressLabel(r),
        gender: r.gender === 'male' ? w.male : w.female,
        age: ageOn(r.birthDate, today) ?? '',
        birthDate: r.birthDate ?? '',
        relation: r.relation,
        phone: r.phone ?? '',
        careTags: careText(tags.get(r.id) ?? [], lang),
      };
      if (columns.includes('idNumber')) {
        row.idNumber = r.idNumber ?? '';
        if (r.idNumber)
          reads.push({
            action: 'read.sensitive',
            outcome: 'success',
            actorUserId: actor.user.id,
            actorRole: actor.user.role,
            residentId: r.id,
            communityId: r.communityId,
            fieldClass: 'identity',
            purpose: 'residents_table_export',
            ip: actor.ip,
          });
      }
      return row;
    }),
  );
  if (reads.length > 0) await ctx.db.transaction().execute((trx) => appendAudit(trx, now, reads));
  return body;
}
