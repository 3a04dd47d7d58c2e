import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { CareTag } from '../../shared/careTags';
import type { THouseholdListQuery, TResidentListQuery } from '../../shared/contracts/registry';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import { isPostgres } from '../db/dialect';
import { pageWithTotal } from '../db/page';
import type { DB } from '../db/schema';
import { hasServingLeader } from '../liaison/coverage.sql';
import { bornBetween, type ParsedQuery, parseSearch } from '../register/search.repository';
import type { HouseholdRecord } from './registry.repository';

/**
 * The register's two office tables (households, residents): filters, sort, a page and the total, all within
 * the caller's scope. The export reads the same queries without the page.
 */

export type HouseholdTables = 'household' | 'building' | 'entrance';
export type HouseholdFilters = Omit<THouseholdListQuery, 'limit' | 'offset' | 'sort'>;

function prefixRange(prefix: string): [string, string] {
  return [prefix, `${prefix}\uffff`];
}

/** A resident matches the name / pinyin / phone part of the search box. */
function residentMatches(eb: ExpressionBuilder<DB, 'resident'>, parsed: ParsedQuery) {
  switch (parsed.kind) {
    case 'phone':
      return eb('resident.phone_tail', '=', parsed.tail);
    case 'pinyin': {
      const [from, to] = prefixRange(parsed.letters);
      return eb.or([
        eb.and([eb('resident.name_initials', '>=', from), eb('resident.name_initials', '<', to)]),
        eb.and([eb('resident.name_pinyin', '>=', from), eb('resident.name_pinyin', '<', to)]),
      ]);
    }
    case 'name': {
      const [from, to] = prefixRange(parsed.name);
      return eb.and([eb('resident.name', '>=', from), eb('resident.name', '<', to)]);
    }
    default:
      return sql<boolean>`1 = 1`;
  }
}

function hasCareTag(eb: ExpressionBuilder<DB, 'resident'>, tag: CareTag) {
  return eb.exists(
    eb
      .selectFrom('resident_care_tag')
      .select(sql<number>`1`.as('one'))
      .whereRef('resident_care_tag.resident_id', '=', 'resident.id')
      .where('resident_care_tag.tag', '=', tag),
  );
}

/**
 * The filters both tables share, on a query that holds household, building and entrance. The welfare
 * tables use it too, so their search box reads an address, a name, pinyin or a phone as the register's does.
 */
export function applyHouseholdFilters<O>(
  query: SelectQueryBuilder<DB, HouseholdTables, O>,
  filters: HouseholdFilters,
  today: string,
  residentLevel: boolean,
  communityIds?: readonly string[],
): SelectQueryBuilder<DB, HouseholdTables, O> {
  let q = query;
  // "Someone living there" read among these communities' residents only (given on PostgreSQL, which
  // otherwise matched the whole district's residents against the filter before looking at the households:
  // 121 ms for one community's 独居 households at 600,000 residents). SQLite reads a household's residents
  // by the household already, and given the communities it started from them instead, some 700 times slower.
  const residentsHere = <T>(r: SelectQueryBuilder<DB, 'resident', T>) =>
    communityIds && communityIds.length > 0 ? r.where('resident.community_id', 'in', communityIds) : r;
  if (filters.buildingId) q = q.where('household.building_id', '=', filters.buildingId);
  if (filters.entrance) q = q.where('entrance.number', '=', filters.entrance);
  if (filters.hasLeader) {
    const want = filters.hasLeader === 'yes';
    q = q.where((eb) => (want ? hasServingLeader(eb, today) : eb.not(hasServingLeader(eb, today))));
  }
  const parsed = filters.q ? parseSearch(filters.q) : ({ kind: 'filter' } as const);
  if (parsed.kind === 'address') {
    q = q.where('building.number', '=', parsed.building).where('entrance.number', '=', parsed.entrance);
    if (parsed.room) q = q.where('household.room', '=', parsed.room);
  } else if (parsed.kind !== 'filter' && !residentLevel) {
    // A household matches when someone living there does.
    q = q.where((eb) =>
      eb.exists(
        residentsHere(
          eb
            .selectFrom('resident')
            .select(sql<number>`1`.as('one'))
            .whereRef('resident.household_id', '=', 'household.id')
            .where('resident.moved_out_at', 'is', null)
            .where((r) => residentMatches(r, parsed)),
        ),
      ),
    );
  }
  if (filters.careTag && !residentLevel) {
    const tag = filters.careTag;
    q = q.where((eb) =>
      eb.exists(
        residentsHere(
          eb
            .selectFrom('resident')
            .select(sql<number>`1`.as('one'))
            .whereRef('resident.household_id', '=', 'household.id')
            .where('resident.moved_out_at', 'is', null)
            .where((r) => hasCareTag(r, tag)),
        ),
      ),
    );
  }
  return q;
}

export interface HouseholdRow extends HouseholdRecord {
  memberCount: number;
}

/**
 * Whether the filters read the building's or the entrance's number (the entrance filter, an address in the
 * search box). Without them a count needs neither table: every household has both (foreign keys, not null).
 */
function filtersReadAddressTables(query: HouseholdFilters): boolean {
  return Boolean(query.entrance) || (query.q ? parseSearch(query.q).kind === 'address' : false);
}

export function householdListQuery(
  db: Kysely<DB>,
  scope: Scope,
  query: HouseholdFilters,
  today: string,
  forCount = false,
) {
  const residentCommunities = isPostgres(db) ? scope.communityIds : undefined;
  const base = db
    .selectFrom('household')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .where('household.moved_out_at', 'is', null)
    .where(householdInScope(scope));
  if (forCount && !filtersReadAddressTables(query)) {
    // The same filters without the two joins; the type is the joined query's, which names no more columns.
    const bare = db
      .selectFrom('household')
      .where('household.moved_out_at', 'is', null)
      .where(householdInScope(scope)) as unknown as typeof base;
    return applyHouseholdFilters(bare, query, today, false, residentCommunities);
  }
  return applyHouseholdFilters(base, query, today, false, residentCommunities);
}

function memberCount(eb: ExpressionBuilder<DB, 'household'>) {
  return eb
    .selectFrom('resident')
    .select((r) => r.fn.countAll<number>().as('n'))
    .whereRef('resident.household_id', '=', 'household.id')
    .where('resident.moved_out_at', 'is', null);
}

function careFirst(eb: ExpressionBuilder<DB, 'household'>) {
  return eb
    .case()
    .when(
      eb.exists(
        eb
          .selectFrom('resident')
          .innerJoin('resident_care_tag', 'resident_care_tag.resident_id', 'resident.id')
          .select(sql<number>`1`.as('one'))
          .whereRef('resident.household_id', '=', 'household.id')
          .where('resident.moved_out_at', 'is', null),
      ),
    )
    .then(0)
    .else(1)
    .end();
}

/** A page of households in scope with the filters and sort asked for, and how many there are in all. */
export async function listHouseholdsPage(
  db: Kysely<DB>,
  scope: Scope,
  query: THouseholdListQuery,
  today: string,
): Promise<{ total: number; items: HouseholdRow[] }> {
  const { total, items } = await pageWithTotal(
    householdListQuery(db, scope, query, today, true),
    householdRows(householdListQuery(db, scope, query, today), query.sort),
    query,
  );
  return { total, items: items.map((h) => ({ ...h, memberCount: Number(h.memberCount) })) };
}

/** The rows of a filtered household query, in the order asked for (the export takes all of them). */
export function householdRows(
  filtered: ReturnType<typeof householdListQuery>,
  sort: THouseholdListQuery['sort'],
) {
  let q = filtered.select((eb) => [
    'household.id as id',
    'household.community_id as communityId',
    'building.number as buildingNumber',
    'entrance.number as entranceNumber',
    'household.floor as floor',
    'household.room as room',
    memberCount(eb).as('memberCount'),
  ]);
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  if (sort === 'members' || sort === '-members') q = q.orderBy('memberCount', direction);
  if (sort === 'care') q = q.orderBy((eb) => careFirst(eb));
  // Building, entrance, floor and room, as one indexed key (migration 0026).
  return q.orderBy('household.address_key', sort === '-address' ? 'desc' : 'asc').orderBy('household.id');
}

type ResidentFilters = Omit<TResidentListQuery, 'limit' | 'offset' | 'sort'>;

export interface ResidentRowRecord {
  id: string;
  householdId: string;
  communityId: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string | null;
  relation: string;
  phone: string | null;
  idNumber: string | null;
  buildingNumber: string;
  entranceNumber: string;
  floor: number;
  room: string;
}

export function residentListQuery(
  db: Kysely<DB>,
  scope: Scope,
  query: ResidentFilters,
  today: string,
  forCount = false,
) {
  const joined = db
    .selectFrom('resident')
    .innerJoin('household', 'household.id', 'resident.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id');
  // A count without the building and entrance when no filter reads them (see `filtersReadAddressTables`).
  const base = (
    forCount && !filtersReadAddressTables(query)
      ? (db
          .selectFrom('resident')
          .innerJoin('household', 'household.id', 'resident.household_id') as unknown as typeof joined)
      : joined
  )
    .where('resident.moved_out_at', 'is', null)
    .where('household.moved_out_at', 'is', null)
    .where(householdInScope(scope));
  // The household filters only name household, building and entrance, which this query holds too.
  let q = applyHouseholdFilters(
    base as unknown as SelectQueryBuilder<DB, HouseholdTables, object>,
    query,
    today,
    true,
  ) as unknown as typeof base;
  // The resident indexes lead with the community: say it, so the planner may start from them.
  if (scope.communityIds.length > 0) q = q.where('resident.community_id', 'in', scope.communityIds);
  const parsed = query.q ? parseSearch(query.q) : ({ kind: 'filter' } as const);
  if (parsed.kind !== 'filter' && parsed.kind !== 'address') q = q.where((eb) => residentMatches(eb, parsed));
  if (query.careTag) {
    const tag = query.careTag;
    q = q.where((eb) => hasCareTag(eb, tag));
  }
  if (query.gender) q = q.where('resident.gender', '=', query.gender);
  if (query.ageBand) {
    const { after, onOrBefore } = bornBetween(query.ageBand, today);
    if (after) q = q.where('resident.birth_date', '>', after);
    if (onOrBefore) q = q.where('resident.birth_date', '<=', onOrBefore);
  }
  return q;
}

export function residentRows(
  filtered: ReturnType<typeof residentListQuery>,
  sort: TResidentListQuery['sort'],
) {
  let q = filtered.select([
    'resident.id as id',
    'resident.household_id as householdId',
    'resident.community_id as communityId',
    'resident.name as name',
    'resident.gender as gender',
    'resident.birth_date as birthDate',
    'resident.relation as relation',
    'resident.phone as phone',
    'resident.id_number as idNumber',
    'building.number as buildingNumber',
    'entrance.number as entranceNumber',
    'household.floor as floor',
    'household.room as room',
  ]);
  switch (sort) {
    case 'name':
    case '-name': {
      const d = sort === 'name' ? 'asc' : 'desc';
      q = q.orderBy('resident.name_pinyin', d).orderBy('resident.name', d);
      break;
    }
    case 'age':
    case '-age':
      // Unknown birth dates last either way; youngest first is the latest birth date first.
      q = q
        .orderBy(sql`case when resident.birth_date is null then 1 else 0 end`)
        .orderBy('resident.birth_date', sort === 'age' ? 'desc' : 'asc');
      break;
    default: {
      // Building, entrance, floor and room, as one indexed key (migration 0026).
      q = q
        .orderBy('household.address_key', sort === '-address' ? 'desc' : 'asc')
        .orderBy('resident.name_pinyin');
    }
  }
  return q.orderBy('resident.id');
}

export async function listResidentsPage(
  db: Kysely<DB>,
  scope: Scope,
  query: TResidentListQuery,
  today: string,
): Promise<{ total: number; items: ResidentRowRecord[] }> {
  return pageWithTotal(
    residentListQuery(db, scope, query, today, true),
    residentRows(residentListQuery(db, scope, query, today), query.sort),
    query,
  );
}

/** Care tags of the given residents (already scope-checked), each list sorted. */
export async function careTagsOfResidents(db: Kysely<DB>, ids: string[]): Promise<Map<string, CareTag[]>> {
  const tags = new Map<string, CareTag[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('resident_care_tag')
      .select(['resident_id', 'tag'])
      .where('resident_id', 'in', part)
      .orderBy('tag')
      .execute();
    for (const row of rows)
      tags.set(row.resident_id, [...(tags.get(row.resident_id) ?? []), row.tag as CareTag]);
  }
  return tags;
}

/** Which of the given households (already scope-checked) have a building leader today. */
export async function householdsWithLeader(
  db: Kysely<DB>,
  ids: string[],
  today: string,
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('household')
      .select('household.id')
      .where('household.id', 'in', part)
      .where((eb) => hasServingLeader(eb, today))
      .execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}
