import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nanoid } from 'nanoid';
import type { z } from 'zod';
import { addHours, windowEnd } from '../../domain/reports/deadlines';
import { type PathPosition, responsibleOn } from '../../domain/reports/responsibility';
import { isOpen, nextState, REOPEN_DAYS } from '../../domain/reports/states';
import type {
  ReportSort,
  ReportState,
  TCatalogue,
  TReport,
  TReportList,
  TReportPage,
  TReportSummary,
  TReportTransition,
  ZReportFilters,
  ZReportInput,
  ZReportListQuery,
} from '../../shared/contracts/reports';
import type { Language } from '../../shared/errors';
import type { Tier } from '../../shared/roles';
import { type AuditEntry, appendAudit, byActor } from '../audit/audit.repository';
import type { Actor } from '../auth/actor';
import { denyNotFound, requirePermission } from '../auth/permissions';
import { currentScopeVersion, VersionedCache } from '../auth/scopeVersion';
import { type Clock, localDate } from '../clock';
import { timeOrderedId } from '../db/ids';
import { perDatabase } from '../db/perDatabase';
import type { DB, ReportTable } from '../db/schema';
import { inSharedTransaction } from '../db/sharedTransaction';
import { AppError } from '../http/errors';
import { committeeOf, leaderOf, positionPath } from '../liaison/liaison.repository';
import { addressLabel } from '../registry/registry.presenters';
import { householdPlaceInScope } from '../registry/registry.repository';
import type { FeedBus } from './feed';
import { answerRow, findStoredAnswer } from './idempotency.repository';
import { type KnownNames, presentSummaries } from './reports.presenters';
import {
  addEvent,
  closeOpenSteps,
  eventsOf,
  feedbackOf,
  findCategory,
  findReportInScope,
  findUrgency,
  insertNewReport,
  likelyDuplicates,
  photosOf,
  placeOfBuilding,
  placeOfEntrance,
  type ReportTableFilter,
  catalogue as readCatalogue,
  reportsPage,
  residentInScopeOf,
  updateReport,
} from './reports.repository';

export interface ReportsContext {
  db: Kysely<DB>;
  clock: Clock;
  actor: Actor;
  feed: FeedBus;
  lang: Language;
}

export async function reportCatalogue(ctx: Pick<ReportsContext, 'db' | 'lang'>): Promise<TCatalogue> {
  const { categories, urgencies } = await readCatalogue(ctx.db);
  return {
    categories: categories.map((c) => ({
      code: c.code,
      name: ctx.lang === 'en' ? c.name_en : c.name_zh,
      defaultUrgency: c.default_urgency,
      handlerTier: c.handler_tier as Tier,
      active: c.active === 1,
    })),
    urgencies: urgencies.map((u) => ({
      code: u.code,
      name: ctx.lang === 'en' ? u.name_en : u.name_zh,
      feedbackHours: u.feedback_hours,
      ackWindow: u.ack_window,
      emergency: u.code === 'emergency',
    })),
  };
}

/** A position on a report's path, with whom to call there. */
export type ReportPathPosition = PathPosition & { personName: string; phone: string | null };

/** The chain above a report, bottom first: from the household's building leader, else the recorder, else the committee. */
export async function pathForReport(
  db: Kysely<DB>,
  report: { communityId: string; householdId: string | null; recordedByPositionId: string | null },
  today: string,
  knownScopeVersion?: number,
): Promise<ReportPathPosition[]> {
  const version = knownScopeVersion ?? (await currentScopeVersion(db));
  const key = `${report.communityId}|${report.householdId}|${report.recordedByPositionId}|${today}`;
  const cached = pathsOf(db).get(version, key);
  if (cached) return cached;
  const start =
    (report.householdId ? await leaderOf(db, report.householdId, today) : null) ??
    report.recordedByPositionId ??
    (await committeeOf(db, report.communityId, today));
  const path = start ? await positionPath(db, start) : [];
  pathsOf(db).set(version, key, path);
  return path;
}

/** Paths up the chain, per database: every report walks one, and they change only with the chain. */
const pathsOf = perDatabase(() => new VersionedCache<ReportPathPosition[]>());

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export type ReportInput = z.output<typeof ZReportInput>;

export interface NewReport {
  input: ReportInput;
  communityId: string;
  source: 'staff' | 'public' | 'open311';
  recordedByUserId: string | null;
  recordedByPositionId: string | null;
  reporterPhone: string | null;
  /** Read with the recorder's session, when there is one: spares reading it again for the path. */
  scopeVersion?: number;
  /** What the caller has already read, so the report's summary need not read it again. */
  known?: { recorderName?: string; householdAddress?: string };
}

/**
 * Saves a report with its first escalation step and timeline entry in one transaction, and announces it
 * on the live feed after the commit. With an idempotency key, the answer is stored in the same
 * transaction: a replay gets the first answer, and the report exists once.
 */
export async function saveReport(
  deps: SaveDeps,
  report: NewReport,
  idempotency: { key: string; hash: string } | null,
  auditEntry: AuditEntry,
): Promise<TReportSummary> {
  try {
    return await saveNewReport(deps, report, idempotency, auditEntry);
  } catch (error) {
    // The key's primary key decides, with no lookup first (one statement less for every report): a
    // retry of an answered request, or the loser of two sent at once, finds the stored answer here.
    const stored = idempotency ? await findStoredAnswer(deps.db, idempotency.key) : undefined;
    if (stored && idempotency) return replay(stored, idempotency.hash);
    throw error;
  }
}

type SaveDeps = { db: Kysely<DB>; clock: Clock; feed: FeedBus; lang: Language };

async function saveNewReport(
  deps: SaveDeps,
  report: NewReport,
  idempotency: { key: string; hash: string } | null,
  auditEntry: AuditEntry,
): Promise<TReportSummary> {
  const prepared = await prepareReport(deps, report);
  await inSharedTransaction(deps.db, (trx) => writeReport(trx, prepared, idempotency, auditEntry));
  await announceReport(deps, prepared);
  return prepared.summary;
}

interface PreparedReport {
  report: NewReport;
  row: ReportTable;
  summary: TReportSummary;
  ackDueAt: string;
  now: Date;
}

/** Everything a new report is decided from, read before its transaction (it reads nothing the inserts write). */
async function prepareReport(deps: SaveDeps, report: NewReport): Promise<PreparedReport> {
  const { db, clock } = deps;
  const category = await findCategory(db, report.input.category);
  if (!category) throw new AppError('reports.unknown_category', {}, 'category');
  const urgency = await findUrgency(db, report.input.urgency ?? category.default_urgency);
  if (!urgency) throw new AppError('reports.unknown_urgency', {}, 'urgency');
  const now = clock();
  const today = localDate(now);
  const path = await pathForReport(
    db,
    {
      communityId: report.communityId,
      householdId: report.input.householdId ?? null,
      recordedByPositionId: report.recordedByPositionId,
    },
    today,
    report.scopeVersion,
  );
  const responsible = responsibleOn(path, category.handler_tier as Tier);
  const ackDueAt = windowEnd(now, urgency.ack_window).toISOString();
  const id = timeOrderedId(now);
  const row: ReportTable = {
    id,
    community_id: report.communityId,
    household_id: report.input.householdId ?? null,
    building_id: report.input.buildingId ?? null,
    entrance_id: report.input.entranceId ?? null,
    category: category.code,
    urgency: urgency.code,
    description: report.input.description,
    state: 'new',
    source: report.source,
    recorded_by_user_id: report.recordedByUserId,
    recorded_by_position_id: report.recordedByPositionId,
    on_behalf_of_resident_id: report.input.onBehalfOfResidentId ?? null,
    on_behalf_of_name: report.input.onBehalfOfName ?? null,
    reporter_phone: report.reporterPhone,
    responsible_position_id: responsible?.positionId ?? null,
    responsible_tier: responsible?.tier ?? 'committee',
    created_at: now.toISOString(),
    feedback_due_at: addHours(now, urgency.feedback_hours).toISOString(),
    acknowledged_at: null,
    closed_at: null,
    referred_to: null,
    resident_guidance: null,
    merged_into: null,
    committee_latency_ms: null,
    // 144 random bits, URL-safe. nanoid draws from a pooled buffer: a randomBytes call per report cost
    // about 4 % of intake at saturation.
    feedback_token: nanoid(24),
  };
  const [summary] = (await presentSummaries(
    db,
    [row],
    deps.lang,
    knownNames(report, row, responsible, ackDueAt),
  )) as [TReportSummary];
  return { report, row, summary, ackDueAt, now };
}

async function writeReport(
  trx: Kysely<DB>,
  { report, row, summary, ackDueAt, now }: PreparedReport,
  idempotency: { key: string; hash: string } | null,
  auditEntry: AuditEntry,
) {
  await insertNewReport(trx, {
    row,
    event: { actorUserId: report.recordedByUserId, detail: { responsibleTier: row.responsible_tier } },
    step: { tier: row.responsible_tier, positionId: row.responsible_position_id, dueAt: ackDueAt },
    answer: idempotency && answerRow(idempotency.key, idempotency.hash, 200, summary, row.created_at),
  });
  await appendAudit(trx, now, [
    { ...auditEntry, targetType: 'report', targetId: row.id, communityId: report.communityId },
  ]);
}

/** The live feed hears of a report after its commit. */
async function announceReport(deps: SaveDeps, { row, summary }: PreparedReport) {
  await deps.feed.publish(
    { kind: 'created', reportId: row.id, at: row.created_at },
    { row, summary, lang: deps.lang },
  );
}

/** The names a new report's summary shows that saving it has already read: its summary then reads none. */
function knownNames(
  report: NewReport,
  row: ReportTable,
  responsible: ReportPathPosition | null,
  ackDueAt: string,
): KnownNames {
  const { recorderName, householdAddress } = report.known ?? {};
  return {
    openSteps: new Map([[row.id, ackDueAt]]),
    ...(responsible && {
      positions: new Map([
        [
          responsible.positionId,
          { person_name: responsible.personName, phone: responsible.phone, tier: responsible.tier },
        ],
      ]),
    }),
    ...(row.recorded_by_user_id &&
      recorderName !== undefined && { users: new Map([[row.recorded_by_user_id, recorderName]]) }),
    ...(row.household_id &&
      householdAddress !== undefined && { households: new Map([[row.household_id, householdAddress]]) }),
  };
}

function replay(stored: { request_hash: string; body: string }, hash: string): TReportSummary {
  if (stored.request_hash !== hash) throw new AppError('request.idempotency_mismatch');
  return JSON.parse(stored.body) as TReportSummary;
}

export async function createReport(
  ctx: ReportsContext,
  input: ReportInput,
  idempotencyKey: string | undefined,
): Promise<TReportSummary> {
  await requirePermission(ctx, 'reports.create');
  return saveReport(
    ctx,
    await staffReport(ctx, input),
    idempotencyKey ? { key: `${ctx.actor.user.id}:${idempotencyKey}`, hash: requestHash(input) } : null,
    byActor(ctx.actor, { action: 'reports.create' }),
  );
}

/**
 * A report recorded by staff inside the caller's own transaction, for work that must land together with
 * it (the round's door call, issue 19). Returns its summary and the announcement to make after the commit.
 */
export async function createReportIn(
  ctx: ReportsContext,
  trx: Kysely<DB>,
  input: ReportInput,
): Promise<{ summary: TReportSummary; announce: () => Promise<void> }> {
  await requirePermission(ctx, 'reports.create');
  const deps = { ...ctx, db: trx };
  const prepared = await prepareReport(deps, await staffReport(deps, input));
  await writeReport(trx, prepared, null, byActor(ctx.actor, { action: 'reports.create' }));
  return { summary: prepared.summary, announce: () => announceReport(ctx, prepared) };
}

/** Where a staff member's report belongs, checked against their scope (outside it: 404). */
async function staffReport(ctx: ReportsContext, input: ReportInput): Promise<NewReport> {
  const { scope } = ctx.actor;
  let communityId: string | undefined;
  let householdAddress: string | undefined;
  if (input.householdId) {
    const household = await householdPlaceInScope(ctx.db, scope, input.householdId);
    communityId = household?.communityId;
    householdAddress = household && addressLabel(household);
    if (!communityId) {
      return denyNotFound(ctx, new AppError('registry.household_not_found'), {
        type: 'household',
        id: input.householdId,
      });
    }
  }
  // Every id the body names is checked against the caller's scope as an id in the path is, and must lie
  // in the report's community: a report once named a resident of another subdistrict, and showed the name.
  if (input.buildingId) {
    const building = await placeOfBuilding(ctx.db, input.buildingId);
    const found =
      building &&
      scope.communityIds.includes(building.communityId) &&
      (communityId ?? building.communityId) === building.communityId;
    if (!found) {
      return denyNotFound(ctx, new AppError('register.building_not_found', {}, 'buildingId'), {
        type: 'building',
        id: input.buildingId,
      });
    }
    communityId = building.communityId;
  }
  if (!communityId) throw new AppError('request.invalid', { detail: 'householdId' }, 'householdId');
  if (input.entranceId) {
    const entrance = await placeOfEntrance(ctx.db, input.entranceId);
    const found =
      entrance?.communityId === communityId &&
      (input.buildingId ?? entrance.buildingId) === entrance.buildingId;
    if (!found) {
      return denyNotFound(ctx, new AppError('register.entrance_not_found', {}, 'entranceId'), {
        type: 'entrance',
        id: input.entranceId,
      });
    }
  }
  if (
    input.onBehalfOfResidentId &&
    !(await residentInScopeOf(ctx.db, scope, input.onBehalfOfResidentId, communityId))
  ) {
    return denyNotFound(ctx, new AppError('registry.resident_not_found', {}, 'onBehalfOfResidentId'), {
      type: 'resident',
      id: input.onBehalfOfResidentId,
    });
  }
  return {
    input,
    communityId,
    source: 'staff',
    recordedByUserId: ctx.actor.user.id,
    recordedByPositionId: [...scope.positionIds][0] ?? null,
    reporterPhone: null,
    scopeVersion: ctx.actor.scopeVersion,
    known: {
      recorderName: ctx.actor.user.displayName,
      ...(householdAddress !== undefined && { householdAddress }),
    },
  };
}

const STATE_FILTER: Record<'open' | 'closed' | 'all', readonly ReportState[] | null> = {
  open: ['new', 'acknowledged', 'in_progress'],
  closed: ['resolved', 'referred', 'outside_remit', 'merged'],
  all: null,
};

/** Midnight of a community calendar day (China time), as an instant. */
const chinaMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();

/** The table's query, in the values the repository compares: states, and the dates as instants. */
export function tableFilter(query: z.output<typeof ZReportFilters>, now: Date): ReportTableFilter {
  const nextDay = (day: string) =>
    new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
  return {
    states: query.states?.length ? query.states : STATE_FILTER[query.state],
    categories: query.category,
    urgencies: query.urgency,
    responsibleTiers: query.responsibleTier,
    responsiblePositionId: query.responsiblePositionId,
    householdId: query.householdId,
    buildingId: query.buildingId,
    recordedByUserId: query.recordedByUserId,
    overdue: query.overdue,
    createdFrom: query.from ? chinaMidnight(query.from) : undefined,
    createdBefore: query.to ? chinaMidnight(nextDay(query.to)) : undefined,
    text: query.q || undefined,
    now: now.toISOString(),
  };
}

/** `-created` or `created&order=desc`: the sort and its direction. */
export function sortOf(query: Pick<z.output<typeof ZReportFilters>, 'sort' | 'order'>): {
  sort: ReportSort;
  order: 'asc' | 'desc';
} {
  const descending = query.sort.startsWith('-');
  return {
    sort: (descending ? query.sort.slice(1) : query.sort) as ReportSort,
    order: query.order ?? (descending ? 'desc' : 'asc'),
  };
}

export async function listReportsInScope(
  ctx: ReportsContext,
  query: z.output<typeof ZReportListQuery>,
): Promise<TReportPage> {
  await requirePermission(ctx, 'reports.read');
  const { items, total } = await reportsPage(ctx.db, ctx.actor.scope, tableFilter(query, ctx.clock()), {
    ...sortOf(query),
    limit: query.limit,
    offset: query.offset,
  });
  return { items: await presentSummaries(ctx.db, items, ctx.lang), total };
}

async function reportOr404(ctx: ReportsContext, id: string) {
  const row = await findReportInScope(ctx.db, ctx.actor.scope, id);
  if (!row) return denyNotFound(ctx, new AppError('reports.not_found'), { type: 'report', id });
  return row;
}

export async function getReport(ctx: ReportsContext, id: string): Promise<TReport> {
  await requirePermission(ctx, 'reports.read');
  const row = await reportOr404(ctx, id);
  const [[summary], events, photos, feedback] = await Promise.all([
    presentSummaries(ctx.db, [row], ctx.lang),
    eventsOf(ctx.db, id),
    photosOf(ctx.db, id),
    feedbackOf(ctx.db, id),
  ]);
  return {
    ...(summary as TReportSummary),
    referredTo: row.referred_to,
    residentGuidance: row.resident_guidance,
    mergedInto: row.merged_into,
    committeeLatencyMs: row.committee_latency_ms,
    photos,
    timeline: events.map((e) => ({
      id: e.id,
      at: e.at,
      actor: e.actor,
      kind: e.kind,
      detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null,
    })),
    feedback: feedback.map((f) => ({
      solved: f.solved === 1,
      satisfied: f.satisfied === 1,
      at: f.at,
      byResident: f.recorded_by_user_id === null,
    })),
    feedbackLink: `/r/${row.feedback_token}`,
  };
}

/** Community staff act on any report; the chain on reports now in the hands of someone beneath them. */
export function mayHandle(actor: Actor, row: ReportTable): boolean {
  const { chainPositionIds } = actor.scope;
  if (chainPositionIds === null) return actor.user.role === 'worker' || actor.user.role === 'committee';
  return row.responsible_position_id !== null && chainPositionIds.has(row.responsible_position_id);
}

export async function transitionReport(
  ctx: ReportsContext,
  id: string,
  input: TReportTransition,
): Promise<TReport> {
  await requirePermission(ctx, 'reports.handle');
  const row = await reportOr404(ctx, id);
  if (!mayHandle(ctx.actor, row)) throw new AppError('auth.forbidden');
  const next = nextState(row.state as ReportState, input.action);
  if (next === null) throw new AppError('reports.wrong_state', { state: row.state, action: input.action });
  if (input.action === 'refer' && (!input.referredTo || !input.residentGuidance)) {
    throw new AppError(
      'reports.referral_incomplete',
      {},
      input.referredTo ? 'residentGuidance' : 'referredTo',
    );
  }
  const now = ctx.clock();
  if (
    input.action === 'reopen' &&
    row.closed_at &&
    now.getTime() - new Date(row.closed_at).getTime() > REOPEN_DAYS * 86_400_000
  ) {
    throw new AppError('reports.reopen_expired');
  }
  const at = now.toISOString();
  const set: Partial<ReportTable> = { state: next };
  if (input.action === 'acknowledge' || (row.acknowledged_at === null && isOpen(next) && next !== 'new')) {
    set.acknowledged_at = row.acknowledged_at ?? at;
  }
  if (!isOpen(next)) set.closed_at = at;
  if (input.action === 'reopen') set.closed_at = null;
  if (input.action === 'refer') {
    set.referred_to = input.referredTo ?? null;
    set.resident_guidance = input.residentGuidance ?? null;
  }
  await ctx.db.transaction().execute(async (trx) => {
    await updateReport(trx, id, set);
    // Acknowledged, or closed: the ladder stops here.
    if (set.acknowledged_at && !row.acknowledged_at) await closeOpenSteps(trx, id, at, 'acknowledged');
    if (!isOpen(next)) await closeOpenSteps(trx, id, at, next);
    await addEvent(trx, {
      reportId: id,
      at,
      actorUserId: ctx.actor.user.id,
      kind: input.action,
      detail: {
        from: row.state,
        to: next,
        ...(input.note ? { note: input.note } : {}),
        ...(input.referredTo ? { referredTo: input.referredTo } : {}),
      },
    });
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: `reports.${input.action}`,
        targetType: 'report',
        targetId: id,
        communityId: row.community_id,
      }),
    ]);
  });
  await ctx.feed.publish({ kind: 'updated', reportId: id, at });
  return getReport(ctx, id);
}

export async function duplicatesOf(ctx: ReportsContext, id: string): Promise<TReportList> {
  await requirePermission(ctx, 'reports.read');
  const row = await reportOr404(ctx, id);
  const candidates = (await likelyDuplicates(ctx.db, row)).filter((c) =>
    ctx.actor.scope.communityIds.includes(c.community_id),
  );
  return { items: await presentSummaries(ctx.db, candidates, ctx.lang) };
}

/** Folds a report into the earlier one about the same problem; its timeline says where it went. */
export async function mergeReport(ctx: ReportsContext, id: string, into: string): Promise<TReport> {
  await requirePermission(ctx, 'reports.handle');
  const row = await reportOr404(ctx, id);
  const target = await reportOr404(ctx, into);
  if (!mayHandle(ctx.actor, row) || id === into) throw new AppError('auth.forbidden');
  if (!isOpen(row.state as ReportState) || !isOpen(target.state as ReportState)) {
    throw new AppError('reports.wrong_state', { state: row.state, action: 'merge' });
  }
  const at = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await updateReport(trx, id, { state: 'merged', merged_into: into, closed_at: at });
    await closeOpenSteps(trx, id, at, 'merged');
    await addEvent(trx, {
      reportId: id,
      at,
      actorUserId: ctx.actor.user.id,
      kind: 'merged',
      detail: { into },
    });
    await addEvent(trx, {
      reportId: into,
      at,
      actorUserId: ctx.actor.user.id,
      kind: 'merged_from',
      detail: { from: id },
    });
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'reports.merge',
        targetType: 'report',
        targetId: id,
        communityId: row.community_id,
        detail: { into },
      }),
    ]);
  });
  await ctx.feed.publish({ kind: 'updated', reportId: id, at });
  return getReport(ctx, into);
}

/** A committee screen received the report: the first time, how long it took from saving is kept. */
export async function reportSeen(ctx: ReportsContext, id: string): Promise<void> {
  await requirePermission(ctx, 'reports.read');
  const row = await reportOr404(ctx, id);
  if (ctx.actor.user.role !== 'committee' || row.committee_latency_ms !== null) return;
  const now = ctx.clock();
  const latency = Math.max(0, now.getTime() - new Date(row.created_at).getTime());
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('report')
      .set({ committee_latency_ms: latency })
      .where('id', '=', id)
      .where('committee_latency_ms', 'is', null)
      .executeTakeFirst();
    // Whoever recorded it is told by name that the committee has it ("王书记已看到"): once, by whoever was first.
    if (Number(updated.numUpdatedRows) === 1) {
      await addEvent(trx, {
        reportId: id,
        at: now.toISOString(),
        actorUserId: ctx.actor.user.id,
        kind: 'seen_by_committee',
      });
    }
  });
}
