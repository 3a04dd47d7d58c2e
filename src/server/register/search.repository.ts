import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { CareTag } from '../../shared/careTags';
import type { AgeBand } from '../../shared/contracts/register';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import type { DB } from '../db/schema';

export type MatchKind = 'name' | 'pinyin' | 'phone' | 'address' | 'filter';

/** What the one search box was given, told apart the way workers use it. */
export type ParsedQuery =
  | { kind: 'filter' }
  | { kind: 'address'; building: string; entrance: string; room: string | null }
  | { kind: 'phone'; tail: string }
  | { kind: 'pinyin'; letters: string }
  | { kind: 'name'; name: string };

export function parseSearch(raw: string): ParsedQuery {
  // Full-width digits and dashes come from Chinese input methods.
  const q = raw
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[－—–]/g, '-')
    .replace(/\s+/g, '')
    .toLowerCase();
  if (q === '') return { kind: 'filter' };
  const address = /^(\w+)-(\w+)(?:-(\w+))?$/.exec(q);
  if (address?.[1] && address[2])
    return { kind: 'address', building: address[1], entrance: address[2], room: address[3] ?? null };
  if (/^\d{4}$/.test(q)) return { kind: 'phone', tail: q };
  if (/^[a-z]+$/.test(q)) return { kind: 'pinyin', letters: q };
  return { kind: 'name', name: raw.trim() };
}

/** `[from, to)` for a prefix, so the comparison can use an index on both databases. */
function prefixRange(prefix: string): [string, string] {
  return [prefix, `${prefix}\uffff`];
}

export function bornBetween(band: AgeBand, today: string): { after?: string; onOrBefore?: string } {
  const yearsAgo = (n: number) => `${Number(today.slice(0, 4)) - n}${today.slice(4)}`;
  switch (band) {
    case '0-17':
      return { after: yearsAgo(18) };
    case '18-59':
      return { after: yearsAgo(60), onOrBefore: yearsAgo(18) };
    case '60-79':
      return { after: yearsAgo(80), onOrBefore: yearsAgo(60) };
    case '80+':
      return { onOrBefore: yearsAgo(80) };
  }
}

export interface SearchFilter {
  query: ParsedQuery;
  careTag?: CareTag | undefined;
  ageBand?: AgeBand | undefined;
  buildingId?: string | undefined;
  limit: number;
  today: string;
}

export interface ResidentHitRecord {
  residentId: string;
  householdId: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string | null;
  relation: string;
  buildingNumber: string;
  entranceNumber: string;
  floor: number;
  room: string;
}

type SearchQuery = SelectQueryBuilder<
  DB,
  'resident' | 'household' | 'building' | 'entrance',
  ResidentHitRecord
>;

function applyQuery(query: SearchQuery, parsed: ParsedQuery): SearchQuery {
  switch (parsed.kind) {
    case 'filter':
      return query;
    case 'address': {
      let q = query
        .where('building.number', '=', parsed.building)
        .where('entrance.number', '=', parsed.entrance);
      if (parsed.room) q = q.where('household.room', '=', parsed.room);
      return q;
    }
    case 'phone':
      return query.where('resident.phone_tail', '=', parsed.tail);
    case 'pinyin': {
      const [from, to] = prefixRange(parsed.letters);
      return query.where((eb) =>
        eb.or([
          eb.and([eb('resident.name_initials', '>=', from), eb('resident.name_initials', '<', to)]),
          eb.and([eb('resident.name_pinyin', '>=', from), eb('resident.name_pinyin', '<', to)]),
        ]),
      );
    }
    case 'name': {
      const [from, to] = prefixRange(parsed.name);
      return query.where('resident.name', '>=', from).where('resident.name', '<', to);
    }
  }
}

/** Present residents matching the query, within the caller's scope; at most `limit`. */
export async function searchResidents(
  db: Kysely<DB>,
  scope: Scope,
  filter: SearchFilter,
): Promise<ResidentHitRecord[]> {
  let query: SearchQuery = db
    .selectFrom('resident')
    .innerJoin('household', 'household.id', 'resident.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .select([
      'resident.id as residentId',
      'resident.household_id as householdId',
      'resident.name as name',
      'resident.gender as gender',
      'resident.birth_date as birthDate',
      'resident.relation as relation',
      'building.number as buildingNumber',
      'entrance.number as entranceNumber',
      'household.floor as floor',
      'household.room as room',
    ])
    .where('resident.moved_out_at', 'is', null)
    .where('household.moved_out_at', 'is', null)
    .where(householdInScope(scope));
  // Name, pinyin and phone searches start from the resident indexes, which lead with the community;
  // an address starts from the building, which the joins already narrow.
  if (filter.query.kind !== 'address' && filter.query.kind !== 'filter' && scope.communityIds.length > 0) {
    query = query.where('resident.community_id', 'in', scope.communityIds);
  }
  query = applyQuery(query, filter.query);
  if (filter.buildingId) query = query.where('household.building_id', '=', filter.buildingId);
  if (filter.careTag) {
    const tag = filter.careTag;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('resident_care_tag')
          .select(sql<number>`1`.as('one'))
          .whereRef('resident_care_tag.resident_id', '=', 'resident.id')
          .where('resident_care_tag.tag', '=', tag),
      ),
    );
  }
  if (filter.ageBand) {
    const { after, onOrBefore } = bornBetween(filter.ageBand, filter.today);
    if (after) query = query.where('resident.birth_date', '>', after);
    if (onOrBefore) query = query.where('resident.birth_date', '<=', onOrBefore);
  }
  return query
    .orderBy('building.number')
    .orderBy('entrance.number')
    .orderBy('household.room')
    .orderBy('resident.name')
    .limit(filter.limit)
    .execute();
}
