import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { neutraliseFormula } from '../../domain/register/spreadsheetText';
import type { CareTag } from '../../shared/careTags';
import type {
  OutreachExportColumn,
  OutreachOutcome,
  TOutreachAddHouseholds,
  TOutreachBulkResult,
  TOutreachEntry,
  TOutreachEntryPage,
  TOutreachEntryQuery,
  TOutreachExportQuery,
  TOutreachList,
  TOutreachListInput,
  TOutreachListList,
  TOutreachOutcomeInput,
} from '../../shared/contracts/outreach';
import { type ErrorCode, errorMessage } from '../../shared/errors';
import type { Language } from '../../shared/languages';
import { type AuditEntry, appendAudit, byActor, deniedTarget } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, hasPermission, requirePermission } from '../auth/permissions';
import { canSee } from '../auth/scope';
import { timeOrderedId } from '../db/ids';
import { AppError } from '../http/errors';
import { onceForKey } from '../http/idempotency';
import {
  careTagsOfResidents,
  closeList,
  countsOf,
  deletePendingEntry,
  type EntryRow,
  entryQuery,
  findEntry,
  findList,
  householdForList,
  householdsOnList,
  insertEntries,
  insertList,
  type ListRow,
  listLists,
  orderEntries,
  recordOutcome,
  residentNames,
} from './outreach.repository';
import { OUTREACH_SHEET_WORDS } from './outreach.words';

/**
 * Outreach lists, 走访名单 (issue 23): a worker plans a round of door visits, adds households picked in the
 * register's table, and whoever goes to the doors records what happened. The community's office (worker,
 * committee) makes and changes lists; the subdistrict reads them; a building leader or party member sees a
 * list only through the doors of their own subtree on it, and records only those.
 */

export type OutreachContext = AccessContext & { lang: Language };

/** A list's entries read at most this many rows for an export. */
export const MAX_OUTREACH_EXPORT_ROWS = 5_000;

const notFound = (ctx: AccessContext, id: string): Promise<never> =>
  denyNotFound(ctx, new AppError('outreach.list_not_found'), { type: 'outreach_list', id });

function mayManage(ctx: AccessContext, list: ListRow): boolean {
  return (
    hasPermission(ctx.actor, 'outreach.manage') && ctx.actor.scope.communityIds.includes(list.community_id)
  );
}

function present(
  ctx: AccessContext,
  list: ListRow,
  c: Record<OutreachOutcome, number> | undefined,
): TOutreachList {
  const counts = c ?? { pending: 0, reached: 0, not_home: 0, declined: 0 };
  return {
    id: list.id,
    communityId: list.community_id,
    title: list.title,
    purpose: list.purpose,
    dueOn: list.due_on,
    createdBy: list.created_by_name,
    createdAt: list.created_at,
    closedAt: list.closed_at,
    counts: {
      households: counts.pending + counts.reached + counts.not_home + counts.declined,
      reached: counts.reached,
      notHome: counts.not_home,
      declined: counts.declined,
      pending: counts.pending,
    },
    mayManage: mayManage(ctx, list) && list.closed_at === null,
  };
}

/** A list the caller may see: of their communities and, for the chain, with at least one of their doors. */
async function visibleList(ctx: AccessContext, id: string) {
  const list = await findList(ctx.db, ctx.actor.scope, id);
  if (!list) return notFound(ctx, id);
  const counts = (await countsOf(ctx.db, ctx.actor.scope, [id])).get(id);
  if (ctx.actor.scope.householdIds !== null && !counts) return notFound(ctx, id);
  return { list, counts };
}

export async function listOutreachLists(
  ctx: AccessContext,
  state: 'open' | 'closed' | 'all',
): Promise<TOutreachListList> {
  await requirePermission(ctx, 'outreach.read');
  const lists = await listLists(ctx.db, ctx.actor.scope, state);
  const counts = await countsOf(
    ctx.db,
    ctx.actor.scope,
    lists.map((l) => l.id),
  );
  const chain = ctx.actor.scope.householdIds !== null;
  return {
    items: lists.filter((l) => !chain || counts.has(l.id)).map((l) => present(ctx, l, counts.get(l.id))),
  };
}

export async function getOutreachList(ctx: AccessContext, id: string): Promise<TOutreachList> {
  await requirePermission(ctx, 'outreach.read');
  const { list, counts } = await visibleList(ctx, id);
  return present(ctx, list, counts);
}

export async function createOutreachList(
  ctx: AccessContext,
  input: TOutreachListInput,
  idempotencyKey: string | undefined,
): Promise<TOutreachList> {
  await requirePermission(ctx, 'outreach.manage');
  const communityId = ctx.actor.scope.communityIds[0];
  if (!communityId) throw new AppError('outreach.no_community');
  const id = await onceForKey(ctx, idempotencyKey, input, async (trx) => {
    const now = ctx.clock();
    const listId = randomUUID();
    await insertList(trx, {
      id: listId,
      community_id: communityId,
      title: input.title,
      purpose: input.purpose || null,
      due_on: input.dueOn ?? null,
      created_by: ctx.actor.user.id,
      created_at: now.toISOString(),
      closed_at: null,
      closed_by: null,
    });
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'outreach.list_create',
        targetType: 'outreach_list',
        targetId: listId,
        communityId,
      }),
    ]);
    return listId;
  });
  return getOutreachList(ctx, id);
}

/**
 * Adds households picked in the register's table, each decided on its own: one already on the list, moved
 * out, or outside the caller's scope (answered exactly as one that does not exist, and audited) is refused
 * with the reason in the caller's language. The same household twice in one request counts once. With an
 * Idempotency-Key a retry gets the first answer; without one, a second copy refuses each as already listed.
 */
export async function addHouseholds(
  ctx: OutreachContext,
  listId: string,
  input: TOutreachAddHouseholds,
  idempotencyKey: string | undefined,
): Promise<TOutreachBulkResult> {
  await requirePermission(ctx, 'outreach.manage');
  const list = await findList(ctx.db, ctx.actor.scope, listId);
  if (!list) return notFound(ctx, listId);
  if (list.closed_at !== null) throw new AppError('outreach.list_closed');
  const ids = [...new Set(input.householdIds)];
  return onceForKey(ctx, idempotencyKey, { listId, ...input }, async (trx) => {
    const answer: TOutreachBulkResult = { done: [], refused: [] };
    const refuse = (id: string, code: ErrorCode) =>
      answer.refused.push({ id, code, message: errorMessage(code, ctx.lang) });
    const now = ctx.clock();
    const at = now.toISOString();
    const audit: AuditEntry[] = [];
    const already = await householdsOnList(trx, listId, ids);
    const rows: Parameters<typeof insertEntries>[1] = [];
    for (const id of ids) {
      const household = await householdForList(trx, ctx.actor.scope, id);
      if (!household || household.community_id !== list.community_id) {
        refuse(id, 'registry.household_not_found');
        audit.push(deniedTarget(ctx.actor, 'household', id));
        continue;
      }
      if (household.moved_out_at !== null) {
        refuse(id, 'outreach.moved_out');
        continue;
      }
      if (already.has(id)) {
        refuse(id, 'outreach.already_listed');
        continue;
      }
      rows.push({
        id: timeOrderedId(now),
        list_id: listId,
        household_id: id,
        added_by: ctx.actor.user.id,
        added_at: at,
      });
      answer.done.push({ id });
    }
    await insertEntries(trx, rows);
    if (rows.length > 0)
      audit.push(
        byActor(ctx.actor, {
          action: 'outreach.households_add',
          targetType: 'outreach_list',
          targetId: listId,
          communityId: list.community_id,
          detail: { householdIds: rows.map((r) => r.household_id) },
        }),
      );
    if (audit.length > 0) await appendAudit(trx, now, audit);
    return answer;
  });
}

export async function closeOutreachList(
  ctx: AccessContext,
  id: string,
  idempotencyKey: string | undefined,
): Promise<TOutreachList> {
  await requirePermission(ctx, 'outreach.manage');
  const list = await findList(ctx.db, ctx.actor.scope, id);
  if (!list) return notFound(ctx, id);
  await onceForKey(ctx, idempotencyKey, { close: id }, async (trx) => {
    const now = ctx.clock();
    // Closing a closed list changes nothing and says so by answering the list as it is.
    if (await closeList(trx, id, ctx.actor.user.id, now.toISOString()))
      await appendAudit(trx, now, [
        byActor(ctx.actor, {
          action: 'outreach.list_close',
          targetType: 'outreach_list',
          targetId: id,
          communityId: list.community_id,
        }),
      ]);
    return true;
  });
  return getOutreachList(ctx, id);
}

/**
 * Takes a household the office added by mistake off an open list, while nobody has been to its door: a
 * recorded visit is the list's history and stays. Office roles of the list's community only; any other
 * entry is not found (audited). With an Idempotency-Key a retry gets the first answer, even though the
 * entry is gone by then.
 */
export async function removeEntry(
  ctx: AccessContext,
  entryId: string,
  idempotencyKey: string | undefined,
): Promise<TOutreachList> {
  await requirePermission(ctx, 'outreach.manage');
  const notOnList = new AppError('outreach.entry_not_found');
  let listId: string;
  try {
    listId = await onceForKey(ctx, idempotencyKey, { remove: entryId }, async (trx) => {
      const entry = await findEntry(trx, ctx.actor.scope, entryId);
      const list = entry ? await findList(trx, ctx.actor.scope, entry.list_id) : undefined;
      if (!entry || !list || !mayManage(ctx, list)) throw notOnList;
      if (list.closed_at !== null) throw new AppError('outreach.list_closed');
      if (!(await deletePendingEntry(trx, entryId))) throw new AppError('outreach.entry_recorded');
      await appendAudit(trx, ctx.clock(), [
        byActor(ctx.actor, {
          action: 'outreach.entry_remove',
          targetType: 'outreach_entry',
          targetId: entryId,
          communityId: list.community_id,
          detail: { listId: list.id, householdId: entry.household_id },
        }),
      ]);
      return list.id;
    });
  } catch (error) {
    if (error === notOnList) return denyNotFound(ctx, notOnList, { type: 'outreach_entry', id: entryId });
    throw error;
  }
  return getOutreachList(ctx, listId);
}

function address(row: Pick<EntryRow, 'building_number' | 'entrance_number' | 'floor' | 'room'>) {
  return {
    buildingNumber: row.building_number,
    entranceNumber: row.entrance_number,
    floor: row.floor,
    room: row.room,
    label: `${row.building_number}-${row.entrance_number}-${row.room}`,
  };
}

async function presentEntries(
  ctx: AccessContext,
  rows: EntryRow[],
  list: ListRow,
): Promise<TOutreachEntry[]> {
  const scope = ctx.actor.scope;
  const people = canSee(scope, 'contact')
    ? await residentNames(
        ctx.db,
        rows.map((r) => r.household_id),
      )
    : new Map<string, { names: string[]; residentIds: string[] }>();
  const tags = canSee(scope, 'care')
    ? await careTagsOfResidents(
        ctx.db,
        [...people.values()].flatMap((p) => p.residentIds),
      )
    : new Map<string, string[]>();
  const mayRecord = hasPermission(ctx.actor, 'outreach.record') && list.closed_at === null;
  return rows.map((r) => {
    const p = people.get(r.household_id);
    return {
      id: r.id,
      listId: r.list_id,
      householdId: r.household_id,
      address: address(r),
      residents: p?.names ?? [],
      careTags: [...new Set((p?.residentIds ?? []).flatMap((id) => tags.get(id) ?? []))].sort() as CareTag[],
      outcome: r.outcome as OutreachOutcome,
      note: r.note,
      addedBy: r.added_by_name,
      addedAt: r.added_at,
      recordedBy: r.recorded_by_name,
      recordedAt: r.recorded_at,
      mayRecord,
    };
  });
}

export async function listEntries(
  ctx: AccessContext,
  listId: string,
  query: TOutreachEntryQuery,
): Promise<TOutreachEntryPage> {
  await requirePermission(ctx, 'outreach.read');
  const { list } = await visibleList(ctx, listId);
  const filtered = entryQuery(ctx.db, ctx.actor.scope, listId, query);
  const [count, rows] = await Promise.all([
    filtered
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    orderEntries(filtered, query.sort).limit(query.limit).offset(query.offset).execute(),
  ]);
  return { total: Number(count.n), items: await presentEntries(ctx, rows, list) };
}

/**
 * What happened at one door. A building leader or party member records only their own households' doors;
 * another entry is not found. Going back to 还没去 clears who recorded it. With an Idempotency-Key a retry
 * gets the first answer.
 */
export async function recordEntryOutcome(
  ctx: AccessContext,
  entryId: string,
  input: TOutreachOutcomeInput,
  idempotencyKey: string | undefined,
): Promise<TOutreachEntry> {
  await requirePermission(ctx, 'outreach.record');
  const entry = await findEntry(ctx.db, ctx.actor.scope, entryId);
  if (!entry)
    return denyNotFound(ctx, new AppError('outreach.entry_not_found'), {
      type: 'outreach_entry',
      id: entryId,
    });
  const list = await findList(ctx.db, ctx.actor.scope, entry.list_id);
  if (!list)
    return denyNotFound(ctx, new AppError('outreach.entry_not_found'), {
      type: 'outreach_entry',
      id: entryId,
    });
  if (list.closed_at !== null) throw new AppError('outreach.list_closed');
  await onceForKey(ctx, idempotencyKey, { entryId, ...input }, async (trx) => {
    const now = ctx.clock();
    const pending = input.outcome === 'pending';
    await recordOutcome(trx, entryId, {
      outcome: input.outcome,
      note: input.note || null,
      recorded_by: pending ? null : ctx.actor.user.id,
      recorded_at: pending ? null : now.toISOString(),
    });
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'outreach.outcome',
        targetType: 'outreach_entry',
        targetId: entryId,
        communityId: list.community_id,
        detail: { listId: list.id, householdId: entry.household_id, outcome: input.outcome },
      }),
    ]);
    return true;
  });
  const row = await entryQuery(ctx.db, ctx.actor.scope, list.id, {})
    .where('outreach_entry.id', '=', entryId)
    .executeTakeFirstOrThrow();
  const [presented] = await presentEntries(ctx, [row], list);
  return presented as TOutreachEntry;
}

/**
 * A list's entries as .xlsx: the table's filters, sort and shown columns, every matching row in the caller's
 * scope. Audited with the list, the filters and the households exported.
 */
export async function exportEntries(ctx: OutreachContext, listId: string, query: TOutreachExportQuery) {
  await requirePermission(ctx, 'outreach.export');
  const { list } = await visibleList(ctx, listId);
  const rows = await orderEntries(entryQuery(ctx.db, ctx.actor.scope, listId, query), query.sort)
    .limit(MAX_OUTREACH_EXPORT_ROWS + 1)
    .execute();
  if (rows.length > MAX_OUTREACH_EXPORT_ROWS) throw new AppError('registry.export_too_large');
  const entries = await presentEntries(ctx, rows, list);
  const words = OUTREACH_SHEET_WORDS[ctx.lang];
  const book = new ExcelJS.Workbook();
  book.creator = 'Linli 邻里';
  const sheet = book.addWorksheet(words.sheet, { views: [{ state: 'frozen', ySplit: 2 }] });
  const columns = query.columns;
  sheet.addRow([neutraliseFormula(list.title)]).font = { bold: true, size: 14 };
  sheet.addRow(columns.map((c) => words.columns[c])).font = { bold: true };
  for (const e of entries) {
    sheet.addRow(columns.map((c) => cell(e, c, ctx.lang)));
  }
  columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c === 'residents' || c === 'note' ? 30 : 16;
  });
  const body = Buffer.from(await book.xlsx.writeBuffer());
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'outreach.export',
        targetType: 'outreach_list',
        targetId: listId,
        communityId: list.community_id,
        detail: {
          rows: entries.length,
          columns,
          filters: { outcome: query.outcome, buildingId: query.buildingId, q: query.q, sort: query.sort },
          householdIds: entries.map((e) => e.householdId),
        },
      }),
    ]),
  );
  return body;
}

function localTime(iso: string | null): string {
  if (!iso) return '';
  // China Standard Time, as the community reads it.
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

function cell(e: TOutreachEntry, column: OutreachExportColumn, lang: Language): string {
  const words = OUTREACH_SHEET_WORDS[lang];
  switch (column) {
    case 'address':
      return e.address.label;
    case 'residents':
      return neutraliseFormula(e.residents.join('、'));
    case 'careTags':
      return e.careTags.map((t) => words.careTags[t] ?? t).join('、');
    case 'outcome':
      return words.outcomes[e.outcome];
    case 'note':
      return neutraliseFormula(e.note ?? '');
    case 'recordedBy':
      return neutraliseFormula(e.recordedBy ?? '');
    case 'recordedAt':
      return localTime(e.recordedAt);
    case 'addedBy':
      return neutraliseFormula(e.addedBy);
    case 'addedAt':
      return localTime(e.addedAt);
  }
}
