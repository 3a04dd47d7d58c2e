import { type Kysely, sql } from 'kysely';
import type { OutreachOutcome, OutreachSort } from '../../shared/contracts/outreach';
import type { Scope } from '../auth/scope';
import { householdInScope, oneHouseholdInScope } from '../auth/scope.repository';
import type { DB, OutreachListTable } from '../db/schema';
import { parseSearch } from '../register/search.repository';

/**
 * The SQL of outreach lists (走访名单): every query of entries joins the household and applies the caller's
 * household scope, so a building leader's or party member's counts, pages and exports hold only their doors.
 */

export type ListRow = OutreachListTable & { created_by_name: string };

function listQuery(db: Kysely<DB>, scope: Scope) {
  const base = db
    .selectFrom('outreach_list')
    .innerJoin('user_account', 'user_account.id', 'outreach_list.created_by')
    .selectAll('outreach_list')
    .select('user_account.display_name as created_by_name');
  return scope.communityIds.length === 0
    ? base.where(sql<boolean>`1 = 0`)
    : base.where('outreach_list.community_id', 'in', scope.communityIds);
}

/** A list of the caller's communities (whether a chain role has any door on it is the use case's check). */
export async function findList(db: Kysely<DB>, scope: Scope, id: string): Promise<ListRow | undefined> {
  return listQuery(db, scope).where('outreach_list.id', '=', id).executeTakeFirst();
}

export async function listLists(
  db: Kysely<DB>,
  scope: Scope,
  state: 'open' | 'closed' | 'all',
): Promise<ListRow[]> {
  let query = listQuery(db, scope);
  if (state === 'open') query = query.where('outreach_list.closed_at', 'is', null);
  if (state === 'closed') query = query.where('outreach_list.closed_at', 'is not', null);
  return query.orderBy('outreach_list.created_at', 'desc').orderBy('outreach_list.id').execute();
}

/** How many of each outcome each list has, among the entries in the caller's scope. */
export async function countsOf(
  db: Kysely<DB>,
  scope: Scope,
  listIds: readonly string[],
): Promise<Map<string, Record<OutreachOutcome, number>>> {
  const counts = new Map<string, Record<OutreachOutcome, number>>();
  if (listIds.length === 0) return counts;
  const rows = await db
    .selectFrom('outreach_entry')
    .innerJoin('household', 'household.id', 'outreach_entry.household_id')
    .select(['outreach_entry.list_id', 'outreach_entry.outcome'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('outreach_entry.list_id', 'in', [...listIds])
    .where(householdInScope(scope))
    .groupBy(['outreach_entry.list_id', 'outreach_entry.outcome'])
    .execute();
  for (const row of rows) {
    const c = counts.get(row.list_id) ?? { pending: 0, reached: 0, not_home: 0, declined: 0 };
    c[row.outcome as OutreachOutcome] = Number(row.n);
    counts.set(row.list_id, c);
  }
  return counts;
}

export async function insertList(db: Kysely<DB>, row: OutreachListTable): Promise<void> {
  await db.insertInto('outreach_list').values(row).execute();
}

export async function closeList(db: Kysely<DB>, id: string, by: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('outreach_list')
    .set({ closed_at: at, closed_by: by })
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A household of the caller's scope, moved out or not, with its community; undefined outside scope. */
export async function householdForList(db: Kysely<DB>, scope: Scope, householdId: string) {
  return db
    .selectFrom('household')
    .select(['household.id', 'household.community_id', 'household.moved_out_at'])
    .where(oneHouseholdInScope(scope, householdId))
    .executeTakeFirst();
}

export async function householdsOnList(
  db: Kysely<DB>,
  listId: string,
  householdIds: readonly string[],
): Promise<Set<string>> {
  if (householdIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('outreach_entry')
    .select('household_id')
    .where('list_id', '=', listId)
    .where('household_id', 'in', [...householdIds])
    .execute();
  return new Set(rows.map((r) => r.household_id));
}

export async function insertEntries(
  db: Kysely<DB>,
  rows: { id: string; list_id: string; household_id: string; added_by: string; added_at: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('outreach_entry')
    .values(rows.map((r) => ({ ...r, outcome: 'pending', note: null, recorded_by: null, recorded_at: null })))
    .execute();
}

export interface EntryFilters {
  outcome?: OutreachOutcome | undefined;
  buildingId?: string | undefined;
  q?: string | undefined;
}

/** A list's entries in the caller's scope, with the household's address and who added and recorded them. */
export function entryQuery(db: Kysely<DB>, scope: Scope, listId: string, f: EntryFilters) {
  let query = db
    .selectFrom('outreach_entry')
    .innerJoin('household', 'household.id', 'outreach_entry.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .innerJoin('user_account as adder', 'adder.id', 'outreach_entry.added_by')
    .leftJoin('user_account as recorder', 'recorder.id', 'outreach_entry.recorded_by')
    .selectAll('outreach_entry')
    .select([
      'household.community_id',
      'building.number as building_number',
      'entrance.number as entrance_number',
      'household.floor',
      'household.room',
      'adder.display_name as added_by_name',
      'recorder.display_name as recorded_by_name',
    ])
    .where('outreach_entry.list_id', '=', listId)
    .where(householdInScope(scope));
  if (f.outcome) query = query.where('outreach_entry.outcome', '=', f.outcome);
  if (f.buildingId) query = query.where('household.building_id', '=', f.buildingId);
  if (f.q) {
    const parsed = parseSearch(f.q);
    if (parsed.kind === 'address') {
      query = query
        .where('building.number', '=', parsed.building)
        .where('entrance.number', '=', parsed.entrance);
      if (parsed.room) query = query.where('household.room', '=', parsed.room);
    } else {
      // A building number alone, or anything else: the start of the building number.
      query = query.where('building.number', '=', f.q);
    }
  }
  return query;
}

export type EntryRow = Awaited<ReturnType<ReturnType<typeof entryQuery>['execute']>>[number];

export function orderEntries(query: ReturnType<typeof entryQuery>, sort: OutreachSort) {
  const d = sort.startsWith('-') ? 'desc' : 'asc';
  const byAddress = (q: typeof query, dir: 'asc' | 'desc') =>
    q
      .orderBy('building.number', dir)
      .orderBy('entrance.number', dir)
      .orderBy('household.floor', dir)
      .orderBy('household.room', dir);
  switch (sort) {
    case 'address':
    case '-address':
      return byAddress(query, d).orderBy('outreach_entry.id');
    case 'outcome':
    case '-outcome':
      return byAddress(query.orderBy('outreach_entry.outcome', d), 'asc').orderBy('outreach_entry.id');
    case 'recorded':
    case '-recorded':
      // Not yet recorded last either way, on both databases.
      return byAddress(
        query.orderBy(sql`outreach_entry.recorded_at is null`).orderBy('outreach_entry.recorded_at', d),
        'asc',
      ).orderBy('outreach_entry.id');
    case 'added':
    case '-added':
      return byAddress(query.orderBy('outreach_entry.added_at', d), 'asc').orderBy('outreach_entry.id');
  }
}

export async function findEntry(db: Kysely<DB>, scope: Scope, entryId: string) {
  return db
    .selectFrom('outreach_entry')
    .innerJoin('household', 'household.id', 'outreach_entry.household_id')
    .selectAll('outreach_entry')
    .where('outreach_entry.id', '=', entryId)
    .where(householdInScope({ ...scope, householdIds: null }))
    .executeTakeFirst()
    .then((row) =>
      row && (scope.householdIds === null || scope.householdIds.has(row.household_id)) ? row : undefined,
    );
}

/** Takes a door off its list while nobody has been to it; false when it was visited or is gone. */
export async function deletePendingEntry(db: Kysely<DB>, entryId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('outreach_entry')
    .where('id', '=', entryId)
    .where('outcome', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function recordOutcome(
  db: Kysely<DB>,
  entryId: string,
  set: {
    outcome: OutreachOutcome;
    note: string | null;
    recorded_by: string | null;
    recorded_at: string | null;
  },
): Promise<void> {
  await db.updateTable('outreach_entry').set(set).where('id', '=', entryId).execute();
}

/** The names of the people living in each household now, eldest first. */
export async function residentNames(
  db: Kysely<DB>,
  householdIds: readonly string[],
): Promise<Map<string, { names: string[]; residentIds: string[] }>> {
  const out = new Map<string, { names: string[]; residentIds: string[] }>();
  if (householdIds.length === 0) return out;
  const rows = await db
    .selectFrom('resident')
    .select(['id', 'household_id', 'name'])
    .where('household_id', 'in', [...new Set(householdIds)])
    .where('moved_out_at', 'is', null)
    .orderBy('household_id')
    .orderBy('birth_date')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const entry = out.get(r.household_id) ?? { names: [], residentIds: [] };
    entry.names.push(r.name);
    entry.residentIds.push(r.id);
    out.set(r.household_id, entry);
  }
  return out;
}

export async function careTagsOfResidents(db: Kysely<DB>, residentIds: readonly string[]) {
  const tags = new Map<string, string[]>();
  if (residentIds.length === 0) return tags;
  const rows = await db
    .selectFrom('resident_care_tag')
    .select(['resident_id', 'tag'])
    .where('resident_id', 'in', [...residentIds])
    .orderBy('tag')
    .execute();
  for (const r of rows) tags.set(r.resident_id, [...(tags.get(r.resident_id) ?? []), r.tag]);
  return tags;
}
