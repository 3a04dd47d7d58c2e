import { CompiledQuery, type Kysely, sql } from 'kysely';
import { isPostgres } from '../db/dialect';
import type { CareTaskTable, CheckinLadderTable, CheckinTable, DB } from '../db/schema';
import { OPEN_STATES } from './checkins.repository';

/**
 * The sweep's SQL, set-based: each statement handles a whole batch, so a sweep's cost is a few
 * statements per batch rather than a dozen per check-in.
 */

/** Bound parameters per statement stay below SQLite's limit (32,766; PostgreSQL allows 65,535). */
const MAX_PARAMS = 30_000;

/** Integer columns, typed for PostgreSQL's arrays; every other column the sweep writes is text. */
const INTEGER_COLUMNS = new Set(['step', 'ladder_step']);

/**
 * Rows as a relation for INSERT or a CTE: `VALUES (?, ?), (?, ?)` on SQLite, and on PostgreSQL
 * `SELECT * FROM unnest($1::text[], $2::int[])`, one array per column, which it parses and plans far
 * faster than a VALUES list of thousands of parameters. Kysely's builder makes a node per value, which
 * for thousands of rows costs more than running the statement (measured: bench/care.ts), so batch
 * statements are written as text with their parameters beside it.
 */
function rowSource(trx: Kysely<DB>, columns: readonly string[], rows: readonly (readonly unknown[])[]) {
  if (isPostgres(trx)) {
    const arrays = columns.map((c, i) => `$${i + 1}::${INTEGER_COLUMNS.has(c) ? 'int' : 'text'}[]`);
    return {
      text: `SELECT * FROM unnest(${arrays.join(', ')})`,
      parameters: columns.map((_, i) => rows.map((row) => row[i])),
    };
  }
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  return { text: `VALUES ${rows.map(() => tuple).join(', ')}`, parameters: rows.flat() };
}

/** The placeholder of a parameter added after a row source's own. */
function nextPlaceholder(trx: Kysely<DB>, source: { parameters: readonly unknown[] }): string {
  return isPostgres(trx) ? `$${source.parameters.length + 1}` : '?';
}

async function runText<R>(trx: Kysely<DB>, text: string, parameters: readonly unknown[]): Promise<R[]> {
  return (await trx.executeQuery<R>(CompiledQuery.raw(text, [...parameters]))).rows;
}

/** A multi-row INSERT of `rows` in `columns` order, in chunks; `tail` is the ON CONFLICT / RETURNING clause. */
async function insertRows<T, R = never>(
  trx: Kysely<DB>,
  table: string,
  columns: readonly (keyof T & string)[],
  rows: readonly T[],
  tail = '',
): Promise<R[]> {
  const out: R[] = [];
  for (const part of inChunks(rows, columns.length)) {
    const source = rowSource(
      trx,
      columns,
      part.map((row) => columns.map((c) => row[c])),
    );
    out.push(
      ...(await runText<R>(
        trx,
        `INSERT INTO ${table} (${columns.join(', ')}) ${source.text} ${tail}`,
        source.parameters,
      )),
    );
  }
  return out;
}

function inChunks<T>(rows: readonly T[], paramsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / paramsPerRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Plans whose next check-in's grace period has ended, found by index. On PostgreSQL the rows are locked
 * and rows another server holds are skipped, so two sweeps share the work instead of waiting (or
 * deadlocking) on each other.
 */
export async function plansPastGrace(db: Kysely<DB>, now: string, limit: number) {
  const query = db
    .selectFrom('care_plan')
    .select([
      'id',
      'community_id',
      'household_id',
      'resident_id',
      'responsible_position_id',
      'stand_in_position_id',
      'checkin_time',
      'checkin_grace_minutes',
      'next_checkin_due_at',
      'next_checkin_miss_at',
    ])
    .where('next_checkin_miss_at', '<=', now)
    .orderBy('next_checkin_miss_at')
    .limit(limit);
  return (isPostgres(db) ? query.forUpdate().skipLocked() : query).execute();
}

const CHECKIN_COLUMNS = [
  'id',
  'plan_id',
  'community_id',
  'household_id',
  'date',
  'due_at',
  'grace_until',
  'state',
  'way',
  'recorded_at',
  'recorded_by_user_id',
  'note',
  'outcome',
  'outcome_note',
  'outcome_at',
  'outcome_by_user_id',
  'ladder_step',
  'created_at',
] as const satisfies readonly (keyof CheckinTable)[];
const LADDER_COLUMNS = [
  'id',
  'checkin_id',
  'step',
  'due_at',
  'done_at',
  'outcome',
  'notified',
  'key_holders',
] as const satisfies readonly (keyof CheckinLadderTable)[];
const TASK_COLUMNS = [
  'id',
  'community_id',
  'checkin_id',
  'plan_id',
  'step',
  'kind',
  'position_id',
  'created_at',
  'done_at',
] as const satisfies readonly (keyof CareTaskTable)[];

export interface PlanClaim {
  id: string;
  oldMissAt: string;
  dueAt: string;
  missAt: string;
}

/** Moves plans on to their next check-in; only rows still holding the old one are moved. Returns their ids. */
export async function claimPlans(trx: Kysely<DB>, claims: readonly PlanClaim[]): Promise<Set<string>> {
  const claimed = new Set<string>();
  for (const part of inChunks(claims, 4)) {
    const source = rowSource(
      trx,
      ['id', 'old_miss_at', 'due_at', 'miss_at'],
      part.map((c) => [c.id, c.oldMissAt, c.dueAt, c.missAt]),
    );
    const rows = await runText<{ id: string }>(
      trx,
      `WITH claim (id, old_miss_at, due_at, miss_at) AS (${source.text})
       UPDATE care_plan SET next_checkin_due_at = claim.due_at, next_checkin_miss_at = claim.miss_at
       FROM claim
       WHERE care_plan.id = claim.id AND care_plan.next_checkin_miss_at = claim.old_miss_at
       RETURNING care_plan.id`,
      source.parameters,
    );
    for (const row of rows) claimed.add(row.id);
  }
  return claimed;
}

/** Inserts check-ins, skipping any plan and day that already has one (the unique key decides). Returns the inserted ids. */
export async function insertCheckins(trx: Kysely<DB>, rows: readonly CheckinTable[]): Promise<Set<string>> {
  const inserted = await insertRows<CheckinTable, { id: string }>(
    trx,
    'checkin',
    CHECKIN_COLUMNS,
    rows,
    'ON CONFLICT (plan_id, date) DO NOTHING RETURNING id',
  );
  return new Set(inserted.map((row) => row.id));
}

export async function insertLadderSteps(trx: Kysely<DB>, rows: readonly CheckinLadderTable[]) {
  await insertRows(trx, 'checkin_ladder', LADDER_COLUMNS, rows, 'ON CONFLICT (checkin_id, step) DO NOTHING');
}

export async function insertTasks(trx: Kysely<DB>, rows: readonly CareTaskTable[]) {
  await insertRows(trx, 'care_task', TASK_COLUMNS, rows);
}

/**
 * Ladder steps past their time with what deciding them needs: the check-in and its plan. On PostgreSQL
 * the step and check-in rows are locked together, skipping rows held elsewhere: a check-in being
 * answered right now is left to that answer, and a second server takes other steps.
 */
export async function dueSteps(trx: Kysely<DB>, now: string, limit: number) {
  const query = trx
    .selectFrom('checkin_ladder')
    .innerJoin('checkin', 'checkin.id', 'checkin_ladder.checkin_id')
    .innerJoin('care_plan', 'care_plan.id', 'checkin.plan_id')
    .select([
      'checkin_ladder.id',
      'checkin_ladder.step',
      'checkin_ladder.checkin_id',
      'checkin.plan_id',
      'checkin.community_id',
      'checkin.household_id',
      'care_plan.resident_id',
      'care_plan.responsible_position_id',
      'care_plan.stand_in_position_id',
    ])
    .where('checkin_ladder.done_at', 'is', null)
    .where('checkin_ladder.due_at', '<=', now)
    .orderBy('checkin_ladder.due_at')
    .limit(limit);
  return (isPostgres(trx) ? query.forUpdate(['checkin_ladder', 'checkin']).skipLocked() : query).execute();
}

/**
 * Moves check-ins to a ladder step, but only those still unanswered whose plan still has its check-in
 * (not ended, consent kept): the condition in the UPDATE is what lets an answer recorded meanwhile win.
 * Returns the ids moved.
 */
export async function climbCheckins(
  trx: Kysely<DB>,
  ids: readonly string[],
  step: number,
  state: 'missed' | 'escalated',
): Promise<Set<string>> {
  const moved = new Set<string>();
  for (const part of inChunks(ids, 1)) {
    const rows = await trx
      .updateTable('checkin')
      .set({ ladder_step: step, state })
      .where('id', 'in', part)
      .where('state', 'in', [...OPEN_STATES])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('care_plan')
            .select('care_plan.id')
            .whereRef('care_plan.id', '=', 'checkin.plan_id')
            .where('care_plan.ended_at', 'is', null)
            .where('care_plan.checkin_time', 'is not', null),
        ),
      )
      .returning('id')
      .execute();
    for (const row of rows) moved.add(row.id);
  }
  return moved;
}

export interface SentStep {
  id: string;
  notified: string;
  keyHolders: string;
}

/** Marks steps sent with whom they told; only steps not yet done are taken (one winner). Returns their ids. */
export async function takeSteps(
  trx: Kysely<DB>,
  at: string,
  steps: readonly SentStep[],
): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const part of inChunks(steps, 3)) {
    const source = rowSource(
      trx,
      ['id', 'notified', 'key_holders'],
      part.map((s) => [s.id, s.notified, s.keyHolders]),
    );
    const rows = await runText<{ id: string }>(
      trx,
      `WITH sent (id, notified, key_holders) AS (${source.text})
       UPDATE checkin_ladder SET done_at = ${nextPlaceholder(trx, source)}, outcome = 'sent',
         notified = sent.notified, key_holders = sent.key_holders
       FROM sent
       WHERE checkin_ladder.id = sent.id AND checkin_ladder.done_at IS NULL
       RETURNING checkin_ladder.id`,
      [...source.parameters, at],
    );
    for (const row of rows) taken.add(row.id);
  }
  return taken;
}

/** Closes steps whose check-in was answered or whose plan ended. */
export async function stopSteps(trx: Kysely<DB>, at: string, ids: readonly string[]) {
  for (const part of inChunks(ids, 1)) {
    await trx
      .updateTable('checkin_ladder')
      .set({ done_at: at, outcome: 'stopped' })
      .where('id', 'in', part)
      .where('done_at', 'is', null)
      .execute();
  }
}

function servingOn(table: 'liaison_position' | 'household_assignment', today: string) {
  return sql<boolean>`${sql.ref(`${table}.valid_from`)} <= ${today} AND (${sql.ref(`${table}.valid_to`)} IS NULL OR ${sql.ref(`${table}.valid_to`)} > ${today})`;
}

/** The building leader covering each household today (as `leaderOf`, for many households at once). */
export async function leadersOf(db: Kysely<DB>, householdIds: readonly string[], today: string) {
  const leaders = new Map<string, string>();
  for (const part of inChunks([...new Set(householdIds)], 1)) {
    const rows = await db
      .selectFrom('household_assignment')
      .innerJoin('liaison_position', 'liaison_position.id', 'household_assignment.position_id')
      .select(['household_assignment.household_id', 'liaison_position.id'])
      .where('household_assignment.household_id', 'in', part)
      .where(servingOn('household_assignment', today))
      .where(servingOn('liaison_position', today))
      .execute();
    for (const row of rows) if (!leaders.has(row.household_id)) leaders.set(row.household_id, row.id);
  }
  return leaders;
}

/** The committee position of each community today (as `committeeOf`, for many communities at once). */
export async function committeesOf(db: Kysely<DB>, communityIds: readonly string[], today: string) {
  const committees = new Map<string, string>();
  const ids = [...new Set(communityIds)];
  if (ids.length === 0) return committees;
  const rows = await db
    .selectFrom('liaison_position')
    .select(['community_id', 'id'])
    .where('community_id', 'in', ids)
    .where('tier', '=', 'committee')
    .where(servingOn('liaison_position', today))
    .execute();
  for (const row of rows) if (!committees.has(row.community_id)) committees.set(row.community_id, row.id);
  return committees;
}

/** The position one tier up from each given position (the second entry of `positionPath`). */
export async function parentsOf(db: Kysely<DB>, positionIds: readonly string[]) {
  const parents = new Map<string, string>();
  for (const part of inChunks([...new Set(positionIds)], 1)) {
    const rows = await db
      .selectFrom('liaison_position as child')
      .innerJoin('liaison_position as parent', 'parent.id', 'child.parent_id')
      .select(['child.id as child', 'parent.id as parent'])
      .where('child.id', 'in', part)
      .execute();
    for (const row of rows) if (row.parent !== row.child) parents.set(row.child, row.parent);
  }
  return parents;
}

export interface KeyHolders {
  keyIds: string[];
  positionIds: string[];
  names: string[];
}

/**
 * The key holders of residents from the key register (issue 5, door keys): keys not yet returned.
 * Holders with a position in the chain get a task; the names of all are kept on the ladder step.
 */
export async function keyHoldersOf(db: Kysely<DB>, residentIds: readonly string[]) {
  const holders = new Map<string, KeyHolders>();
  for (const part of inChunks([...new Set(residentIds)], 1)) {
    const keys = await db
      .selectFrom('care_key')
      .leftJoin('liaison_position', 'liaison_position.id', 'care_key.holder_position_id')
      .select([
        'care_key.id',
        'care_key.resident_id',
        'care_key.holder_position_id',
        'care_key.holder_name',
        'liaison_position.person_name',
      ])
      .where('care_key.resident_id', 'in', part)
      .where('care_key.returned_on', 'is', null)
      .execute();
    for (const key of keys) {
      const entry = holders.get(key.resident_id) ?? { keyIds: [], positionIds: [], names: [] };
      entry.keyIds.push(key.id);
      if (key.holder_position_id !== null) entry.positionIds.push(key.holder_position_id);
      const name = key.holder_name ?? key.person_name ?? '';
      if (name !== '') entry.names.push(name);
      holders.set(key.resident_id, entry);
    }
  }
  return holders;
}
