import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { CarePlanSort } from '../../shared/contracts/care';
import type { CheckinSort, TCheckinTableQuery } from '../../shared/contracts/careTables';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import type { DB } from '../db/schema';
import { parseSearch } from '../register/search.repository';
import { OPEN_STATES } from './checkins.repository';
import { planQuery } from './plans.repository';

/**
 * The SQL of the care area's office tables (issue 23): care plans and check-ins, filtered, sorted and paged
 * within the caller's household scope. Errands and keys are few per community and carry a standing worked
 * out in code, so their tables are filtered and paged in tables.usecases.ts.
 */

function prefixRange(prefix: string): [string, string] {
  return [prefix, `${prefix}\uffff`];
}

/** The search box over a query holding resident, building, entrance and household: name, pinyin, address. */
function residentOrAddress(
  eb: ExpressionBuilder<DB, 'resident' | 'building' | 'entrance' | 'household'>,
  raw: string,
) {
  const parsed = parseSearch(raw);
  switch (parsed.kind) {
    case 'address':
      return eb.and([
        eb('building.number', '=', parsed.building),
        eb('entrance.number', '=', parsed.entrance),
        ...(parsed.room ? [eb('household.room', '=', parsed.room)] : []),
      ]);
    case 'pinyin': {
      const [from, to] = prefixRange(parsed.letters);
      return eb.or([
        eb.and([eb('resident.name_initials', '>=', from), eb('resident.name_initials', '<', to)]),
        eb.and([eb('resident.name_pinyin', '>=', from), eb('resident.name_pinyin', '<', to)]),
      ]);
    }
    case 'phone':
      return eb('resident.phone_tail', '=', parsed.tail);
    case 'name': {
      const [from, to] = prefixRange(parsed.name);
      return eb.and([eb('resident.name', '>=', from), eb('resident.name', '<', to)]);
    }
    default:
      return sql<boolean>`1 = 1`;
  }
}

export interface PlanTableFilters {
  buildingId?: string | undefined;
  householdId?: string | undefined;
  positionId?: string | undefined;
  includeEnded: boolean;
  q?: string | undefined;
  risk?: string | undefined;
  checkin?: 'yes' | 'no' | undefined;
}

/** Care plans in scope with the table's SQL filters (the visit standing is filtered afterwards, in code). */
export function planTableQuery(db: Kysely<DB>, scope: Scope, f: PlanTableFilters) {
  let query = planQuery(db, scope);
  if (f.buildingId) query = query.where('household.building_id', '=', f.buildingId);
  if (f.householdId) query = query.where('care_plan.household_id', '=', f.householdId);
  if (f.positionId) {
    const positionId = f.positionId;
    query = query.where((eb) =>
      eb.or([
        eb('care_plan.responsible_position_id', '=', positionId),
        eb('care_plan.stand_in_position_id', '=', positionId),
      ]),
    );
  }
  if (!f.includeEnded) query = query.where('care_plan.ended_at', 'is', null);
  if (f.risk) query = query.where('care_plan.risk', '=', f.risk);
  if (f.checkin === 'yes') query = query.where('care_plan.checkin_time', 'is not', null);
  if (f.checkin === 'no') query = query.where('care_plan.checkin_time', 'is', null);
  if (f.q) {
    const q = f.q;
    query = query.where((eb) => residentOrAddress(eb, q));
  }
  return query;
}

/** Orders the SQL can give; `nextVisit` and `lastVisit` are worked out from visits, in code. */
export function orderPlans(query: ReturnType<typeof planTableQuery>, sort: CarePlanSort | undefined) {
  const d = sort?.startsWith('-') ? 'desc' : 'asc';
  switch (sort) {
    case undefined:
      // The order the list always had, for the callers that ask for none.
      return query
        .orderBy('building.number')
        .orderBy('household.room')
        .orderBy('care_plan.created_at')
        .orderBy('care_plan.id');
    case 'name':
    case '-name':
      return query.orderBy('resident.name_pinyin', d).orderBy('resident.name', d).orderBy('care_plan.id');
    case 'risk':
    case '-risk':
      // `high` sorts before `normal`: high risk first is the ascending order.
      return query
        .orderBy('care_plan.risk', d)
        .orderBy('building.number')
        .orderBy('entrance.number')
        .orderBy('household.floor')
        .orderBy('household.room')
        .orderBy('care_plan.id');
    case 'created':
    case '-created':
      return query.orderBy('care_plan.created_at', d).orderBy('care_plan.id');
    default:
      return query
        .orderBy('building.number', d)
        .orderBy('entrance.number', d)
        .orderBy('household.floor', d)
        .orderBy('household.room', d)
        .orderBy('resident.name_pinyin')
        .orderBy('care_plan.id');
  }
}

type CheckinFilters = Omit<TCheckinTableQuery, 'limit' | 'offset' | 'sort'>;

/** Check-ins of plans in scope, joined with their resident, address and who recorded them. */
export function checkinTableQuery(db: Kysely<DB>, scope: Scope, f: CheckinFilters) {
  let query = db
    .selectFrom('checkin')
    .innerJoin('care_plan', 'care_plan.id', 'checkin.plan_id')
    .innerJoin('household', 'household.id', 'checkin.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .innerJoin('resident', 'resident.id', 'care_plan.resident_id')
    .where(householdInScope(scope));
  if (scope.communityIds.length > 0) query = query.where('checkin.community_id', 'in', scope.communityIds);
  if (f.from) query = query.where('checkin.date', '>=', f.from);
  if (f.to) query = query.where('checkin.date', '<=', f.to);
  if (f.state === 'open') query = query.where('checkin.state', 'in', [...OPEN_STATES]);
  else if (f.state) query = query.where('checkin.state', '=', f.state);
  if (f.buildingId) query = query.where('household.building_id', '=', f.buildingId);
  if (f.positionId) {
    const positionId = f.positionId;
    query = query.where((eb) =>
      eb.or([
        eb('care_plan.responsible_position_id', '=', positionId),
        eb('care_plan.stand_in_position_id', '=', positionId),
      ]),
    );
  }
  if (f.q) {
    const q = f.q;
    query = query.where((eb) => residentOrAddress(eb, q));
  }
  return query;
}

export function checkinRows(query: ReturnType<typeof checkinTableQuery>, sort: CheckinSort) {
  const q = query
    .leftJoin('user_account', 'user_account.id', 'checkin.recorded_by_user_id')
    .selectAll('checkin')
    .select([
      'care_plan.resident_id as resident_id',
      'care_plan.responsible_position_id as responsible_position_id',
      'resident.name as resident_name',
      'building.number as building_number',
      'entrance.number as entrance_number',
      'household.floor as floor',
      'household.room as room',
      'user_account.display_name as recorded_by_name',
    ]);
  const d = sort.startsWith('-') ? 'desc' : 'asc';
  switch (sort) {
    case 'name':
    case '-name':
      return q
        .orderBy('resident.name_pinyin', d)
        .orderBy('resident.name', d)
        .orderBy('checkin.date', 'desc')
        .orderBy('checkin.id');
    case 'address':
    case '-address':
      return q
        .orderBy('building.number', d)
        .orderBy('entrance.number', d)
        .orderBy('household.floor', d)
        .orderBy('household.room', d)
        .orderBy('checkin.date', 'desc')
        .orderBy('checkin.id');
    case 'step':
    case '-step':
      return q.orderBy('checkin.ladder_step', d).orderBy('checkin.date', 'desc').orderBy('checkin.id');
    default:
      return q
        .orderBy('checkin.date', d)
        .orderBy('building.number')
        .orderBy('entrance.number')
        .orderBy('household.floor')
        .orderBy('household.room')
        .orderBy('checkin.id');
  }
}
