import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { addDays, cstDate } from '../../domain/care/schedule';
import { daysBetween, isoWeekday, mondayOf, pileDays, walkingOrder } from '../../domain/round/round';
import type {
  DoorOutcome,
  TDoor,
  TRoundCoverage,
  TRoundToday,
  ZDoorInput,
  ZRoundHouseholdSettings,
  ZRoundItemsInput,
  ZRoundTodayQuery,
  ZSignalQuery,
  ZSubscriptionInput,
  ZSubscriptionQuery,
  ZWaitingQuery,
} from '../../shared/contracts/round';
import { appendAudit, byActor } from '../audit/audit.repository';
import { denyNotFound, requirePermission } from '../auth/permissions';
import { OPEN_STATES, stopLadder, updateCheckin } from '../care/checkins.repository';
import { findPlanInScope } from '../care/plans.repository';
import type { CareContext } from '../care/plans.usecases';
import { writeVisit } from '../care/visits.usecases';
import type { DB, RoundItemTable } from '../db/schema';
import { AppError } from '../http/errors';
import { onceForKey } from '../http/idempotency';
import { parseSearch } from '../register/search.repository';
import { createReportIn } from '../reports/reports.usecases';
import { label, presentItems, presentSignals, presentSubscription } from './round.presenters';
import {
  activePlansOf,
  assignmentsOf,
  callDays,
  closeSignal,
  type DoorPlace,
  dayMade,
  doorsOn,
  endSubscription,
  householdsOfPosition,
  insertDoor,
  insertItems,
  insertSubscription,
  leaderPositions,
  makePapers,
  markLeft,
  occupantsOf,
  openItemsOf,
  openSignalHouseholds,
  openTasksOf,
  placeAtAddress,
  placesInScope,
  positionOf,
  setPileDays,
  settleItems,
  signalsById,
  signalsInScope,
  subscriptionsInScope,
  waitingInScope,
} from './round.repository';

/** The round's use cases receive what the care ones do: a door call may become a visit or a report. */
export type RoundContext = CareContext;

/** How far back a call noted on a phone without signal still counts. */
const AT_MOST_DAYS_AGO = 7;
/** A door not called at in this many days is "not reached". */
const NOT_REACHED_DAYS = 14;

async function placeOr404(ctx: RoundContext, householdId: string, db: Kysely<DB> = ctx.db) {
  const [place] = await placesInScope(db, ctx.actor.scope, [householdId]);
  if (!place) {
    return denyNotFound(ctx, new AppError('registry.household_not_found'), {
      type: 'household',
      id: householdId,
    });
  }
  return place;
}

// ---------------------------------------------------------------- what arrives

/** Items logged at the gate, for households by id or by address (`3-2-401`), all or none. */
export async function logItems(ctx: RoundContext, input: z.output<typeof ZRoundItemsInput>) {
  await requirePermission(ctx, 'round.record');
  const now = ctx.clock();
  const today = cstDate(now);
  const date = input.date ?? today;
  if (date > today) throw new AppError('request.invalid', { detail: 'date' }, 'date');
  const byId = new Map(
    (
      await placesInScope(
        ctx.db,
        ctx.actor.scope,
        input.items.flatMap((i) => (i.householdId ? [i.householdId] : [])),
      )
    ).map((p) => [p.id, p]),
  );
  const rows: RoundItemTable[] = [];
  const places = new Map<string, DoorPlace>();
  for (const [index, item] of input.items.entries()) {
    const place = item.householdId
      ? byId.get(item.householdId)
      : await byAddress(ctx, item.address ?? '', index);
    if (!place) {
      return denyNotFound(ctx, new AppError('registry.household_not_found'), {
        type: 'household',
        id: item.householdId ?? '',
      });
    }
    places.set(place.id, place);
    for (let n = 0; n < item.count; n++) {
      rows.push({
        id: randomUUID(),
        community_id: place.communityId,
        household_id: place.id,
        kind: item.kind,
        paper: item.kind === 'newspaper' ? (item.paper ?? null) : null,
        subscription_id: null,
        date,
        state: 'waiting',
        logged_at: now.toISOString(),
        logged_by_user_id: ctx.actor.user.id,
        door_id: null,
        settled_at: null,
        taken_at: null,
        still_there_at: null,
      });
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    await insertItems(trx, rows);
    await appendAudit(
      trx,
      now,
      [...places.values()].map((p) =>
        byActor(ctx.actor, {
          action: 'round.items_logged',
          targetType: 'household',
          targetId: p.id,
          communityId: p.communityId,
          detail: { items: rows.filter((r) => r.household_id === p.id).length },
        }),
      ),
    );
  });
  return { items: presentItems(rows, places, today) };
}

async function byAddress(ctx: RoundContext, address: string, index: number) {
  const parsed = parseSearch(address);
  if (parsed.kind !== 'address' || parsed.room === null) {
    throw new AppError('round.address_invalid', {}, `items.${index}.address`);
  }
  const place = await placeAtAddress(ctx.db, ctx.actor.scope, {
    building: parsed.building,
    entrance: parsed.entrance,
    room: parsed.room,
  });
  if (!place) throw new AppError('round.address_not_found', { address }, `items.${index}.address`);
  return place;
}

export async function createSubscription(ctx: RoundContext, input: z.output<typeof ZSubscriptionInput>) {
  await requirePermission(ctx, 'round.record');
  const place = await placeOr404(ctx, input.householdId);
  const now = ctx.clock();
  const today = cstDate(now);
  const row = {
    id: randomUUID(),
    community_id: place.communityId,
    household_id: place.id,
    paper: input.paper,
    weekdays: [...new Set(input.weekdays)].sort().join(''),
    starts_on: input.startsOn ?? today,
    ended_on: null,
    created_at: now.toISOString(),
    created_by_user_id: ctx.actor.user.id,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertSubscription(trx, row);
    // Today's paper, if today is one of its days: the sweep made the day's papers before it existed.
    await makePapers(trx, today, isoWeekday(today), row.created_at, [place.id]);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'round.subscription_create',
        targetType: 'round_subscription',
        targetId: row.id,
        communityId: place.communityId,
      }),
    ]);
  });
  return presentSubscription(row, label(place));
}

export async function listSubscriptions(ctx: RoundContext, query: z.output<typeof ZSubscriptionQuery>) {
  await requirePermission(ctx, 'round.read');
  const rows = await subscriptionsInScope(ctx.db, ctx.actor.scope, { householdId: query.householdId });
  const places = new Map(
    (
      await placesInScope(
        ctx.db,
        ctx.actor.scope,
        rows.map((r) => r.household_id),
      )
    ).map((p) => [p.id, label(p)]),
  );
  return { items: rows.map((r) => presentSubscription(r, places.get(r.household_id) ?? '')) };
}

export async function stopSubscription(ctx: RoundContext, id: string) {
  await requirePermission(ctx, 'round.record');
  const [row] = await subscriptionsInScope(ctx.db, ctx.actor.scope, { id });
  if (!row) {
    return denyNotFound(ctx, new AppError('round.subscription_not_found'), {
      type: 'round_subscription',
      id,
    });
  }
  const now = ctx.clock();
  const today = cstDate(now);
  await ctx.db.transaction().execute(async (trx) => {
    await endSubscription(trx, id, today);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'round.subscription_end',
        targetType: 'round_subscription',
        targetId: id,
        communityId: row.community_id,
      }),
    ]);
  });
  const place = await placeOr404(ctx, row.household_id);
  return presentSubscription({ ...row, ended_on: row.ended_on ?? today }, label(place));
}

export async function setHouseholdSettings(
  ctx: RoundContext,
  householdId: string,
  input: z.output<typeof ZRoundHouseholdSettings>,
) {
  await requirePermission(ctx, 'round.settings');
  const place = await placeOr404(ctx, householdId);
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    await setPileDays(trx, {
      household_id: place.id,
      community_id: place.communityId,
      pile_days: input.pileDays,
      updated_at: now.toISOString(),
      updated_by_user_id: ctx.actor.user.id,
    });
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'round.household_settings',
        targetType: 'household',
        targetId: place.id,
        communityId: place.communityId,
        detail: { pileDays: input.pileDays },
      }),
    ]);
  });
  const occupants = await occupantsOf(ctx.db, [place.id]);
  return {
    householdId: place.id,
    pileDays: pileDays(
      occupants.map((o) => ({ birthDate: o.birth_date })),
      cstDate(now),
      input.pileDays,
    ),
    isDefault: input.pileDays === null,
  };
}

// ---------------------------------------------------------------- the round of the day

/** Whose round: the position asked for, if the caller may see it; else the caller's own. */
async function roundPosition(ctx: RoundContext, asked: string | undefined, today: string) {
  const { scope } = ctx.actor;
  const id = asked ?? [...scope.positionIds][0];
  const position = id ? await positionOf(ctx.db, id, today) : undefined;
  const visible =
    position &&
    scope.communityIds.includes(position.community_id) &&
    (scope.chainPositionIds === null || scope.chainPositionIds.has(position.id));
  if (!position || !visible) {
    return denyNotFound(ctx, new AppError('round.position_not_found'), {
      type: 'liaison_position',
      id: id ?? '',
    });
  }
  return position;
}

export async function roundToday(
  ctx: RoundContext,
  query: z.output<typeof ZRoundTodayQuery>,
): Promise<TRoundToday> {
  await requirePermission(ctx, 'round.read');
  const now = ctx.clock();
  const today = cstDate(now);
  const position = await roundPosition(ctx, query.positionId, today);
  const places = await placesInScope(
    ctx.db,
    ctx.actor.scope,
    await householdsOfPosition(ctx.db, position.id, today),
  );
  const ids = places.map((p) => p.id);
  // The round may be opened before the day's first sweep: its own doors' papers are made here then.
  if (!(await dayMade(ctx.db, today))) {
    await ctx.db
      .transaction()
      .execute((trx) => makePapers(trx, today, isoWeekday(today), now.toISOString(), ids));
  }
  const [occupants, items, calls, signals, plans] = await Promise.all([
    occupantsOf(ctx.db, ids),
    openItemsOf(ctx.db, ids),
    doorsOn(ctx.db, ids, today),
    openSignalHouseholds(ctx.db, ids),
    activePlansOf(ctx.db, ids),
  ]);
  const doors = walkingOrder(places, query.floors).map((p) => {
    const own = items.filter((i) => i.household_id === p.id);
    const waiting = new Map<
      string,
      { kind: RoundItemTable['kind']; paper: string | null; count: number; oldest: string }
    >();
    for (const item of own.filter((i) => i.state === 'waiting')) {
      const key = `${item.kind}|${item.paper ?? ''}`;
      const entry = waiting.get(key) ?? { kind: item.kind, paper: item.paper, count: 0, oldest: item.date };
      entry.count++;
      waiting.set(key, entry);
    }
    const lastCall = calls.filter((c) => c.household_id === p.id).at(-1);
    return {
      householdId: p.id,
      address: {
        buildingNumber: p.buildingNumber,
        entranceNumber: p.entranceNumber,
        floor: p.floor,
        room: p.room,
        label: label(p),
      },
      residents: occupants.filter((o) => o.household_id === p.id).map((o) => ({ id: o.id, name: o.name })),
      waiting: [...waiting.values()] as TRoundToday['doors'][number]['waiting'],
      needsSignature: own.some((i) => i.state === 'waiting' && i.kind === 'registered'),
      leftLastTime: own.some(
        (i) => i.state === 'left' && i.settled_at !== null && i.settled_at.slice(0, 10) < today,
      ),
      calledToday: (lastCall?.outcome as DoorOutcome | undefined) ?? null,
      signalOpen: signals.has(p.id),
      hasCarePlan: plans.some((plan) => plan.household_id === p.id),
    };
  });
  return { date: today, positionId: position.id, leader: position.person_name, floors: query.floors, doors };
}

// ---------------------------------------------------------------- the door

/** The phone's time of a call, trusted within reason: never ahead of the server, at most a week back. */
function callTime(at: string | undefined, now: Date): Date {
  if (!at) return now;
  const seen = new Date(at);
  if (seen.getTime() > now.getTime()) return now;
  if (now.getTime() - seen.getTime() > AT_MOST_DAYS_AGO * 86_400_000) {
    throw new AppError('round.door_too_old', {}, 'at');
  }
  return seen;
}

const SETTLES: Record<DoorOutcome, 'handed' | 'left' | 'refused' | null> = {
  handed: 'handed',
  left: 'left',
  nobody_home: null,
  refused: 'refused',
};

/**
 * One call at a door, landing once per Idempotency-Key (the phone's outbox retries). In one
 * transaction: the call, what it settled, whether what was left last time was taken (which closes a
 * piling-up signal and answers the missed check-in it started), and what "需要帮忙" / "有情况" became —
 * a visit note, a follow-up, or a report on behalf of the resident.
 */
export async function recordDoor(
  ctx: RoundContext,
  input: z.output<typeof ZDoorInput>,
  idempotencyKey?: string,
): Promise<TDoor> {
  await requirePermission(ctx, 'round.record');
  const place = await placeOr404(ctx, input.householdId);
  const now = ctx.clock();
  const at = callTime(input.at, now);
  const occupants = await occupantsOf(ctx.db, [place.id]);
  if (input.residentId && !occupants.some((o) => o.id === input.residentId)) {
    throw new AppError('round.resident_not_found', {}, 'residentId');
  }
  const plans = await activePlansOf(ctx.db, [place.id]);
  const plan = input.residentId ? plans.find((p) => p.resident_id === input.residentId) : plans[0];
  const residentId = input.residentId ?? plan?.resident_id ?? occupants[0]?.id;
  if ((input.becomes === 'visit' || input.becomes === 'followup') && !plan)
    throw new AppError('round.no_care_plan');
  const announcements: (() => Promise<void>)[] = [];
  const answer = await onceForKey(ctx, idempotencyKey, { door: input }, async (trx) => {
    const atIso = at.toISOString();
    const date = cstDate(at);
    const doorId = randomUUID();
    let visitId: string | null = null;
    let followUpId: string | null = null;
    let reportId: string | null = null;
    if (plan && input.said && (input.becomes === 'visit' || input.becomes === 'followup')) {
      const planRow = await findPlanInScope(trx, ctx.actor.scope, plan.id);
      if (!planRow) throw new AppError('round.no_care_plan');
      const visit = await writeVisit({ ...ctx, db: trx }, trx, planRow, {
        visitedAt: atIso,
        how: 'in_person',
        activities: ['chat'],
        healthWorse: input.health && input.answer === 'something_wrong',
        ...(input.health && input.becomes === 'visit' ? { healthDetail: input.said } : {}),
        needsSomething: input.answer === 'needs_help',
        ...(!input.health && input.becomes === 'visit' ? { needsDetail: input.said } : {}),
        policies: [],
        followUps: input.becomes === 'followup' ? [{ text: input.said, health: input.health }] : [],
        note: '送报送信时上门',
      });
      visitId = visit.id;
      followUpId = visit.followUps[0]?.id ?? null;
    }
    if (input.becomes === 'report' && input.said) {
      const report = await createReportIn(ctx, trx, {
        category: input.category ?? 'other',
        ...(input.urgency ? { urgency: input.urgency } : {}),
        householdId: place.id,
        ...(residentId ? { onBehalfOfResidentId: residentId } : {}),
        description: `送报送信时上门听到：${input.said}`.slice(0, 4000),
      });
      reportId = report.summary.id;
      announcements.push(report.announce);
    }
    await insertDoor(trx, {
      id: doorId,
      community_id: place.communityId,
      household_id: place.id,
      position_id: [...ctx.actor.scope.positionIds][0] ?? null,
      user_id: ctx.actor.user.id,
      at: atIso,
      date,
      outcome: input.outcome,
      left_still_there: input.leftStillThere === undefined ? null : input.leftStillThere ? 1 : 0,
      answer: input.answer ?? null,
      became: input.becomes ?? null,
      visit_id: visitId,
      report_id: reportId,
      recorded_at: now.toISOString(),
    });
    const state = SETTLES[input.outcome];
    const settled = state ? await settleItems(trx, place.id, state, doorId, atIso, date) : [];
    const taken = input.outcome === 'handed' || input.leftStillThere === false;
    if (input.leftStillThere === true) await markLeft(trx, place.id, atIso, { still_there_at: atIso });
    if (taken) await markLeft(trx, place.id, atIso, { taken_at: atIso });
    const closed = taken
      ? await closeSignal(trx, place.id, atIso, input.outcome === 'handed' ? 'handed' : 'taken')
      : undefined;
    if (closed?.checkin_id) await paperTakenAnswers(trx, closed.checkin_id, atIso, ctx.actor.user.id);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'round.door',
        targetType: 'round_door',
        targetId: doorId,
        communityId: place.communityId,
        ...(residentId ? { residentId } : {}),
        detail: { outcome: input.outcome, answer: input.answer ?? null, becomes: input.becomes ?? null },
      }),
    ]);
    return {
      id: doorId,
      householdId: place.id,
      outcome: input.outcome,
      at: atIso,
      answer: input.answer ?? null,
      becomes: input.becomes ?? null,
      visitId,
      followUpId,
      reportId,
      items: settled.map((i) => ({ id: i.id, kind: i.kind, state: i.state })) as TDoor['items'],
      signalClosed: closed !== undefined,
    };
  });
  for (const announce of announcements) await announce();
  return answer;
}

/** The paper taken in answers the missed check-in the signal started, and stops its ladder. */
async function paperTakenAnswers(trx: Kysely<DB>, checkinId: string, at: string, userId: string) {
  const row = await trx.selectFrom('checkin').select('state').where('id', '=', checkinId).executeTakeFirst();
  if (!row || !(OPEN_STATES as readonly string[]).includes(row.state)) return;
  await updateCheckin(trx, checkinId, {
    state: 'done',
    way: 'newspaper_taken',
    recorded_at: at,
    recorded_by_user_id: userId,
  });
  await stopLadder(trx, checkinId, at);
}

// ---------------------------------------------------------------- what the round notices

export async function listWaiting(ctx: RoundContext, query: z.output<typeof ZWaitingQuery>) {
  await requirePermission(ctx, 'round.read');
  const today = cstDate(ctx.clock());
  const rows = await waitingInScope(ctx.db, ctx.actor.scope, addDays(today, -query.days));
  const places = new Map(
    (
      await placesInScope(
        ctx.db,
        ctx.actor.scope,
        rows.map((r) => r.household_id),
      )
    ).map((p) => [p.id, p]),
  );
  return { items: presentItems(rows, places, today) };
}

export async function listSignals(ctx: RoundContext, query: z.output<typeof ZSignalQuery>) {
  await requirePermission(ctx, 'round.read');
  const rows = await signalsInScope(ctx.db, ctx.actor.scope, query.state);
  return { items: await presentSignals(ctx.db, ctx.actor.scope, rows, ctx.lang) };
}

const TASK_TITLE = { 'zh-CN': '去看看', en: 'Go and see' } as const;

/** The caller's open "去看看" tasks, with why. */
export async function myTasks(ctx: RoundContext) {
  await requirePermission(ctx, 'round.read');
  const tasks = await openTasksOf(ctx.db, [...ctx.actor.scope.positionIds]);
  const signals = await presentSignals(
    ctx.db,
    ctx.actor.scope,
    await signalsById(
      ctx.db,
      tasks.map((t) => t.signal_id),
    ),
    ctx.lang,
  );
  const byId = new Map(signals.map((s) => [s.id, s]));
  return {
    items: tasks.flatMap((t) => {
      const signal = byId.get(t.signal_id);
      return signal
        ? [{ id: t.id, title: TASK_TITLE[ctx.lang], step: t.step, signal, createdAt: t.created_at }]
        : [];
    }),
  };
}

/**
 * The committee's desk: doors called at per week per building leader, and their doors with no call in
 * the last two weeks. A call counts whatever its outcome: the leader went to the door.
 */
export async function coverage(ctx: RoundContext, weeks: number): Promise<TRoundCoverage> {
  await requirePermission(ctx, 'round.read');
  const { scope } = ctx.actor;
  const today = cstDate(ctx.clock());
  const mondays = Array.from({ length: weeks }, (_, i) => addDays(mondayOf(today), -7 * (weeks - 1 - i)));
  const notReachedFrom = addDays(today, -(NOT_REACHED_DAYS - 1));
  const from = [mondays[0] ?? today, notReachedFrom].sort()[0] ?? today;
  const leaders = await leaderPositions(ctx.db, scope.communityIds, scope.chainPositionIds, today);
  const assignments = await assignmentsOf(
    ctx.db,
    leaders.map((l) => l.id),
    today,
  );
  const places = new Map(
    (
      await placesInScope(
        ctx.db,
        scope,
        assignments.map((a) => a.household_id),
      )
    ).map((p) => [p.id, p]),
  );
  const calls = await callDays(ctx.db, scope.communityIds, from);
  const daysOf = new Map<string, string[]>();
  for (const c of calls) daysOf.set(c.household_id, [...(daysOf.get(c.household_id) ?? []), c.date]);
  return {
    weeks: mondays,
    leaders: leaders.map((leader) => {
      const doors = assignments.filter((a) => a.position_id === leader.id && places.has(a.household_id));
      return {
        positionId: leader.id,
        name: leader.person_name,
        doors: doors.length,
        reachedPerWeek: mondays.map(
          (monday) =>
            doors.filter((d) =>
              (daysOf.get(d.household_id) ?? []).some(
                (day) => daysBetween(monday, day) >= 0 && daysBetween(monday, day) < 7,
              ),
            ).length,
        ),
        notReached: doors
          .filter((d) => !(daysOf.get(d.household_id) ?? []).some((day) => day >= notReachedFrom))
          .map((d) => {
            const place = places.get(d.household_id) as DoorPlace;
            return { householdId: d.household_id, address: label(place) };
          }),
      };
    }),
  };
}
