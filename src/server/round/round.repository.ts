import { type Kysely, sql } from 'kysely';
import type { Scope } from '../auth/scope';
import { currentAssignedHouseholds, householdInScope } from '../auth/scope.repository';
import type {
  CheckinLadderTable,
  CheckinTable,
  DB,
  RoundDoorTable,
  RoundItemTable,
  RoundSignalTable,
  RoundSubscriptionTable,
  RoundTaskTable,
} from '../db/schema';
import { type HouseholdRecord, householdQuery } from '../registry/registry.repository';

/** Rows per multi-row INSERT or values per IN list: SQLite binds at most 32,766 parameters a statement. */
const CHUNK = 1_000;

function inChunks<T>(values: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** A household in the caller's scope with its address. */
export type DoorPlace = HouseholdRecord;

export async function placesInScope(
  db: Kysely<DB>,
  scope: Scope,
  ids: readonly string[],
): Promise<DoorPlace[]> {
  const out: DoorPlace[] = [];
  for (const part of inChunks([...new Set(ids)])) {
    out.push(...(await householdQuery(db, scope).where('household.id', 'in', part).execute()));
  }
  return out;
}

/** The household at `3-2-401` in the caller's scope (the register's way of writing an address). */
export async function placeAtAddress(
  db: Kysely<DB>,
  scope: Scope,
  address: { building: string; entrance: string; room: string },
): Promise<DoorPlace | undefined> {
  return householdQuery(db, scope)
    .where('building.number', '=', address.building)
    .where('entrance.number', '=', address.entrance)
    .where('household.room', '=', address.room)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- items and subscriptions

export async function insertItems(trx: Kysely<DB>, rows: readonly RoundItemTable[]) {
  for (const part of inChunks(rows)) await trx.insertInto('round_item').values(part).execute();
}

/**
 * The papers the subscriptions expect on `date`, made by one INSERT … SELECT; an item's id is its
 * subscription and day, and (subscription, day) is unique, so making them twice makes nothing.
 */
export async function makePapers(
  trx: Kysely<DB>,
  date: string,
  weekday: number,
  at: string,
  householdIds?: readonly string[],
) {
  if (householdIds?.length === 0) return;
  let source = trx
    .selectFrom('round_subscription')
    .select([
      sql<string>`round_subscription.id || ':' || ${date}`.as('id'),
      'community_id',
      'household_id',
      sql<string>`'newspaper'`.as('kind'),
      'paper',
      'id as subscription_id',
      sql<string>`${date}`.as('date'),
      sql<string>`'waiting'`.as('state'),
      sql<string>`${at}`.as('logged_at'),
    ])
    .where('weekdays', 'like', `%${weekday}%`)
    .where('starts_on', '<=', date)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>', date)]));
  if (householdIds) source = source.where('household_id', 'in', [...householdIds]);
  // In key order (an item's id begins with its subscription's): the primary key and the (subscription,
  // day) index then grow page by page instead of at random places across a table larger than the cache.
  source = source.orderBy('round_subscription.id');
  await trx
    .insertInto('round_item')
    .columns([
      'id',
      'community_id',
      'household_id',
      'kind',
      'paper',
      'subscription_id',
      'date',
      'state',
      'logged_at',
    ])
    .expression(source)
    .onConflict((oc) => oc.columns(['subscription_id', 'date']).doNothing())
    .execute();
}

/** Claims the making of a day's papers: true for the one sweep (of however many servers) that gets it. */
export async function claimDay(trx: Kysely<DB>, date: string, at: string): Promise<boolean> {
  const rows = await trx
    .insertInto('round_day')
    .values({ date, made_at: at })
    .onConflict((oc) => oc.column('date').doNothing())
    .returning('date')
    .execute();
  return rows.length === 1;
}

export async function dayMade(db: Kysely<DB>, date: string): Promise<boolean> {
  return (
    (await db.selectFrom('round_day').select('date').where('date', '=', date).executeTakeFirst()) !==
    undefined
  );
}

export async function insertSubscription(trx: Kysely<DB>, row: RoundSubscriptionTable) {
  await trx.insertInto('round_subscription').values(row).execute();
}

export async function subscriptionsInScope(
  db: Kysely<DB>,
  scope: Scope,
  filter: { householdId?: string | undefined; id?: string | undefined },
) {
  let query = db
    .selectFrom('round_subscription')
    .innerJoin('household', 'household.id', 'round_subscription.household_id')
    .selectAll('round_subscription')
    .where(householdInScope(scope))
    .orderBy('round_subscription.created_at')
    .limit(1000);
  if (filter.householdId) query = query.where('round_subscription.household_id', '=', filter.householdId);
  if (filter.id) query = query.where('round_subscription.id', '=', filter.id);
  return query.execute();
}

export async function endSubscription(trx: Kysely<DB>, id: string, on: string) {
  await trx
    .updateTable('round_subscription')
    .set({ ended_on: on })
    .where('id', '=', id)
    .where('ended_on', 'is', null)
    .execute();
}

export async function ownPileDays(db: Kysely<DB>, householdIds: readonly string[]) {
  const own = new Map<string, number>();
  for (const part of inChunks([...new Set(householdIds)])) {
    const rows = await db
      .selectFrom('round_household')
      .select(['household_id', 'pile_days'])
      .where('household_id', 'in', part)
      .execute();
    for (const r of rows) if (r.pile_days !== null) own.set(r.household_id, r.pile_days);
  }
  return own;
}

export async function setPileDays(
  trx: Kysely<DB>,
  row: {
    household_id: string;
    community_id: string;
    pile_days: number | null;
    updated_at: string;
    updated_by_user_id: string;
  },
) {
  await trx
    .insertInto('round_household')
    .values(row)
    .onConflict((oc) =>
      oc.column('household_id').doUpdateSet({
        pile_days: row.pile_days,
        updated_at: row.updated_at,
        updated_by_user_id: row.updated_by_user_id,
      }),
    )
    .execute();
}

// ---------------------------------------------------------------- the round of the day

export async function positionOf(db: Kysely<DB>, id: string, today: string) {
  return db
    .selectFrom('liaison_position')
    .select(['id', 'community_id', 'person_name', 'tier'])
    .where('id', '=', id)
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', today)]))
    .executeTakeFirst();
}

export async function householdsOfPosition(db: Kysely<DB>, positionId: string, today: string) {
  return currentAssignedHouseholds(db, [positionId], today);
}

/** Current residents of households, eldest first. */
export async function occupantsOf(db: Kysely<DB>, householdIds: readonly string[]) {
  const out: { id: string; household_id: string; name: string; birth_date: string | null }[] = [];
  for (const part of inChunks([...new Set(householdIds)])) {
    out.push(
      ...(await db
        .selectFrom('resident')
        .select(['id', 'household_id', 'name', 'birth_date'])
        .where('household_id', 'in', part)
        .where('moved_out_at', 'is', null)
        .orderBy('birth_date')
        .orderBy('id')
        .execute()),
    );
  }
  return out;
}

/** Items not yet settled, and items left at the door not yet known to be taken in. */
export async function openItemsOf(db: Kysely<DB>, householdIds: readonly string[]) {
  const out: RoundItemTable[] = [];
  for (const part of inChunks([...new Set(householdIds)])) {
    out.push(
      ...(await db
        .selectFrom('round_item')
        .selectAll()
        .where('household_id', 'in', part)
        // Both columns of round_item_household_idx: a week of handed-over items is never read.
        .where('state', 'in', ['waiting', 'left'])
        .where((eb) =>
          eb.or([
            eb('state', '=', 'waiting'),
            eb.and([eb('state', '=', 'left'), eb('taken_at', 'is', null)]),
          ]),
        )
        .orderBy('date')
        .execute()),
    );
  }
  return out;
}

export async function doorsOn(db: Kysely<DB>, householdIds: readonly string[], date: string) {
  if (householdIds.length === 0) return [];
  return db
    .selectFrom('round_door')
    .select(['household_id', 'outcome', 'at'])
    .where('household_id', 'in', [...householdIds])
    .where('date', '=', date)
    .orderBy('at')
    .execute();
}

export async function openSignalHouseholds(db: Kysely<DB>, householdIds: readonly string[]) {
  if (householdIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('round_signal')
    .select('household_id')
    .where('open_household_id', 'in', [...householdIds])
    .execute();
  return new Set(rows.map((r) => r.household_id));
}

/** Active care plans of households. A daily check-in on a plan always carries the resident's consent. */
export async function activePlansOf(db: Kysely<DB>, householdIds: readonly string[]) {
  const out: {
    id: string;
    community_id: string;
    household_id: string;
    resident_id: string;
    checkin_time: string | null;
  }[] = [];
  for (const part of inChunks([...new Set(householdIds)])) {
    out.push(
      ...(await db
        .selectFrom('care_plan')
        .select(['id', 'community_id', 'household_id', 'resident_id', 'checkin_time'])
        .where('household_id', 'in', part)
        .where('ended_at', 'is', null)
        .execute()),
    );
  }
  return out;
}

// ---------------------------------------------------------------- the door

export async function insertDoor(trx: Kysely<DB>, row: RoundDoorTable) {
  await trx.insertInto('round_door').values(row).execute();
}

/** Settles what was waiting for the household as the door's outcome says; returns the items settled. */
export async function settleItems(
  trx: Kysely<DB>,
  householdId: string,
  state: 'handed' | 'left' | 'refused',
  doorId: string,
  at: string,
  upTo: string,
) {
  let query = trx
    .updateTable('round_item')
    .set({ state, door_id: doorId, settled_at: at })
    .where('household_id', '=', householdId)
    .where('state', '=', 'waiting')
    .where('date', '<=', upTo);
  // A registered letter needs a signature: it is never left at the door.
  if (state === 'left') query = query.where('kind', '!=', 'registered');
  return query.returning(['id', 'kind', 'state']).execute();
}

/** What was left before this call: known taken in, or seen still there. */
export async function markLeft(
  trx: Kysely<DB>,
  householdId: string,
  before: string,
  change: { taken_at: string } | { still_there_at: string },
) {
  await trx
    .updateTable('round_item')
    .set(change)
    .where('household_id', '=', householdId)
    .where('state', '=', 'left')
    .where('taken_at', 'is', null)
    .where('settled_at', '<', before)
    .execute();
}

/** Closes the household's open signal and its tasks; returns it, or nothing if none was open. */
export async function closeSignal(trx: Kysely<DB>, householdId: string, at: string, reason: string) {
  const closed = await trx
    .updateTable('round_signal')
    .set({ open_household_id: null, closed_at: at, closed_reason: reason })
    .where('open_household_id', '=', householdId)
    .returning(['id', 'checkin_id'])
    .executeTakeFirst();
  if (closed) {
    await trx
      .updateTable('round_task')
      .set({ done_at: at })
      .where('signal_id', '=', closed.id)
      .where('done_at', 'is', null)
      .execute();
  }
  return closed;
}

// ---------------------------------------------------------------- lists

export async function waitingInScope(db: Kysely<DB>, scope: Scope, olderThan: string) {
  return db
    .selectFrom('round_item')
    .innerJoin('household', 'household.id', 'round_item.household_id')
    .selectAll('round_item')
    .where(householdInScope(scope))
    .where('round_item.state', '=', 'waiting')
    .where((eb) =>
      eb.or([
        eb('round_item.kind', '=', 'registered'),
        eb.and([
          eb('round_item.kind', 'in', ['letter', 'notice', 'parcel']),
          eb('round_item.date', '<=', olderThan),
        ]),
      ]),
    )
    .orderBy('round_item.date')
    .limit(1000)
    .execute();
}

export async function signalsInScope(db: Kysely<DB>, scope: Scope, state: 'open' | 'closed' | 'all') {
  let query = db
    .selectFrom('round_signal')
    .innerJoin('household', 'household.id', 'round_signal.household_id')
    .selectAll('round_signal')
    .where(householdInScope(scope))
    .orderBy('round_signal.raised_at', 'desc')
    .limit(500);
  if (state === 'open') query = query.where('round_signal.closed_at', 'is', null);
  if (state === 'closed') query = query.where('round_signal.closed_at', 'is not', null);
  return query.execute();
}

export async function signalsById(db: Kysely<DB>, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('round_signal')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export async function openTasksOf(db: Kysely<DB>, positionIds: readonly string[]) {
  if (positionIds.length === 0) return [];
  return db
    .selectFrom('round_task')
    .selectAll()
    .where('position_id', 'in', [...positionIds])
    .where('done_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

/** Building leaders' positions held today in the communities, or among the given positions. */
export async function leaderPositions(
  db: Kysely<DB>,
  communityIds: readonly string[],
  within: ReadonlySet<string> | null,
  today: string,
) {
  if (communityIds.length === 0 || within?.size === 0) return [];
  let query = db
    .selectFrom('liaison_position')
    .select(['id', 'person_name'])
    .where('community_id', 'in', [...communityIds])
    .where('tier', '=', 'building_leader')
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', today)]))
    .orderBy('person_name');
  if (within) query = query.where('id', 'in', [...within]);
  return query.execute();
}

export async function assignmentsOf(db: Kysely<DB>, positionIds: readonly string[], today: string) {
  if (positionIds.length === 0) return [];
  return db
    .selectFrom('household_assignment')
    .innerJoin('household', 'household.id', 'household_assignment.household_id')
    .select(['household_assignment.position_id', 'household_assignment.household_id'])
    .where('household_assignment.position_id', 'in', [...positionIds])
    .where('household_assignment.valid_from', '<=', today)
    .where((eb) =>
      eb.or([
        eb('household_assignment.valid_to', 'is', null),
        eb('household_assignment.valid_to', '>', today),
      ]),
    )
    .where('household.moved_out_at', 'is', null)
    .execute();
}

/** Each household's days with a call since `from`. */
export async function callDays(db: Kysely<DB>, communityIds: readonly string[], from: string) {
  if (communityIds.length === 0) return [];
  return db
    .selectFrom('round_door')
    .select(['household_id', 'date'])
    .distinct()
    .where('community_id', 'in', [...communityIds])
    .where('date', '>=', from)
    .execute();
}

// ---------------------------------------------------------------- the sweep

/** Households with papers left at the door and not known taken, and no open signal: the only ones read. */
export async function pilesWithoutSignal(db: Kysely<DB>) {
  return db
    .selectFrom('round_item')
    .select([
      'round_item.household_id',
      'round_item.community_id',
      (eb) => eb.fn.min<string>('round_item.date').as('oldest'),
      (eb) => eb.fn.count<number | string>('round_item.still_there_at').as('seen'),
    ])
    .where('round_item.state', '=', 'left')
    .where('round_item.taken_at', 'is', null)
    .where('round_item.kind', '=', 'newspaper')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('round_signal')
            .select('round_signal.id')
            .whereRef('round_signal.open_household_id', '=', 'round_item.household_id'),
        ),
      ),
    )
    .groupBy(['round_item.household_id', 'round_item.community_id'])
    .execute();
}

/** Inserts signals; a household that already has one open keeps it. Returns the ids inserted. */
export async function insertSignals(
  trx: Kysely<DB>,
  rows: readonly RoundSignalTable[],
): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (const part of inChunks(rows)) {
    const out = await trx
      .insertInto('round_signal')
      .values(part)
      .onConflict((oc) => oc.column('open_household_id').doNothing())
      .returning('id')
      .execute();
    for (const r of out) inserted.add(r.id);
  }
  return inserted;
}

export async function insertRoundTasks(trx: Kysely<DB>, rows: readonly RoundTaskTable[]) {
  for (const part of inChunks(rows)) {
    await trx
      .insertInto('round_task')
      .values(part)
      .onConflict((oc) => oc.columns(['signal_id', 'step', 'position_id']).doNothing())
      .execute();
  }
}

/** Opens today's check-in of each plan as missed (unless it has one); returns each plan's check-in of the day. */
export async function missedCheckins(trx: Kysely<DB>, rows: readonly CheckinTable[], date: string) {
  const ids = new Map<string, string>();
  for (const part of inChunks(rows)) {
    await trx
      .insertInto('checkin')
      .values(part)
      .onConflict((oc) => oc.columns(['plan_id', 'date']).doNothing())
      .execute();
    const found = await trx
      .selectFrom('checkin')
      .select(['id', 'plan_id'])
      .where(
        'plan_id',
        'in',
        part.map((r) => r.plan_id),
      )
      .where('date', '=', date)
      .execute();
    for (const r of found) ids.set(r.plan_id, r.id);
  }
  return ids;
}

/** The ladder's first step, due now, for the check-in sweep to take (unless the check-in has one). */
export async function firstSteps(trx: Kysely<DB>, rows: readonly CheckinLadderTable[]) {
  for (const part of inChunks(rows)) {
    await trx
      .insertInto('checkin_ladder')
      .values(part)
      .onConflict((oc) => oc.columns(['checkin_id', 'step']).doNothing())
      .execute();
  }
}

/** Signals a day old with no check-in behind them, claimed for the next step (one winner). */
export async function claimEscalations(trx: Kysely<DB>, raisedBefore: string, at: string) {
  return trx
    .updateTable('round_signal')
    .set({ escalated_at: at })
    .where('open_household_id', 'is not', null)
    .where('checkin_id', 'is', null)
    .where('escalated_at', 'is', null)
    .where('raised_at', '<=', raisedBefore)
    .returning(['id', 'community_id', 'household_id'])
    .execute();
}

export async function firstTaskPositions(trx: Kysely<DB>, signalIds: readonly string[]) {
  const out = new Map<string, string>();
  for (const part of inChunks([...signalIds])) {
    const rows = await trx
      .selectFrom('round_task')
      .select(['signal_id', 'position_id'])
      .where('signal_id', 'in', part)
      .where('step', '=', 1)
      .execute();
    for (const r of rows) out.set(r.signal_id, r.position_id);
  }
  return out;
}

export async function linkCheckins(trx: Kysely<DB>, links: ReadonlyMap<string, string>) {
  for (const [signalId, checkinId] of links) {
    await trx.updateTable('round_signal').set({ checkin_id: checkinId }).where('id', '=', signalId).execute();
  }
}
