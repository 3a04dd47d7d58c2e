import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  checkinDueOn,
  checkinState,
  cstDate,
  graceEnd,
  worstCheckin,
  worstVisit,
} from '../../domain/care/schedule';
import type {
  CheckinOutcome,
  CheckinState,
  CheckinWay,
  TCheckin,
  TCheckinsToday,
  TPositionRef,
  VisitStatus,
  ZCareTaskList,
  ZCheckinInput,
  ZCheckinOutcomeInput,
  ZCheckinsTodayQuery,
} from '../../shared/contracts/care';
import { appendAudit, byActor } from '../audit/audit.repository';
import { denyNotFound, requirePermission } from '../auth/permissions';
import { canSee, type Scope } from '../auth/scope';
import type { CheckinTable, DB } from '../db/schema';
import { AppError } from '../http/errors';
import { onceForKey } from '../http/idempotency';
import { usersById } from '../reports/reports.repository';
import {
  checkinOn,
  checkinsForPlans,
  findCheckin,
  insertCheckin,
  ladderOf,
  OPEN_STATES,
  openCheckinOf,
  stopLadder,
  updateCheckin,
} from './checkins.repository';
import { findPlanInScope, listPlansInScope, type PlanRow, planQuery, positionRefs } from './plans.repository';
import { addressOf, type CareContext, planOr404, visitStanding, waysOf } from './plans.usecases';

export interface CheckinEntry {
  plan: PlanRow;
  row: CheckinTable | null;
  date: string;
}

/** Check-ins as the caller may see them: key holders only for roles with the `keys` field class. */
export async function presentCheckins(
  db: Kysely<DB>,
  scope: Scope,
  entries: readonly CheckinEntry[],
  now: Date,
): Promise<TCheckin[]> {
  const rows = entries.map((e) => e.row).filter((r): r is CheckinTable => r !== null);
  const ladder = await ladderOf(
    db,
    rows.map((r) => r.id),
  );
  const notifiedIds = ladder.flatMap((l) => (l.notified ? (JSON.parse(l.notified) as string[]) : []));
  const [refs, users] = await Promise.all([
    positionRefs(db, notifiedIds),
    usersById(
      db,
      rows.map((r) => r.recorded_by_user_id ?? r.outcome_by_user_id).filter((x): x is string => x !== null),
    ),
  ]);
  const showKeys = canSee(scope, 'keys');
  return entries.map(({ plan, row, date }) => {
    const due = row ? new Date(row.due_at) : checkinDueOn(date, plan.checkin_time ?? '00:00');
    const graceUntil = row ? new Date(row.grace_until) : graceEnd(due, plan.checkin_grace_minutes ?? 30);
    const by = row?.recorded_by_user_id ?? row?.outcome_by_user_id ?? null;
    return {
      id: row?.id ?? null,
      planId: plan.id,
      residentId: plan.resident_id,
      residentName: plan.resident_name,
      address: addressOf(plan),
      householdId: plan.household_id,
      date,
      dueAt: due.toISOString(),
      graceUntil: graceUntil.toISOString(),
      state: checkinState(row, graceUntil, now),
      way: (row?.way as CheckinWay | null) ?? null,
      recordedAt: row?.recorded_at ?? row?.outcome_at ?? null,
      recordedBy: by ? (users.get(by) ?? null) : null,
      outcome: (row?.outcome as CheckinOutcome | null) ?? null,
      outcomeNote: row?.outcome_note ?? null,
      ladderStep: row?.ladder_step ?? 0,
      ladder: row
        ? ladder
            .filter((l) => l.checkin_id === row.id)
            .map((l) => ({
              step: l.step,
              dueAt: l.due_at,
              doneAt: l.done_at,
              outcome: (l.outcome as 'sent' | 'stopped' | null) ?? null,
              notified: (l.notified ? (JSON.parse(l.notified) as string[]) : [])
                .map((id) => refs.get(id))
                .filter((r): r is TPositionRef => r !== undefined),
              keyHolders: showKeys && l.key_holders ? (JSON.parse(l.key_holders) as string[]) : [],
            }))
        : [],
    };
  });
}

/** The same rule as the household scope, applied in memory to one check-in for one open screen. */
export function checkinVisibleTo(
  scope: Scope,
  row: Pick<CheckinTable, 'community_id' | 'household_id'>,
): boolean {
  if (!scope.communityIds.includes(row.community_id)) return false;
  return scope.householdIds === null || scope.householdIds.has(row.household_id);
}

async function presentOne(ctx: CareContext, plan: PlanRow, id: string): Promise<TCheckin> {
  const row = (await findCheckin(ctx.db, id)) ?? null;
  const [presented] = await presentCheckins(
    ctx.db,
    ctx.actor.scope,
    [{ plan, row, date: row?.date ?? cstDate(ctx.clock()) }],
    ctx.clock(),
  );
  return presented as TCheckin;
}

async function checkinPlan(ctx: CareContext, planId: string) {
  await requirePermission(ctx, 'care.record');
  return planOr404(ctx, planId);
}

function expectsCheckins(plan: PlanRow) {
  if (plan.ended_at) throw new AppError('care.plan_ended');
  if (!plan.checkin_time) throw new AppError('care.no_checkin');
}

/**
 * Writes to the check-in a person is answering: the one whose ladder is climbing, else today's
 * (created when the ladder has not started). Stops the ladder either way. Returns the row id and
 * whether it was climbing.
 */
async function writeAnswer(
  trx: Kysely<DB>,
  plan: PlanRow,
  change: (row: CheckinTable | null) => Partial<CheckinTable>,
  now: Date,
  seenAt: Date | null,
): Promise<{ id: string; wasOpen: boolean }> {
  const at = now.toISOString();
  for (let attempt = 0; attempt < 2; attempt++) {
    const date = cstDate(seenAt ?? now);
    // A sign seen earlier (entered without signal) answers the check-in of its own day.
    const existing = seenAt
      ? ((await checkinOn(trx, plan.id, date)) ?? (await openCheckinOf(trx, plan.id)))
      : ((await openCheckinOf(trx, plan.id)) ?? (await checkinOn(trx, plan.id, date)));
    if (existing) {
      await updateCheckin(trx, existing.id, change(existing));
      await stopLadder(trx, existing.id, at);
      return { id: existing.id, wasOpen: (OPEN_STATES as readonly string[]).includes(existing.state) };
    }
    const due = checkinDueOn(date, plan.checkin_time ?? '00:00');
    const row: CheckinTable = {
      id: randomUUID(),
      plan_id: plan.id,
      community_id: plan.community_id,
      household_id: plan.household_id,
      date,
      due_at: due.toISOString(),
      grace_until: graceEnd(due, plan.checkin_grace_minutes ?? 30).toISOString(),
      state: 'done',
      way: null,
      recorded_at: null,
      recorded_by_user_id: null,
      note: null,
      outcome: null,
      outcome_note: null,
      outcome_at: null,
      outcome_by_user_id: null,
      ladder_step: 0,
      created_at: at,
    };
    // The sweep may have opened today's check-in a moment ago: then answer that one.
    if (await insertCheckin(trx, { ...row, ...change(null) })) return { id: row.id, wasOpen: false };
  }
  throw new AppError('care.checkin_not_found');
}

/**
 * Answers once per Idempotency-Key: a phone that was out of signal sends again until it hears back,
 * and gets the first answer. The checks run inside, so a replay still gets that answer after the plan
 * has ended.
 */
async function answerOnce(
  ctx: CareContext,
  plan: PlanRow,
  idempotencyKey: string | undefined,
  request: Record<string, unknown>,
  check: () => void,
  change: (row: CheckinTable | null) => Partial<CheckinTable>,
  audit: { action: string; detail: Record<string, unknown> },
  seenAt: Date | null = null,
): Promise<TCheckin> {
  const now = ctx.clock();
  const done: { answer?: TCheckin; wasOpen?: boolean } = {};
  const answer = await onceForKey(ctx, idempotencyKey, { planId: plan.id, ...request }, async (trx) => {
    check();
    const { id, wasOpen } = await writeAnswer(trx, plan, change, now, seenAt);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: audit.action,
        targetType: 'checkin',
        targetId: id,
        communityId: plan.community_id,
        residentId: plan.resident_id,
        detail: audit.detail,
      }),
    ]);
    done.answer = await presentOne({ ...ctx, db: trx }, plan, id);
    done.wasOpen = wasOpen;
    return done.answer;
  });
  // A replay (or the loser of a race) answers with a parsed copy: only the call that committed announces.
  if (answer === done.answer && done.wasOpen && answer.id) {
    await ctx.feed.publish({
      kind: 'checkin_recorded',
      checkinId: answer.id,
      step: 0,
      at: now.toISOString(),
    });
  }
  return answer;
}

export async function recordCheckin(
  ctx: CareContext,
  planId: string,
  input: z.output<typeof ZCheckinInput>,
  idempotencyKey?: string,
): Promise<TCheckin> {
  const plan = await checkinPlan(ctx, planId);
  const now = ctx.clock();
  const seenAt = input.at ? seenTime(new Date(input.at), now) : null;
  const at = (seenAt ?? now).toISOString();
  return answerOnce(
    ctx,
    plan,
    idempotencyKey,
    { checkin: input },
    () => {
      expectsCheckins(plan);
      if (!waysOf(plan).includes(input.way)) throw new AppError('care.way_not_allowed', {}, 'way');
    },
    () => ({
      state: 'done',
      way: input.way,
      recorded_at: at,
      recorded_by_user_id: ctx.actor.user.id,
      note: input.note ?? null,
    }),
    { action: 'care.checkin', detail: { way: input.way, ...(seenAt ? { seenAt: at } : {}) } },
    seenAt,
  );
}

/** How far back a check-in noted on a phone without signal still counts for its own day. */
const SEEN_AT_MOST_DAYS_AGO = 7;

/** The phone's time of a sign, trusted within reason: never ahead of the server, at most a week back. */
function seenTime(seen: Date, now: Date): Date {
  if (seen.getTime() > now.getTime()) return now;
  if (now.getTime() - seen.getTime() > SEEN_AT_MOST_DAYS_AGO * 86_400_000) {
    throw new AppError('care.checkin_too_old', {}, 'at');
  }
  return seen;
}

/**
 * The outcome with its reason, so "the phone was dead" is told apart from "nobody answered". After a
 * miss it resolves the check-in; recorded ahead (away with family) it stands for today's.
 */
export async function recordOutcome(
  ctx: CareContext,
  planId: string,
  input: z.output<typeof ZCheckinOutcomeInput>,
  idempotencyKey?: string,
): Promise<TCheckin> {
  const plan = await checkinPlan(ctx, planId);
  const at = ctx.clock().toISOString();
  return answerOnce(
    ctx,
    plan,
    idempotencyKey,
    { outcome: input },
    () => expectsCheckins(plan),
    (row) => ({
      state: row?.state === 'done' ? 'done' : 'resolved',
      outcome: input.outcome,
      outcome_note: input.note ?? null,
      outcome_at: at,
      outcome_by_user_id: ctx.actor.user.id,
    }),
    { action: 'care.checkin_outcome', detail: { outcome: input.outcome } },
  );
}

export async function getCheckin(ctx: CareContext, id: string): Promise<TCheckin> {
  await requirePermission(ctx, 'care.read');
  const row = await findCheckin(ctx.db, id);
  const plan = row ? await findPlanInScope(ctx.db, ctx.actor.scope, row.plan_id) : undefined;
  if (!row || !plan)
    return denyNotFound(ctx, new AppError('care.checkin_not_found'), { type: 'checkin', id });
  return presentOne(ctx, plan, id);
}

const ZERO = () => ({ done: 0, due: 0, missed: 0, escalated: 0, resolved: 0 });

/** Today's check-ins of the plans in scope, per responsible person: done, due, missed, escalated. */
export async function checkinsToday(
  ctx: CareContext,
  query: z.output<typeof ZCheckinsTodayQuery>,
): Promise<TCheckinsToday> {
  await requirePermission(ctx, 'care.read');
  const now = ctx.clock();
  const today = cstDate(now);
  const entries = await todaysEntries(ctx.db, ctx.actor.scope, today, query.positionId);
  const items = await presentCheckins(ctx.db, ctx.actor.scope, entries, now);
  const refs = await positionRefs(
    ctx.db,
    entries.map((e) => e.plan.responsible_position_id),
  );
  const totals = ZERO();
  const people = new Map<string, TCheckinsToday['people'][number]>();
  items.forEach((item, i) => {
    const positionId = entries[i]?.plan.responsible_position_id ?? null;
    const key = positionId ?? '';
    let person = people.get(key);
    if (!person) {
      person = { responsible: (positionId && refs.get(positionId)) || null, counts: ZERO(), items: [] };
      people.set(key, person);
    }
    person.items.push(item);
    person.counts[item.state]++;
    totals[item.state]++;
  });
  return { date: today, totals, people: [...people.values()] };
}

/**
 * Each plan with a daily check-in expected today: its climbing check-in if any, else today's row, else
 * (nothing recorded yet) today's expected one. A plan begun after today's time expects none today.
 */
export async function todaysEntries(
  db: Kysely<DB>,
  scope: Scope,
  today: string,
  positionId?: string,
  filter: { householdIds?: readonly string[] } = {},
): Promise<CheckinEntry[]> {
  const plans = await listPlansInScope(db, scope, {
    positionId,
    withCheckin: true,
    limit: 5000,
    ...(filter.householdIds ? { householdIds: filter.householdIds } : {}),
  });
  const rows = await checkinsForPlans(
    db,
    plans.map((p) => p.id),
    today,
  );
  const entries: CheckinEntry[] = [];
  for (const plan of plans) {
    const own = rows.filter((r) => r.plan_id === plan.id);
    const row =
      own.filter((r) => (OPEN_STATES as readonly string[]).includes(r.state)).at(-1) ??
      own.find((r) => r.date === today);
    if (row) {
      entries.push({ plan, row, date: row.date });
      continue;
    }
    const next = plan.next_checkin_due_at ? cstDate(new Date(plan.next_checkin_due_at)) : null;
    if (next && next <= today) entries.push({ plan, row: null, date: next });
  }
  return entries;
}

/** The state of each household's check-ins today, worst first; for the building picture. */
export async function checkinStatesOf(
  db: Kysely<DB>,
  scope: Scope,
  householdIds: readonly string[],
  now: Date,
): Promise<Map<string, CheckinState[]>> {
  const entries = await todaysEntries(db, scope, cstDate(now), undefined, { householdIds });
  const states = new Map<string, CheckinState[]>();
  for (const e of entries) {
    const graceUntil = e.row
      ? new Date(e.row.grace_until)
      : graceEnd(checkinDueOn(e.date, e.plan.checkin_time ?? '00:00'), e.plan.checkin_grace_minutes ?? 30);
    const list = states.get(e.plan.household_id) ?? [];
    list.push(checkinState(e.row, graceUntil, now));
    states.set(e.plan.household_id, list);
  }
  return states;
}

/** Open tasks the ladder gave the caller: their positions', and for the community office every door visit. */
export async function careTasks(ctx: CareContext): Promise<z.infer<typeof ZCareTaskList>> {
  await requirePermission(ctx, 'care.read');
  const { scope } = ctx.actor;
  const positions = [...scope.positionIds];
  const officeWide = scope.chainPositionIds === null && ['worker', 'committee'].includes(scope.role);
  if (positions.length === 0 && !officeWide) return { items: [] };
  const tasks = await ctx.db
    .selectFrom('care_task')
    .selectAll()
    .where('done_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(positions.length > 0 ? [eb('position_id', 'in', positions)] : []),
        ...(officeWide && scope.communityIds.length > 0
          ? [eb.and([eb('kind', '=', 'door_visit'), eb('community_id', 'in', [...scope.communityIds])])]
          : []),
      ]),
    )
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  const planIds = [...new Set(tasks.map((t) => t.plan_id))];
  const plans =
    planIds.length === 0
      ? new Map<string, PlanRow>()
      : new Map(
          (await planQuery(ctx.db, scope).where('care_plan.id', 'in', planIds).execute()).map((p) => [
            p.id,
            p,
          ]),
        );
  const checkins = new Map<string, CheckinTable>();
  for (const t of tasks) {
    if (!checkins.has(t.checkin_id)) {
      const row = await findCheckin(ctx.db, t.checkin_id);
      if (row) checkins.set(row.id, row);
    }
  }
  const now = ctx.clock();
  const seen = new Set<string>();
  const items = [];
  for (const t of tasks) {
    const plan = plans.get(t.plan_id);
    const row = checkins.get(t.checkin_id);
    // One line per check-in and kind, even when two of the caller's positions were told.
    const key = `${t.checkin_id}:${t.kind}`;
    if (!plan || !row || seen.has(key)) continue;
    seen.add(key);
    items.push({
      id: t.id,
      kind: t.kind as 'reminder' | 'escalation' | 'door_visit',
      step: t.step,
      checkinId: t.checkin_id,
      planId: t.plan_id,
      residentName: plan.resident_name,
      address: addressOf(plan),
      createdAt: t.created_at,
      checkinState: checkinState(row, new Date(row.grace_until), now),
    });
  }
  return { items };
}

/** Adds the care lenses' statuses to the building picture's flats in scope, only when one is asked for. */
export async function withCareLens<T extends { householdId: string; inScope: boolean }>(
  db: Kysely<DB>,
  scope: Scope,
  flats: readonly T[],
  lens: string,
  now: Date,
): Promise<(T & { visitStatus?: VisitStatus | null; checkinState?: CheckinState | null })[]> {
  if (lens !== 'visits' && lens !== 'checkins') return [...flats];
  const ids = flats.filter((f) => f.inScope).map((f) => f.householdId);
  if (ids.length === 0) return [...flats];
  if (lens === 'checkins') {
    const states = await checkinStatesOf(db, scope, ids, now);
    return flats.map((f) => ({ ...f, checkinState: worstCheckin(states.get(f.householdId) ?? []) }));
  }
  const plans = await listPlansInScope(db, scope, { householdIds: ids, limit: 10_000 });
  const standing = await visitStanding(db, plans, now);
  const byHousehold = new Map<string, VisitStatus[]>();
  for (const p of plans) {
    const status = standing.get(p.id)?.status;
    if (status) byHousehold.set(p.household_id, [...(byHousehold.get(p.household_id) ?? []), status]);
  }
  return flats.map((f) => ({ ...f, visitStatus: worstVisit(byHousehold.get(f.householdId) ?? []) }));
}
