import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  cstDate,
  firstCheckinFrom,
  graceEnd,
  monthBounds,
  nextVisitDue,
  requiredVisitsInMonth,
  visitEveryDays,
  visitStatus,
} from '../../domain/care/schedule';
import {
  type CheckinWay,
  EVENT_VISIT_HOURS,
  type EventKind,
  type RiskLevel,
  type TCareEvent,
  type TCarePlan,
  type TVisitRate,
  type ZCareEventInput,
  type ZCarePlanInput,
  type ZCarePlanPatch,
  type ZVisitRateQuery,
} from '../../shared/contracts/care';
import type { ZAddress } from '../../shared/contracts/registry';
import type { Language } from '../../shared/errors';
import { appendAudit, byActor } from '../audit/audit.repository';
import type { Actor } from '../auth/actor';
import { denyNotFound, requirePermission } from '../auth/permissions';
import type { Clock } from '../clock';
import type { CarePlanTable, DB } from '../db/schema';
import { AppError } from '../http/errors';
import { leaderOf } from '../liaison/liaison.repository';
import { findHousehold } from '../registry/registry.repository';
import type { FeedBus } from '../reports/feed';
import { stopLadder } from './checkins.repository';
import {
  activePlanOfResident,
  activePlansIn,
  eventVisitCounts,
  findPlanInScope,
  insertPlan,
  lastVisits,
  listPlansInScope,
  openEventVisits,
  type PlanRow,
  positionRefs,
  servingPosition,
  updatePlan,
  visitCounts,
} from './plans.repository';

type TAddress = z.infer<typeof ZAddress>;

export interface CareContext {
  db: Kysely<DB>;
  clock: Clock;
  actor: Actor;
  feed: FeedBus;
  lang: Language;
}

export function addressOf(
  p: Pick<PlanRow, 'building_number' | 'entrance_number' | 'floor' | 'room'>,
): TAddress {
  return {
    buildingNumber: p.building_number,
    entranceNumber: p.entrance_number,
    floor: p.floor,
    room: p.room,
    label: `${p.building_number}-${p.entrance_number}-${p.room}`,
  };
}

export function waysOf(plan: Pick<CarePlanTable, 'checkin_ways'>): CheckinWay[] {
  return plan.checkin_ways ? (JSON.parse(plan.checkin_ways) as CheckinWay[]) : [];
}

/** Visit standing of each plan at `now`: last in-person visit, open event visits, next due, status. */
export async function visitStanding(db: Kysely<DB>, plans: readonly PlanRow[], now: Date) {
  const ids = plans.map((p) => p.id);
  const [last, events] = await Promise.all([lastVisits(db, ids), openEventVisits(db, ids)]);
  return new Map(
    plans.map((p) => {
      const own = events.filter((e) => e.plan_id === p.id);
      const lastVisitAt = last.get(p.id) ?? null;
      const { status, nextDue } = visitStatus(
        nextVisitDue(lastVisitAt, p.created_at, p.visit_every_days),
        own.map((e) => new Date(e.due_at)),
        p.visit_every_days,
        now,
      );
      return [
        p.id,
        {
          lastVisitAt,
          nextDue,
          status,
          events: own.map((e) => ({ eventId: e.event_id, kind: e.kind as EventKind, dueAt: e.due_at })),
        },
      ];
    }),
  );
}

export async function presentPlans(
  db: Kysely<DB>,
  plans: readonly PlanRow[],
  now: Date,
): Promise<TCarePlan[]> {
  const [refs, standing] = await Promise.all([
    positionRefs(
      db,
      plans.flatMap((p) => [p.responsible_position_id, p.stand_in_position_id]),
    ),
    visitStanding(db, plans, now),
  ]);
  return plans.map((p) => {
    const s = standing.get(p.id);
    return {
      id: p.id,
      communityId: p.community_id,
      householdId: p.household_id,
      residentId: p.resident_id,
      residentName: p.resident_name,
      address: addressOf(p),
      responsible: (p.responsible_position_id && refs.get(p.responsible_position_id)) || null,
      standIn: (p.stand_in_position_id && refs.get(p.stand_in_position_id)) || null,
      risk: p.risk as RiskLevel,
      visitEveryDays: p.visit_every_days,
      checkin: p.checkin_time
        ? {
            time: p.checkin_time,
            ways: waysOf(p),
            graceMinutes: p.checkin_grace_minutes ?? 30,
            consentDate: p.checkin_consent_date ?? '',
            consentForm: p.checkin_consent_form ?? '',
            consentWitness: p.checkin_consent_witness,
          }
        : null,
      note: p.note,
      lastVisitAt: s?.lastVisitAt ?? null,
      nextVisitDueAt: (s?.nextDue ?? now).toISOString(),
      eventVisitsDue: s?.events ?? [],
      visitStatus: s?.status ?? 'on_track',
      createdAt: p.created_at,
      endedAt: p.ended_at,
    };
  });
}

export async function planOr404(
  ctx: Pick<CareContext, 'db' | 'clock' | 'actor'>,
  id: string,
): Promise<PlanRow> {
  const plan = await findPlanInScope(ctx.db, ctx.actor.scope, id);
  if (!plan) return denyNotFound(ctx, new AppError('care.plan_not_found'), { type: 'care_plan', id });
  return plan;
}

type CheckinSettings = NonNullable<z.output<typeof ZCarePlanInput>['checkin']>;

/** The check-in columns of a plan, with the first check-in the sweep should expect. */
type CheckinColumns = Pick<
  CarePlanTable,
  | 'checkin_time'
  | 'checkin_ways'
  | 'checkin_grace_minutes'
  | 'checkin_consent_date'
  | 'checkin_consent_form'
  | 'checkin_consent_witness'
  | 'next_checkin_due_at'
  | 'next_checkin_miss_at'
>;

function checkinColumns(settings: CheckinSettings | null, now: Date): CheckinColumns {
  if (!settings) {
    return {
      checkin_time: null,
      checkin_ways: null,
      checkin_grace_minutes: null,
      checkin_consent_date: null,
      checkin_consent_form: null,
      checkin_consent_witness: null,
      next_checkin_due_at: null,
      next_checkin_miss_at: null,
    };
  }
  const first = firstCheckinFrom(now, settings.time, settings.graceMinutes);
  return {
    checkin_time: settings.time,
    checkin_ways: JSON.stringify([...new Set(settings.ways)]),
    checkin_grace_minutes: settings.graceMinutes,
    checkin_consent_date: settings.consent.date,
    checkin_consent_form: settings.consent.form,
    checkin_consent_witness: settings.consent.witness ?? null,
    next_checkin_due_at: first.due.toISOString(),
    next_checkin_miss_at: graceEnd(first.due, settings.graceMinutes).toISOString(),
  };
}

async function positionOr400(
  db: Kysely<DB>,
  communityId: string,
  id: string,
  today: string,
  field: string,
): Promise<string> {
  const position = await servingPosition(db, communityId, id, today);
  if (!position) throw new AppError('care.position_not_found', {}, field);
  return position.id;
}

export async function createPlan(
  ctx: CareContext,
  input: z.output<typeof ZCarePlanInput>,
): Promise<TCarePlan> {
  await requirePermission(ctx, 'care.plan');
  const resident = await ctx.db
    .selectFrom('resident')
    .select(['id', 'household_id'])
    .where('id', '=', input.residentId)
    .where('moved_out_at', 'is', null)
    .executeTakeFirst();
  const household = resident
    ? await findHousehold(ctx.db, ctx.actor.scope, resident.household_id)
    : undefined;
  if (!resident || !household) {
    return denyNotFound(ctx, new AppError('registry.resident_not_found'), {
      type: 'resident',
      id: input.residentId,
    });
  }
  if (await activePlanOfResident(ctx.db, resident.id)) throw new AppError('care.plan_exists');
  const now = ctx.clock();
  const today = cstDate(now);
  const responsible = input.responsiblePositionId
    ? await positionOr400(
        ctx.db,
        household.communityId,
        input.responsiblePositionId,
        today,
        'responsiblePositionId',
      )
    : await leaderOf(ctx.db, household.id, today);
  const standIn = input.standInPositionId
    ? await positionOr400(ctx.db, household.communityId, input.standInPositionId, today, 'standInPositionId')
    : null;
  const at = now.toISOString();
  const row: CarePlanTable = {
    id: randomUUID(),
    community_id: household.communityId,
    household_id: household.id,
    resident_id: resident.id,
    responsible_position_id: responsible,
    stand_in_position_id: standIn,
    risk: input.risk,
    visit_every_days: visitEveryDays(input.risk, input.visitEveryDays),
    note: input.note ?? null,
    created_at: at,
    created_by_user_id: ctx.actor.user.id,
    updated_at: at,
    ended_at: null,
    ...checkinColumns(input.checkin ?? null, now),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertPlan(trx, row);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'care.plan_create',
        targetType: 'care_plan',
        targetId: row.id,
        communityId: row.community_id,
        residentId: row.resident_id,
        detail: { risk: row.risk, checkin: row.checkin_time !== null },
      }),
    ]);
  });
  return getPlan(ctx, row.id);
}

export async function getPlan(ctx: CareContext, id: string): Promise<TCarePlan> {
  await requirePermission(ctx, 'care.read');
  const plan = await planOr404(ctx, id);
  const [presented] = await presentPlans(ctx.db, [plan], ctx.clock());
  return presented as TCarePlan;
}

export async function patchPlan(
  ctx: CareContext,
  id: string,
  input: z.output<typeof ZCarePlanPatch>,
): Promise<TCarePlan> {
  await requirePermission(ctx, 'care.plan');
  const plan = await planOr404(ctx, id);
  if (plan.ended_at) throw new AppError('care.plan_ended');
  const now = ctx.clock();
  const today = cstDate(now);
  const set: Partial<CarePlanTable> = { updated_at: now.toISOString() };
  if (input.responsiblePositionId) {
    set.responsible_position_id = await positionOr400(
      ctx.db,
      plan.community_id,
      input.responsiblePositionId,
      today,
      'responsiblePositionId',
    );
  }
  if (input.standInPositionId !== undefined) {
    set.stand_in_position_id = input.standInPositionId
      ? await positionOr400(ctx.db, plan.community_id, input.standInPositionId, today, 'standInPositionId')
      : null;
  }
  const risk = input.risk ?? (plan.risk as RiskLevel);
  if (input.risk || input.visitEveryDays) {
    set.risk = risk;
    set.visit_every_days = visitEveryDays(
      risk,
      input.visitEveryDays ?? (input.risk ? undefined : plan.visit_every_days),
    );
  }
  if (input.checkin !== undefined) Object.assign(set, checkinColumns(input.checkin, now));
  if (input.note !== undefined) set.note = input.note;
  if (input.end) {
    set.ended_at = now.toISOString();
    Object.assign(set, { next_checkin_due_at: null, next_checkin_miss_at: null });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await updatePlan(trx, id, set);
    // No plan or no check-in any more: a ladder still climbing stops here, and its tasks are done.
    if (input.end || input.checkin === null) {
      const open = await trx
        .selectFrom('checkin')
        .select('id')
        .where('plan_id', '=', id)
        .where('state', 'in', ['missed', 'escalated'])
        .execute();
      for (const c of open) await stopLadder(trx, c.id, now.toISOString());
    }
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: input.end ? 'care.plan_end' : 'care.plan_update',
        targetType: 'care_plan',
        targetId: id,
        communityId: plan.community_id,
        residentId: plan.resident_id,
        detail: { fields: Object.keys(input) },
      }),
    ]);
  });
  return getPlan(ctx, id);
}

/** Visits this month against what each plan asks: who is overdue, whose visits fall short of policy. */
export async function visitRate(
  ctx: CareContext,
  query: z.output<typeof ZVisitRateQuery>,
): Promise<TVisitRate> {
  await requirePermission(ctx, 'care.read');
  const now = ctx.clock();
  const month = query.month ?? cstDate(now).slice(0, 7);
  const bounds = monthBounds(month);
  const from = new Date(`${bounds.from}T00:00:00+08:00`).toISOString();
  const to = new Date(`${bounds.to}T00:00:00+08:00`).toISOString();
  const plans = await listPlansInScope(ctx.db, ctx.actor.scope, {
    buildingId: query.buildingId,
    activeBetween: { from, to },
    limit: 10_000,
  });
  const ids = plans.map((p) => p.id);
  const [visits, eventVisits, standing, refs] = await Promise.all([
    visitCounts(ctx.db, ids, from, to),
    eventVisitCounts(ctx.db, ids, from, to),
    visitStanding(ctx.db, plans, now),
    positionRefs(
      ctx.db,
      plans.map((p) => p.responsible_position_id),
    ),
  ]);
  const items = plans.map((p) => {
    const ran = {
      fromDate: cstDate(new Date(p.created_at)),
      endedDate: p.ended_at === null ? null : cstDate(new Date(p.ended_at)),
    };
    const required = requiredVisitsInMonth(p.visit_every_days, month, ran) + (eventVisits.get(p.id) ?? 0);
    const made = visits.get(p.id) ?? 0;
    const s = standing.get(p.id);
    return {
      planId: p.id,
      residentId: p.resident_id,
      residentName: p.resident_name,
      address: addressOf(p),
      responsible: (p.responsible_position_id && refs.get(p.responsible_position_id)) || null,
      risk: p.risk as RiskLevel,
      visitEveryDays: p.visit_every_days,
      required,
      visits: made,
      shortBy: Math.max(0, required - made),
      lastVisitAt: s?.lastVisitAt ?? null,
      nextVisitDueAt: (s?.nextDue ?? now).toISOString(),
      visitStatus: s?.status ?? ('on_track' as const),
    };
  });
  const met = items.filter((i) => i.shortBy === 0).length;
  return {
    month,
    plans: items.length,
    visits: items.reduce((n, i) => n + i.visits, 0),
    overdue: items.filter((i) => i.visitStatus === 'overdue').length,
    shortOfPolicy: items.length - met,
    rate: items.length === 0 ? null : met / items.length,
    items,
  };
}

async function presentEvents(db: Kysely<DB>, ids: readonly string[]): Promise<TCareEvent[]> {
  if (ids.length === 0) return [];
  const [events, counts] = await Promise.all([
    db
      .selectFrom('care_event')
      .leftJoin('user_account', 'user_account.id', 'care_event.declared_by_user_id')
      .selectAll('care_event')
      .select('user_account.display_name as declared_by')
      .where('care_event.id', 'in', [...ids])
      .orderBy('care_event.declared_at', 'desc')
      .execute(),
    db
      .selectFrom('care_event_visit')
      .select([
        'event_id',
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.count<number>('visit_id').as('visited'),
      ])
      .where('event_id', 'in', [...ids])
      .groupBy('event_id')
      .execute(),
  ]);
  const countOf = new Map(counts.map((c) => [c.event_id, c]));
  return events.map((e) => ({
    id: e.id,
    communityId: e.community_id,
    buildingId: e.building_id,
    kind: e.kind as EventKind,
    note: e.note,
    declaredAt: e.declared_at,
    declaredBy: e.declared_by,
    visitsDueAt: e.visits_due_at,
    plans: Number(countOf.get(e.id)?.n ?? 0),
    visited: Number(countOf.get(e.id)?.visited ?? 0),
  }));
}

/** A heat wave, snowstorm or outage: every plan of the community (or building) has a visit due within 24 hours. */
export async function declareEvent(
  ctx: CareContext,
  input: z.output<typeof ZCareEventInput>,
): Promise<TCareEvent> {
  await requirePermission(ctx, 'care.events');
  const { scope } = ctx.actor;
  let communityId =
    input.communityId ?? (scope.communityIds.length === 1 ? scope.communityIds[0] : undefined);
  if (input.buildingId) {
    const building = await ctx.db
      .selectFrom('building')
      .select('community_id')
      .where('id', '=', input.buildingId)
      .executeTakeFirst();
    if (
      !building ||
      !scope.communityIds.includes(building.community_id) ||
      (communityId && communityId !== building.community_id)
    ) {
      return denyNotFound(ctx, new AppError('register.building_not_found'), {
        type: 'building',
        id: input.buildingId,
      });
    }
    communityId = building.community_id;
  }
  // None given by someone of several communities: say which is wanted. One outside the caller's scope is
  // not found, as in the path (issue 21).
  if (!communityId) throw new AppError('request.invalid', { detail: 'communityId' }, 'communityId');
  if (!scope.communityIds.includes(communityId))
    return denyNotFound(ctx, new AppError('care.community_not_found', {}, 'communityId'), {
      type: 'community',
      id: communityId,
    });
  const now = ctx.clock();
  const at = now.toISOString();
  const dueAt = new Date(now.getTime() + EVENT_VISIT_HOURS * 3_600_000).toISOString();
  const id = randomUUID();
  const plans = await activePlansIn(ctx.db, communityId, input.buildingId ?? null);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('care_event')
      .values({
        id,
        community_id: communityId,
        building_id: input.buildingId ?? null,
        kind: input.kind,
        note: input.note ?? null,
        declared_at: at,
        declared_by_user_id: ctx.actor.user.id,
        visits_due_at: dueAt,
      })
      .execute();
    for (let i = 0; i < plans.length; i += 200) {
      await trx
        .insertInto('care_event_visit')
        .values(
          plans.slice(i, i + 200).map((planId) => ({
            id: randomUUID(),
            event_id: id,
            plan_id: planId,
            due_at: dueAt,
            visit_id: null,
            visited_at: null,
          })),
        )
        .execute();
    }
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'care.event_declare',
        targetType: 'care_event',
        targetId: id,
        communityId,
        detail: { kind: input.kind, buildingId: input.buildingId ?? null, plans: plans.length },
      }),
    ]);
  });
  return (await presentEvents(ctx.db, [id]))[0] as TCareEvent;
}

export async function listEvents(ctx: CareContext): Promise<{ items: TCareEvent[] }> {
  await requirePermission(ctx, 'care.read');
  const { communityIds } = ctx.actor.scope;
  if (communityIds.length === 0) return { items: [] };
  const rows = await ctx.db
    .selectFrom('care_event')
    .select('id')
    .where('community_id', 'in', [...communityIds])
    .orderBy('declared_at', 'desc')
    .limit(50)
    .execute();
  return {
    items: await presentEvents(
      ctx.db,
      rows.map((r) => r.id),
    ),
  };
}
