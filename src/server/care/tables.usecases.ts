import ExcelJS from 'exceljs';
import { neutraliseFormula } from '../../domain/register/spreadsheetText';
import type { TCarePlan, TCarePlanList, TCarePlanListQuery, TPositionRef } from '../../shared/contracts/care';
import type {
  ErrandSort,
  KeySort,
  TCarer,
  TErrand,
  TErrandList,
  TErrandListQuery,
  TKey,
  TKeyList,
  TKeyListQuery,
} from '../../shared/contracts/careKeysMoney';
import type {
  TCarePlanExportQuery,
  TCheckinExportQuery,
  TCheckinRow,
  TCheckinTable,
  TCheckinTableQuery,
  TErrandExportQuery,
  TErrandsDoneBulk,
  TErrandsDoneBulkResult,
  TKeyExportQuery,
} from '../../shared/contracts/careTables';
import { errorMessage } from '../../shared/errors';
import type { Language } from '../../shared/languages';
import { type AuditEntry, appendAudit } from '../audit/audit.repository';
import { type AccessContext, requirePermission } from '../auth/permissions';
import type { CareErrandTable, CareKeyTable } from '../db/schema';
import { AppError } from '../http/errors';
import { listErrandsVisible } from './errands.repository';
import { markErrandDone, presentErrands } from './errands.usecases';
import { listKeysVisible } from './keys.repository';
import { presentKeys } from './keys.usecases';
import { auditSensitiveReads, sensitiveRead } from './keysMoney.common';
import { type PlanRow, positionRefs } from './plans.repository';
import { addressOf, presentPlans, visitStanding } from './plans.usecases';
import { checkinRows, checkinTableQuery, orderPlans, planTableQuery } from './tables.repository';
import { type CareSheetWords, careSheetWords } from './tables.words';

/**
 * The care area's office tables (issue 23): a page, its total and "导出 Excel" of the same rows. Plans and
 * check-ins are filtered, sorted and paged in SQL; a plan's visit standing, an errand's next due day and a
 * key's holder are worked out in code, so a filter or sort on them reads every matching row in scope (a
 * community's care records are hundreds, a subdistrict's a few thousand) and pages in code.
 */

/** A table or export reads at most this many rows in code; more is refused as too large to export. */
export const MAX_CARE_TABLE_ROWS = 5_000;

interface Page {
  offset: number;
  limit: number;
}

function tooMany(n: number): void {
  if (n > MAX_CARE_TABLE_ROWS) throw new AppError('registry.export_too_large');
}

function direction(sort: string | undefined): 1 | -1 {
  return sort?.startsWith('-') ? -1 : 1;
}

/** Text compare with nulls last either way. */
function compareText(a: string | null, b: string | null, dir: 1 | -1): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a < b ? -1 : 1) * dir;
}

function compareAddress(
  a: { buildingNumber: string; entranceNumber: string; floor: number; room: string },
  b: { buildingNumber: string; entranceNumber: string; floor: number; room: string },
  dir: 1 | -1,
): number {
  return (
    compareText(a.buildingNumber, b.buildingNumber, dir) ||
    compareText(a.entranceNumber, b.entranceNumber, dir) ||
    (a.floor - b.floor) * dir ||
    compareText(a.room, b.room, dir)
  );
}

/** The search box for lists filtered in code: a name or title containing it, or an address starting with it. */
function matchesText(q: string | undefined, texts: string[], addressLabel: string): boolean {
  if (!q) return true;
  const needle = q
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[－—–]/g, '-')
    .trim();
  return texts.some((t) => t.includes(needle)) || addressLabel.startsWith(needle);
}

// ---------------------------------------------------------------- care plans

type PlanSelection = { total: number; rows: PlanRow[] };

async function selectPlans(
  ctx: AccessContext,
  query: Omit<TCarePlanListQuery, 'limit' | 'offset'>,
  page: Page | null,
): Promise<PlanSelection> {
  const filtered = planTableQuery(ctx.db, ctx.actor.scope, query);
  const sort = query.sort;
  const inCode = query.visitStatus !== undefined || sort?.endsWith('Visit');
  if (!inCode) {
    const ordered = orderPlans(filtered, sort);
    if (page) {
      const [count, rows] = await Promise.all([
        filtered
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
        ordered.limit(page.limit).offset(page.offset).execute(),
      ]);
      return { total: Number(count.n), rows };
    }
    const rows = await ordered.limit(MAX_CARE_TABLE_ROWS + 1).execute();
    tooMany(rows.length);
    return { total: rows.length, rows };
  }
  const all = await orderPlans(filtered, 'address')
    .limit(MAX_CARE_TABLE_ROWS + 1)
    .execute();
  tooMany(all.length);
  const standing = await visitStanding(ctx.db, all, ctx.clock());
  let rows = query.visitStatus ? all.filter((p) => standing.get(p.id)?.status === query.visitStatus) : all;
  if (sort === 'nextVisit' || sort === '-nextVisit') {
    const dir = direction(sort);
    const at = (p: PlanRow) => standing.get(p.id)?.nextDue.getTime() ?? 0;
    rows = [...rows].sort((a, b) => (at(a) - at(b)) * dir);
  } else if (sort === 'lastVisit' || sort === '-lastVisit') {
    // Never visited counts as longest ago: first when ascending.
    const dir = direction(sort);
    const at = (p: PlanRow) => standing.get(p.id)?.lastVisitAt ?? '';
    rows = [...rows].sort((a, b) => compareText(at(a), at(b), dir));
  }
  return { total: rows.length, rows: page ? rows.slice(page.offset, page.offset + page.limit) : rows };
}

/** GET /api/v1/care/plans: the page asked for and how many plans match in all. */
export async function planTable(ctx: AccessContext, query: TCarePlanListQuery): Promise<TCarePlanList> {
  await requirePermission(ctx, 'care.read');
  const { total, rows } = await selectPlans(ctx, query, { offset: query.offset, limit: query.limit });
  return { total, items: await presentPlans(ctx.db, rows, ctx.clock()) };
}

// ---------------------------------------------------------------- check-ins

async function checkinRowsOf(
  ctx: AccessContext,
  query: Omit<TCheckinTableQuery, 'limit' | 'offset'>,
  page: Page | null,
): Promise<{ total: number; items: TCheckinRow[] }> {
  const filtered = checkinTableQuery(ctx.db, ctx.actor.scope, query);
  const ordered = checkinRows(filtered, query.sort);
  const [count, rows] = await Promise.all([
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    page
      ? ordered.limit(page.limit).offset(page.offset).execute()
      : ordered.limit(MAX_CARE_TABLE_ROWS + 1).execute(),
  ]);
  if (!page) tooMany(rows.length);
  const refs = await positionRefs(
    ctx.db,
    rows.map((r) => r.responsible_position_id),
  );
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: r.id,
      planId: r.plan_id,
      residentId: r.resident_id,
      residentName: r.resident_name,
      householdId: r.household_id,
      address: addressOf(r),
      responsible: (r.responsible_position_id && refs.get(r.responsible_position_id)) || null,
      date: r.date,
      dueAt: r.due_at,
      state: r.state as TCheckinRow['state'],
      way: r.way as TCheckinRow['way'],
      recordedAt: r.recorded_at,
      recordedBy: r.recorded_by_name,
      outcome: r.outcome as TCheckinRow['outcome'],
      outcomeNote: r.outcome_note,
      ladderStep: Number(r.ladder_step),
    })),
  };
}

/** GET /api/v1/care/checkins: the days' check-ins in scope, newest first unless asked otherwise. */
export async function checkinTable(ctx: AccessContext, query: TCheckinTableQuery): Promise<TCheckinTable> {
  await requirePermission(ctx, 'care.read');
  return checkinRowsOf(ctx, query, { offset: query.offset, limit: query.limit });
}

// ---------------------------------------------------------------- errands

type ErrandFilters = Omit<TErrandListQuery, 'limit' | 'offset'>;

function compareErrands(sort: ErrandSort | undefined) {
  const dir = direction(sort);
  return (a: TErrand, b: TErrand): number => {
    switch (sort) {
      case 'nextDue':
      case '-nextDue':
        return compareText(a.nextDueOn, b.nextDueOn, dir);
      case 'address':
      case '-address':
        return compareAddress(a.resident.address, b.resident.address, dir);
      case 'name':
      case '-name':
        return a.resident.name.localeCompare(b.resident.name, 'zh-CN') * dir;
      case 'overdue':
      case '-overdue':
        // Most missed first is what a worker wants from `overdue`.
        return (b.overdueCount - a.overdueCount) * dir;
      case 'doer':
      case '-doer':
        return a.doer.name.localeCompare(b.doer.name, 'zh-CN') * dir;
      default:
        return 0;
    }
  };
}

/**
 * The errands table: every visible errand matching the SQL filters, worked out, filtered and sorted in code,
 * then the page. `rows` are the page's records, for the caller to audit as read.
 */
export async function errandTable(
  ctx: AccessContext,
  query: ErrandFilters,
  page: Page | null,
): Promise<{ total: number; rows: CareErrandTable[]; items: TErrand[] }> {
  const records = await listErrandsVisible(ctx.db, ctx.actor.scope, query, MAX_CARE_TABLE_ROWS + 1);
  tooMany(records.length);
  const all = await presentErrands(ctx, records, false);
  const matching = all.filter(
    (e) =>
      (!query.status || e.status === query.status) &&
      matchesText(query.q, [e.resident.name, e.title], e.resident.address.label),
  );
  const inBuilding = query.buildingId ? await buildingFilter(ctx, query.buildingId) : null;
  const kept = inBuilding ? matching.filter((e) => inBuilding.has(e.resident.householdId)) : matching;
  // A stable sort keeps the SQL order (oldest set up first) among equals.
  const sorted = query.sort ? [...kept].sort(compareErrands(query.sort)) : kept;
  const items = page ? sorted.slice(page.offset, page.offset + page.limit) : sorted;
  const byId = new Map(records.map((r) => [r.id, r]));
  return {
    total: sorted.length,
    items,
    rows: items.map((e) => byId.get(e.id)).filter((r): r is CareErrandTable => r !== undefined),
  };
}

/** The households of a building in the caller's communities (the records themselves are scope-checked). */
async function buildingFilter(ctx: AccessContext, buildingId: string): Promise<Set<string>> {
  const communities = ctx.actor.scope.communityIds;
  if (communities.length === 0) return new Set();
  const rows = await ctx.db
    .selectFrom('household')
    .select('id')
    .where('building_id', '=', buildingId)
    .where('community_id', 'in', communities)
    .execute();
  return new Set(rows.map((r) => r.id));
}

// ---------------------------------------------------------------- keys

type KeyFilters = Omit<TKeyListQuery, 'limit' | 'offset'>;

function compareKeys(sort: KeySort | undefined) {
  const dir = direction(sort);
  return (a: TKey, b: TKey): number => {
    switch (sort) {
      case 'address':
      case '-address':
        return compareAddress(a.resident.address, b.resident.address, dir);
      case 'name':
      case '-name':
        return a.resident.name.localeCompare(b.resident.name, 'zh-CN') * dir;
      case 'heldSince':
      case '-heldSince':
        return compareText(a.heldSince, b.heldSince, dir);
      case 'holder':
      case '-holder':
        return a.holder.name.localeCompare(b.holder.name, 'zh-CN') * dir;
      case 'uses':
      case '-uses':
        return (a.useCount - b.useCount) * dir;
      default:
        return 0;
    }
  };
}

/** The keys table, worked out like the errands table; `rows` are the page's records, to audit. */
export async function keyTable(
  ctx: AccessContext,
  query: KeyFilters,
  page: Page | null,
): Promise<{ total: number; rows: CareKeyTable[]; items: TKey[] }> {
  const records = await listKeysVisible(ctx.db, ctx.actor.scope, query, MAX_CARE_TABLE_ROWS + 1);
  tooMany(records.length);
  const all = await presentKeys(ctx, records, false);
  const inBuilding = query.buildingId ? await buildingFilter(ctx, query.buildingId) : null;
  const kept = all.filter(
    (k) =>
      (!inBuilding || inBuilding.has(k.resident.householdId)) &&
      matchesText(query.q, [k.resident.name, k.label], k.resident.address.label),
  );
  const sorted = query.sort ? [...kept].sort(compareKeys(query.sort)) : kept;
  const items = page ? sorted.slice(page.offset, page.offset + page.limit) : sorted;
  const byId = new Map(records.map((r) => [r.id, r]));
  return {
    total: sorted.length,
    items,
    rows: items.map((k) => byId.get(k.id)).filter((r): r is CareKeyTable => r !== undefined),
  };
}

/** GET /api/v1/care/errands: the page, its total; each errand handed out is audited as read (finance). */
export async function listErrandTable(ctx: AccessContext, query: TErrandListQuery): Promise<TErrandList> {
  await requirePermission(ctx, 'care.errands.read');
  const { total, rows, items } = await errandTable(ctx, query, { offset: query.offset, limit: query.limit });
  await auditSensitiveReads(ctx, 'care_errand', rows, 'finance');
  return { total, items };
}

/** GET /api/v1/care/keys: the page, its total; each key handed out is audited as read (keys). */
export async function listKeyTable(ctx: AccessContext, query: TKeyListQuery): Promise<TKeyList> {
  await requirePermission(ctx, 'care.keys.read');
  const { total, rows, items } = await keyTable(ctx, query, { offset: query.offset, limit: query.limit });
  await auditSensitiveReads(ctx, 'care_key', rows, 'keys');
  return { total, items };
}

/**
 * Marks several errands done, each on its own as if marked one by one (same checks, same audit): what may
 * be done is done, the rest refused with the reason in the caller's language. An errand outside what the
 * caller may see is refused as not found, like one that does not exist.
 */
export async function markErrandsDone(
  ctx: AccessContext,
  input: TErrandsDoneBulk,
  lang: Language,
): Promise<TErrandsDoneBulkResult> {
  await requirePermission(ctx, 'care.errands.done');
  const answer: TErrandsDoneBulkResult = { done: [], refused: [] };
  const seen = new Set<string>();
  for (const { id, dueOn } of input.items) {
    const key = `${id}:${dueOn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      await markErrandDone(ctx, id, { dueOn });
      answer.done.push({ id, dueOn });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      answer.refused.push({
        id,
        dueOn,
        code: error.code,
        message: errorMessage(error.code, lang, error.params),
      });
    }
  }
  return answer;
}

// ---------------------------------------------------------------- exports

type Cell = string | number;

async function workbookOf(
  sheetName: string,
  columns: readonly string[],
  words: CareSheetWords,
  rows: Record<string, Cell>[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((key) => ({
    header: words.headers[key] ?? key,
    key,
    width:
      key === 'address' || key === 'residentName' ? 12 : key === 'title' || key === 'outcomeNote' ? 28 : 16,
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) {
    const safe: Record<string, Cell> = {};
    for (const key of columns) {
      const value = row[key] ?? '';
      safe[key] = typeof value === 'string' ? neutraliseFormula(value) : value;
    }
    sheet.addRow(safe);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `YYYY-MM-DD HH:MM` in China Standard Time, as the office reads it. */
function cstDateTime(iso: string | null): string {
  if (!iso) return '';
  const at = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${at.slice(0, 10)} ${at.slice(11, 16)}`;
}

function positionName(ref: TPositionRef | null): string {
  return ref?.name ?? '';
}

function carerName(carer: TCarer): string {
  return carer.name;
}

async function exportAudited(ctx: AccessContext, entries: AuditEntry[]): Promise<void> {
  if (entries.length > 0) await ctx.db.transaction().execute((trx) => appendAudit(trx, ctx.clock(), entries));
}

/** The care plans table as .xlsx: the same filters and order, the columns it shows, every page. */
export async function exportPlans(
  ctx: AccessContext,
  query: TCarePlanExportQuery,
  lang: Language,
): Promise<Buffer> {
  await requirePermission(ctx, 'care.read');
  await requirePermission(ctx, 'care.export');
  const { rows } = await selectPlans(ctx, query, null);
  const plans: TCarePlan[] = await presentPlans(ctx.db, rows, ctx.clock());
  const w = careSheetWords(lang);
  return workbookOf(
    w.sheets.plans,
    query.columns,
    w,
    plans.map((p) => ({
      residentName: p.residentName,
      address: p.address.label,
      risk: w.risk[p.risk] ?? p.risk,
      visitEveryDays: p.visitEveryDays,
      responsible: positionName(p.responsible),
      standIn: positionName(p.standIn),
      lastVisitAt: cstDateTime(p.lastVisitAt),
      nextVisitDueAt: cstDateTime(p.nextVisitDueAt),
      visitStatus: w.visitStatus[p.visitStatus] ?? p.visitStatus,
      checkin: p.checkin?.time ?? '',
      createdAt: cstDateTime(p.createdAt).slice(0, 10),
    })),
  );
}

export async function exportCheckins(
  ctx: AccessContext,
  query: TCheckinExportQuery,
  lang: Language,
): Promise<Buffer> {
  await requirePermission(ctx, 'care.read');
  await requirePermission(ctx, 'care.export');
  const { items } = await checkinRowsOf(ctx, query, null);
  const w = careSheetWords(lang);
  return workbookOf(
    w.sheets.checkins,
    query.columns,
    w,
    items.map((c) => ({
      date: c.date,
      residentName: c.residentName,
      address: c.address.label,
      responsible: positionName(c.responsible),
      state: w.checkinState[c.state] ?? c.state,
      way: c.way ? (w.checkinWay[c.way] ?? c.way) : '',
      recordedAt: cstDateTime(c.recordedAt),
      recordedBy: c.recordedBy ?? '',
      ladderStep: w.step(c.ladderStep),
      outcome: c.outcome ? (w.outcome[c.outcome] ?? c.outcome) : '',
      outcomeNote: c.outcomeNote ?? '',
    })),
  );
}

/** The errands table as .xlsx; each errand exported is a read of money handled for a resident, audited. */
export async function exportErrands(
  ctx: AccessContext,
  query: TErrandExportQuery,
  lang: Language,
): Promise<Buffer> {
  await requirePermission(ctx, 'care.errands.read');
  await requirePermission(ctx, 'care.export');
  const { items, rows } = await errandTable(ctx, query, null);
  const w = careSheetWords(lang);
  const body = await workbookOf(
    w.sheets.errands,
    query.columns,
    w,
    items.map((e) => ({
      residentName: e.resident.name,
      address: e.resident.address.label,
      kind: w.errandKind[e.kind] ?? e.kind,
      title: e.title,
      schedule:
        e.schedule.kind === 'monthly'
          ? w.schedule.monthly(e.schedule.day)
          : e.schedule.kind === 'every_days'
            ? w.schedule.everyDays(e.schedule.every)
            : w.schedule.everyWeeks(e.schedule.every),
      doer: carerName(e.doer),
      nextDueOn: e.nextDueOn ?? '',
      overdueCount: e.overdueCount,
      status: w.errandStatus[e.status] ?? e.status,
      expected: e.expectedFen === null ? '' : w.yuan(e.expectedFen),
      counterparty: e.counterparty ?? '',
      lastDone: e.done[0]?.dueOn ?? '',
    })),
  );
  await exportAudited(
    ctx,
    rows.map((r) =>
      sensitiveRead(
        ctx.actor,
        { type: 'care_errand', id: r.id, residentId: r.resident_id, communityId: r.community_id },
        'finance',
        'care_table_export',
      ),
    ),
  );
  return body;
}

/** The keys table as .xlsx; each key exported is a read of a door key, audited. */
export async function exportKeys(
  ctx: AccessContext,
  query: TKeyExportQuery,
  lang: Language,
): Promise<Buffer> {
  await requirePermission(ctx, 'care.keys.read');
  await requirePermission(ctx, 'care.export');
  const { items, rows } = await keyTable(ctx, query, null);
  const w = careSheetWords(lang);
  const body = await workbookOf(
    w.sheets.keys,
    query.columns,
    w,
    items.map((k) => ({
      residentName: k.resident.name,
      address: k.resident.address.label,
      label: k.label,
      holder: carerName(k.holder),
      holderPhone: k.holder.phone ?? '',
      heldSince: k.heldSince,
      consent: `${k.consent.date} ${w.consentForm[k.consent.form] ?? k.consent.form}`,
      useCount: k.useCount,
      returned: k.returned ? w.returned(k.returned.on, k.returned.to) : w.stillHeld,
    })),
  );
  await exportAudited(
    ctx,
    rows.map((r) =>
      sensitiveRead(
        ctx.actor,
        { type: 'care_key', id: r.id, residentId: r.resident_id, communityId: r.community_id },
        'keys',
        'care_table_export',
      ),
    ),
  );
  return body;
}
