import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import { isPostgres } from '../db/dialect';
import { timeOrderedId } from '../db/ids';
import { perDatabase } from '../db/perDatabase';
import type { DB, ReportTable } from '../db/schema';
import { writeWithGroup } from '../db/sharedTransaction';

type Catalogue = {
  categories: Selectable<DB['report_category']>[];
  urgencies: Selectable<DB['report_urgency']>[];
};

/** Read on every report and rarely changed: kept for a minute per database. */
const CATALOGUE_TTL_MS = 60_000;
const catalogueCache = perDatabase((): { cached?: { until: number; value: Catalogue } } => ({}));

export async function catalogue(db: Kysely<DB>): Promise<Catalogue> {
  const { cached } = catalogueCache(db);
  if (cached && cached.until > Date.now()) return cached.value;
  const [categories, urgencies] = await Promise.all([
    db.selectFrom('report_category').selectAll().orderBy('sort').execute(),
    db.selectFrom('report_urgency').selectAll().orderBy('sort').execute(),
  ]);
  const value = { categories, urgencies };
  catalogueCache(db).cached = { until: Date.now() + CATALOGUE_TTL_MS, value };
  return value;
}

export async function findCategory(db: Kysely<DB>, code: string) {
  return (await catalogue(db)).categories.find((c) => c.code === code && c.active === 1);
}

export async function findUrgency(db: Kysely<DB>, code: string) {
  return (await catalogue(db)).urgencies.find((u) => u.code === code);
}

/**
 * A new report with its `created` timeline entry, its first escalation step and, for a keyed request,
 * the stored answer. In a shared transaction the reports of the group are written together when its
 * work is done (`writeWithGroup`): on SQLite four multi-row inserts for the whole group, on PostgreSQL
 * one statement of data-modifying CTEs (foreign keys are checked at its end), so a group costs one round
 * trip, not one per report.
 */
export async function insertNewReport(
  trx: Kysely<DB>,
  report: {
    row: ReportTable;
    event: Omit<NewEvent, 'reportId' | 'at' | 'kind'>;
    step: Omit<NewStep, 'reportId' | 'step'>;
    answer: Insertable<DB['idempotency_record']> | null;
  },
) {
  const { row } = report;
  await writeWithGroup(trx, insertReportRows, {
    row,
    event: eventRow({ ...report.event, reportId: row.id, at: row.created_at, kind: 'created' }),
    step: stepRow({ ...report.step, reportId: row.id, step: 0 }, row.created_at),
    answer: report.answer,
  });
}

interface NewReportRows {
  row: ReportTable;
  event: ReturnType<typeof eventRow>;
  step: ReturnType<typeof stepRow>;
  answer: Insertable<DB['idempotency_record']> | null;
}

async function insertReportRows(trx: Kysely<DB>, reports: NewReportRows[]) {
  const rows = reports.map((r) => r.row);
  const events = reports.map((r) => r.event);
  const steps = reports.map((r) => r.step);
  const answers = reports.flatMap((r) => (r.answer ? [r.answer] : []));
  if (!isPostgres(trx)) {
    await trx.insertInto('report').values(rows).execute();
    await trx.insertInto('report_event').values(events).execute();
    await trx.insertInto('report_escalation').values(steps).execute();
    if (answers.length > 0) await trx.insertInto('idempotency_record').values(answers).execute();
    return;
  }
  const rest = trx
    .with('new_report', (q) => q.insertInto('report').values(rows))
    .with('new_event', (q) => q.insertInto('report_event').values(events));
  await (answers.length > 0
    ? rest
        .with('new_step', (q) => q.insertInto('report_escalation').values(steps))
        .insertInto('idempotency_record')
        .values(answers)
    : rest.insertInto('report_escalation').values(steps)
  ).execute();
}

interface NewEvent {
  reportId: string;
  at: string;
  actorUserId: string | null;
  kind: string;
  detail?: Record<string, unknown> | null;
}

function eventRow(event: NewEvent) {
  return {
    id: timeOrderedId(new Date(event.at)),
    report_id: event.reportId,
    at: event.at,
    actor_user_id: event.actorUserId,
    kind: event.kind,
    detail: event.detail ? JSON.stringify(event.detail) : null,
  };
}

export async function addEvent(trx: Kysely<DB>, event: NewEvent) {
  await trx.insertInto('report_event').values(eventRow(event)).execute();
}

interface NewStep {
  reportId: string;
  step: number;
  tier: string;
  positionId: string | null;
  dueAt: string;
}

/** `at`: when the step is written (the report's creation, or the escalation that adds it). */
function stepRow(step: NewStep, at: string) {
  return {
    id: timeOrderedId(new Date(at)),
    report_id: step.reportId,
    step: step.step,
    tier: step.tier,
    position_id: step.positionId,
    due_at: step.dueAt,
    done_at: null,
    outcome: null,
  };
}

export async function addEscalationStep(trx: Kysely<DB>, step: NewStep, at: string) {
  await trx.insertInto('report_escalation').values(stepRow(step, at)).execute();
}

/** Steps whose deadline has passed and that no server has taken yet. */
export async function dueSteps(db: Kysely<DB>, now: string, limit: number) {
  return db
    .selectFrom('report_escalation')
    .selectAll()
    .where('done_at', 'is', null)
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .execute();
}

/**
 * Takes a step for this server: only the one update that finds it still open wins, so a step lands once
 * even when several servers (or a restart) reach it together.
 */
export async function claimStep(
  trx: Kysely<DB>,
  stepId: string,
  at: string,
  outcome: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('report_escalation')
    .set({ done_at: at, outcome })
    .where('id', '=', stepId)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function closeOpenSteps(trx: Kysely<DB>, reportId: string, at: string, outcome: string) {
  await trx
    .updateTable('report_escalation')
    .set({ done_at: at, outcome })
    .where('report_id', '=', reportId)
    .where('done_at', 'is', null)
    .execute();
}

export async function openStepOf(db: Kysely<DB>, reportId: string) {
  return db
    .selectFrom('report_escalation')
    .selectAll()
    .where('report_id', '=', reportId)
    .where('done_at', 'is', null)
    .orderBy('step', 'desc')
    .executeTakeFirst();
}

export async function updateReport(trx: Kysely<DB>, id: string, set: Partial<ReportTable>) {
  await trx.updateTable('report').set(set).where('id', '=', id).execute();
}

export async function findReportRow(db: Kysely<DB>, id: string) {
  return db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Reports the caller may see: the whole community for community-wide roles; for the chain, reports about
 * their households, recorded by someone beneath them, or now in the hands of someone beneath them.
 */
export function reportInScope(scope: Scope) {
  return (eb: import('kysely').ExpressionBuilder<DB, 'report'>) => {
    if (scope.communityIds.length === 0) return sql<boolean>`1 = 0`;
    const inCommunity = eb('report.community_id', 'in', scope.communityIds);
    if (scope.chainPositionIds === null) return inCommunity;
    const positions = [...scope.chainPositionIds];
    const households = scope.householdIds ? [...scope.householdIds] : [];
    const mine = [
      ...(households.length > 0 ? [eb('report.household_id', 'in', households)] : []),
      ...(positions.length > 0
        ? [
            eb('report.recorded_by_position_id', 'in', positions),
            eb('report.responsible_position_id', 'in', positions),
          ]
        : []),
    ];
    if (mine.length === 0) return sql<boolean>`1 = 0`;
    return eb.and([inCommunity, eb.or(mine)]);
  };
}

/** What the reports table filters by, already checked and turned into values the SQL compares. */
export interface ReportTableFilter {
  states: readonly string[] | null;
  categories?: readonly string[] | undefined;
  urgencies?: readonly string[] | undefined;
  responsibleTiers?: readonly string[] | undefined;
  responsiblePositionId?: string | undefined;
  householdId?: string | undefined;
  buildingId?: string | undefined;
  recordedByUserId?: string | undefined;
  /** Open and past a deadline at `now`. */
  overdue?: boolean | undefined;
  /** ISO instants: created at or after `createdFrom`, before `createdBefore`. */
  createdFrom?: string | undefined;
  createdBefore?: string | undefined;
  text?: string | undefined;
  now: string;
}

const OPEN_STATES = ['new', 'acknowledged', 'in_progress'] as const;

/** `%` and `_` in what a person typed are letters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filteredReports(db: Kysely<DB>, scope: Scope, f: ReportTableFilter) {
  let q = db.selectFrom('report').where(reportInScope(scope));
  if (f.states) q = q.where('report.state', 'in', f.states);
  if (f.categories?.length) q = q.where('report.category', 'in', f.categories);
  if (f.urgencies?.length) q = q.where('report.urgency', 'in', f.urgencies);
  if (f.responsibleTiers?.length) q = q.where('report.responsible_tier', 'in', f.responsibleTiers);
  if (f.responsiblePositionId) q = q.where('report.responsible_position_id', '=', f.responsiblePositionId);
  if (f.householdId) q = q.where('report.household_id', '=', f.householdId);
  if (f.buildingId) {
    const buildingId = f.buildingId;
    // A report about a household names no building of its own: the household's building counts.
    q = q.where((eb) =>
      eb.or([
        eb('report.building_id', '=', buildingId),
        eb(
          'report.household_id',
          'in',
          eb.selectFrom('household').select('household.id').where('household.building_id', '=', buildingId),
        ),
      ]),
    );
  }
  if (f.recordedByUserId) q = q.where('report.recorded_by_user_id', '=', f.recordedByUserId);
  if (f.createdFrom) q = q.where('report.created_at', '>=', f.createdFrom);
  if (f.createdBefore) q = q.where('report.created_at', '<', f.createdBefore);
  if (f.text) {
    const pattern = likePattern(f.text);
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`report.description LIKE ${pattern} ESCAPE '\\'`,
        sql<boolean>`report.on_behalf_of_name LIKE ${pattern} ESCAPE '\\'`,
      ]),
    );
  }
  if (f.overdue !== undefined) {
    const late = (eb: import('kysely').ExpressionBuilder<DB, 'report'>) =>
      eb.and([
        eb('report.state', 'in', OPEN_STATES),
        eb.or([
          eb('report.feedback_due_at', '<', f.now),
          // Not yet acknowledged and a step of the ladder missed: once escalated, the next tier's fresh
          // deadline does not make the report on time again.
          eb.and([
            eb('report.acknowledged_at', 'is', null),
            eb.exists(
              eb
                .selectFrom('report_escalation')
                .select(sql`1`.as('one'))
                .whereRef('report_escalation.report_id', '=', 'report.id')
                .where('report_escalation.due_at', '<', f.now),
            ),
          ]),
        ]),
      ]);
    q = q.where((eb) => (f.overdue ? late(eb) : eb.not(late(eb))));
  }
  return q;
}

/**
 * One page of the reports table and how many match in all. Urgency sorts by the catalogue's order
 * (`desc`: the most urgent first); every sort ends on the id, so pages never overlap.
 */
export async function reportsPage(
  db: Kysely<DB>,
  scope: Scope,
  filter: ReportTableFilter,
  page: {
    sort: 'created' | 'deadline' | 'urgency' | 'state' | 'category';
    order: 'asc' | 'desc';
    limit: number;
    offset: number;
  },
) {
  const base = filteredReports(db, scope, filter);
  const { order } = page;
  const flipped = order === 'asc' ? 'desc' : 'asc';
  let rows = base.selectAll('report');
  switch (page.sort) {
    case 'created':
      rows = rows.orderBy('report.created_at', order);
      break;
    case 'deadline':
      rows = rows.orderBy('report.feedback_due_at', order);
      break;
    case 'urgency':
      rows = rows
        .orderBy(
          (eb) =>
            eb
              .selectFrom('report_urgency')
              .select('report_urgency.sort')
              .whereRef('report_urgency.code', '=', 'report.urgency'),
          flipped,
        )
        .orderBy('report.created_at', 'desc');
      break;
    case 'state':
      rows = rows.orderBy('report.state', order).orderBy('report.created_at', 'desc');
      break;
    case 'category':
      rows = rows.orderBy('report.category', order).orderBy('report.created_at', 'desc');
      break;
  }
  const [items, count] = await Promise.all([
    rows.orderBy('report.id', order).limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export async function findReportInScope(db: Kysely<DB>, scope: Scope, id: string) {
  return db
    .selectFrom('report')
    .selectAll()
    .where('id', '=', id)
    .where(reportInScope(scope))
    .executeTakeFirst();
}

export async function eventsOf(db: Kysely<DB>, reportId: string) {
  return db
    .selectFrom('report_event')
    .leftJoin('user_account', 'user_account.id', 'report_event.actor_user_id')
    .select([
      'report_event.id',
      'report_event.at',
      'report_event.kind',
      'report_event.detail',
      'user_account.display_name as actor',
    ])
    .where('report_event.report_id', '=', reportId)
    .orderBy('report_event.at')
    .execute();
}

export async function photosOf(db: Kysely<DB>, reportId: string) {
  return db
    .selectFrom('report_photo')
    .select(['id', 'mime', 'bytes'])
    .where('report_id', '=', reportId)
    .orderBy('created_at')
    .execute();
}

export async function feedbackOf(db: Kysely<DB>, reportId: string) {
  return db
    .selectFrom('report_feedback')
    .selectAll()
    .where('report_id', '=', reportId)
    .orderBy('at')
    .execute();
}

/** Open reports of the same building and category from the last 48 hours: likely the same problem. */
export async function likelyDuplicates(
  db: Kysely<DB>,
  report: { id: string; building_id: string | null; category: string; created_at: string },
) {
  if (!report.building_id) return [];
  const since = new Date(new Date(report.created_at).getTime() - 48 * 3_600_000).toISOString();
  return db
    .selectFrom('report')
    .selectAll()
    .where('building_id', '=', report.building_id)
    .where('category', '=', report.category)
    .where('id', '!=', report.id)
    .where('created_at', '>=', since)
    .where('state', 'in', ['new', 'acknowledged', 'in_progress'])
    .orderBy('created_at')
    .limit(10)
    .execute();
}

export async function positionsById(db: Kysely<DB>, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { person_name: string; phone: string | null; tier: string }>();
  const rows = await db
    .selectFrom('liaison_position')
    .select(['id', 'person_name', 'phone', 'tier'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function placesOf(
  db: Kysely<DB>,
  reports: readonly { household_id: string | null; building_id: string | null; entrance_id: string | null }[],
) {
  const householdIds = [
    ...new Set(reports.map((r) => r.household_id).filter((x): x is string => x !== null)),
  ];
  const buildingIds = [...new Set(reports.map((r) => r.building_id).filter((x): x is string => x !== null))];
  const entranceIds = [...new Set(reports.map((r) => r.entrance_id).filter((x): x is string => x !== null))];
  const [households, buildings, entrances] = await Promise.all([
    householdIds.length === 0
      ? []
      : db
          .selectFrom('household')
          .innerJoin('building', 'building.id', 'household.building_id')
          .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
          .select(['household.id', 'building.number as b', 'entrance.number as e', 'household.room'])
          .where('household.id', 'in', householdIds)
          .execute(),
    buildingIds.length === 0
      ? []
      : db.selectFrom('building').select(['id', 'number']).where('id', 'in', buildingIds).execute(),
    entranceIds.length === 0
      ? []
      : db.selectFrom('entrance').select(['id', 'number']).where('id', 'in', entranceIds).execute(),
  ]);
  return {
    households: new Map(households.map((h) => [h.id, `${h.b}-${h.e}-${h.room}`])),
    buildings: new Map(buildings.map((b) => [b.id, b.number])),
    entrances: new Map(entrances.map((e) => [e.id, e.number])),
  };
}

export async function usersById(db: Kysely<DB>, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('user_account')
    .select(['id', 'display_name'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Where a building or an entrance named in a report's body stands: its community (and building). */
export async function placeOfBuilding(db: Kysely<DB>, buildingId: string) {
  return db
    .selectFrom('building')
    .select(['building.id as buildingId', 'building.community_id as communityId'])
    .where('building.id', '=', buildingId)
    .executeTakeFirst();
}

export async function placeOfEntrance(db: Kysely<DB>, entranceId: string) {
  return db
    .selectFrom('entrance')
    .innerJoin('building', 'building.id', 'entrance.building_id')
    .select(['building.id as buildingId', 'building.community_id as communityId'])
    .where('entrance.id', '=', entranceId)
    .executeTakeFirst();
}

/** Whether a resident lives in one of the caller's households, in the report's community. */
export async function residentInScopeOf(
  db: Kysely<DB>,
  scope: Scope,
  residentId: string,
  communityId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('resident')
    .innerJoin('household', 'household.id', 'resident.household_id')
    .select('resident.id')
    .where('resident.id', '=', residentId)
    .where('household.community_id', '=', communityId)
    .where(householdInScope(scope))
    .executeTakeFirst();
  return row !== undefined;
}

/** A position of the chain that is held today. */
export async function activePosition(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('liaison_position')
    .select(['id', 'community_id', 'tier', 'person_name'])
    .where('id', '=', id)
    .where('valid_to', 'is', null)
    .executeTakeFirst();
}

export async function reassignOpenSteps(
  trx: Kysely<DB>,
  reportId: string,
  position: { id: string; tier: string },
) {
  await trx
    .updateTable('report_escalation')
    .set({ position_id: position.id, tier: position.tier })
    .where('report_id', '=', reportId)
    .where('done_at', 'is', null)
    .execute();
}

/** The phone a resident left with a report of their own (public page, hotline), by report. */
export async function reporterPhones(db: Kysely<DB>, reportIds: readonly string[]) {
  if (reportIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('report')
    .select(['id', 'reporter_phone'])
    .where('id', 'in', reportIds)
    .where('reporter_phone', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.reporter_phone as string]));
}
