import type { Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import type { DB } from '../db/schema';
import { reportInScope } from '../reports/reports.repository';

const OPEN_STATES = ['new', 'acknowledged', 'in_progress'] as const;

/**
 * The month's records of one community that no other area's endpoint already counts. The caller has
 * checked the community against its scope; instants are [from, to) in UTC ISO, days [fromDay, toDay).
 */
export interface MonthRange {
  communityId: string;
  from: string;
  to: string;
  fromDay: string;
  toDay: string;
}

/** Reports created in the month (merged ones left out, as the rates leave them), with their first tier. */
export function reportsOfMonth(db: Kysely<DB>, r: MonthRange) {
  return db
    .selectFrom('report')
    .innerJoin('report_category', 'report_category.code', 'report.category')
    .leftJoin('report_escalation as e0', (join) =>
      join.onRef('e0.report_id', '=', 'report.id').on('e0.step', '=', 0),
    )
    .select([
      'report.category',
      'report_category.name_zh as category_zh',
      'report_category.name_en as category_en',
      'report_category.sort as category_sort',
      'report.state',
      'report.referred_to',
      'report.committee_latency_ms',
      'report.responsible_tier',
      'e0.tier as first_tier',
    ])
    .where('report.community_id', '=', r.communityId)
    .where('report.created_at', '>=', r.from)
    .where('report.created_at', '<', r.to)
    .where('report.merged_into', 'is', null)
    .execute();
}

export async function checkinFigures(db: Kysely<DB>, r: MonthRange) {
  const [missed, ladder, outcomes, keyUses] = await Promise.all([
    db
      .selectFrom('checkin')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', r.communityId)
      .where('date', '>=', r.fromDay)
      .where('date', '<', r.toDay)
      .where('state', 'in', ['missed', 'escalated', 'resolved'])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('checkin_ladder')
      .innerJoin('checkin', 'checkin.id', 'checkin_ladder.checkin_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('checkin.community_id', '=', r.communityId)
      .where('checkin_ladder.due_at', '>=', r.from)
      .where('checkin_ladder.due_at', '<', r.to)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('checkin')
      .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .where('community_id', '=', r.communityId)
      .where('outcome_at', '>=', r.from)
      .where('outcome_at', '<', r.to)
      .where('outcome', 'is not', null)
      .groupBy('outcome')
      .execute(),
    db
      .selectFrom('care_key_use')
      .innerJoin('care_key', 'care_key.id', 'care_key_use.key_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('care_key.community_id', '=', r.communityId)
      .where('care_key_use.used_at', '>=', r.from)
      .where('care_key_use.used_at', '<', r.to)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    missed: Number(missed.n),
    ladderSteps: Number(ladder.n),
    outcomes: outcomes.map((o) => ({ outcome: o.outcome as string, n: Number(o.n) })),
    keyUses: Number(keyUses.n),
  };
}

/** Money handled on residents' behalf: totals only, by kind (amounts are signed). */
export function moneyByKind(db: Kysely<DB>, r: MonthRange) {
  return db
    .selectFrom('care_money_entry')
    .innerJoin('care_money_account', 'care_money_account.id', 'care_money_entry.account_id')
    .select([
      'care_money_entry.kind',
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>('care_money_entry.amount_fen').as('fen'),
    ])
    .where('care_money_account.community_id', '=', r.communityId)
    .where('care_money_entry.occurred_on', '>=', r.fromDay)
    .where('care_money_entry.occurred_on', '<', r.toDay)
    .groupBy('care_money_entry.kind')
    .execute();
}

export async function welfareFigures(db: Kysely<DB>, r: MonthRange) {
  const count = <T extends { n: number | string | bigint }>(row: T | undefined) => Number(row?.n ?? 0);
  const [decisions, applications, notices, objections, grants] = await Promise.all([
    db
      .selectFrom('welfare_decision')
      .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .where('community_id', '=', r.communityId)
      .where('created_at', '>=', r.from)
      .where('created_at', '<', r.to)
      .groupBy('outcome')
      .execute(),
    db
      .selectFrom('welfare_application')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('community_id', '=', r.communityId)
      .where('closed_at', '>=', r.from)
      .where('closed_at', '<', r.to)
      .where('status', 'in', ['approved', 'rejected'])
      .groupBy('status')
      .execute(),
    db
      .selectFrom('welfare_notice')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', r.communityId)
      .where('published_at', '>=', r.from)
      .where('published_at', '<', r.to)
      .executeTakeFirst(),
    db
      .selectFrom('welfare_objection')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', r.communityId)
      .where('received_at', '>=', r.from)
      .where('received_at', '<', r.to)
      .executeTakeFirst(),
    db
      .selectFrom('welfare_emergency_grant')
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('amount_fen').as('fen')])
      .where('community_id', '=', r.communityId)
      .where('paid_on', '>=', r.fromDay)
      .where('paid_on', '<', r.toDay)
      .executeTakeFirst(),
  ]);
  const byOutcome = new Map(decisions.map((d) => [d.outcome, Number(d.n)]));
  const byStatus = new Map(applications.map((a) => [a.status, Number(a.n)]));
  return {
    decisions: decisions.reduce((n, d) => n + Number(d.n), 0),
    eligible: byOutcome.get('eligible') ?? 0,
    notEligible: byOutcome.get('not_eligible') ?? 0,
    applicationsApproved: byStatus.get('approved') ?? 0,
    applicationsRejected: byStatus.get('rejected') ?? 0,
    noticesPublished: count(notices),
    objections: count(objections),
    emergencyGrants: count(grants),
    emergencyGrantFen: Number(grants?.fen ?? 0),
  };
}

export async function stationFigures(db: Kysely<DB>, r: MonthRange) {
  const [sessions, served, minutes] = await Promise.all([
    db
      .selectFrom('service_session')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', r.communityId)
      .where('starts_at', '>=', r.from)
      .where('starts_at', '<', r.to)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('service_booking')
      .innerJoin('service_session', 'service_session.id', 'service_booking.session_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('service_session.community_id', '=', r.communityId)
      .where('service_session.starts_at', '>=', r.from)
      .where('service_session.starts_at', '<', r.to)
      .where('service_booking.served', '=', 1)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('service_hours')
      .select((eb) => eb.fn.sum<number>('minutes').as('minutes'))
      .where('community_id', '=', r.communityId)
      .where('worked_on', '>=', r.fromDay)
      .where('worked_on', '<', r.toDay)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    sessions: Number(sessions.n),
    peopleServed: Number(served.n),
    volunteerMinutes: Number(minutes.minutes ?? 0),
  };
}

export async function chainChanges(db: Kysely<DB>, r: MonthRange) {
  const [started, ended] = await Promise.all([
    db
      .selectFrom('liaison_position')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', r.communityId)
      .where('valid_from', '>=', r.fromDay)
      .where('valid_from', '<', r.toDay)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('liaison_position')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', r.communityId)
      .where('valid_to', '>=', r.fromDay)
      .where('valid_to', '<', r.toDay)
      .executeTakeFirstOrThrow(),
  ]);
  return { positionsStarted: Number(started.n), positionsEnded: Number(ended.n) };
}

export function communityName(db: Kysely<DB>, id: string) {
  return db.selectFrom('community').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

export interface ClosedMonthRow {
  community_id: string;
  month: string;
  figures: string;
  hash: string;
  closed_at: string;
  closed_by: string | null;
}

export function findClosedMonth(db: Kysely<DB>, communityId: string, month: string) {
  return db
    .selectFrom('desk_month_close')
    .leftJoin('user_account', 'user_account.id', 'desk_month_close.closed_by_user_id')
    .select([
      'desk_month_close.community_id',
      'desk_month_close.month',
      'desk_month_close.figures',
      'desk_month_close.hash',
      'desk_month_close.closed_at',
      'user_account.display_name as closed_by',
    ])
    .where('desk_month_close.community_id', '=', communityId)
    .where('desk_month_close.month', '=', month)
    .executeTakeFirst();
}

export function insertClosedMonth(
  db: Kysely<DB>,
  row: {
    id: string;
    communityId: string;
    month: string;
    figures: string;
    hash: string;
    at: string;
    by: string;
  },
) {
  return db
    .insertInto('desk_month_close')
    .values({
      id: row.id,
      community_id: row.communityId,
      month: row.month,
      figures: row.figures,
      hash: row.hash,
      closed_at: row.at,
      closed_by_user_id: row.by,
    })
    .onConflict((oc) => oc.columns(['community_id', 'month']).doNothing())
    .executeTakeFirst();
}

/** Reports still open after their feedback deadline, per community. */
export async function openPastDeadline(db: Kysely<DB>, communityIds: readonly string[], now: string) {
  if (communityIds.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('report')
    .select(['community_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('community_id', 'in', [...communityIds])
    .where('state', 'in', [...OPEN_STATES])
    .where('feedback_due_at', '<', now)
    .groupBy('community_id')
    .execute();
  return new Map(rows.map((r) => [r.community_id, Number(r.n)]));
}

/** Open reports the caller may see whose acknowledgement or feedback falls due before `until`. */
export function reportsDueBy(db: Kysely<DB>, scope: Scope, until: string) {
  return db
    .selectFrom('report')
    .innerJoin('report_category', 'report_category.code', 'report.category')
    .leftJoin('report_escalation as open_step', (join) =>
      join.onRef('open_step.report_id', '=', 'report.id').on('open_step.done_at', 'is', null),
    )
    .select([
      'report.id',
      'report.responsible_tier',
      'report.feedback_due_at',
      'report.description',
      'report_category.name_zh as category_zh',
      'report_category.name_en as category_en',
      'open_step.due_at as ack_due_at',
    ])
    .where(reportInScope(scope))
    .where('report.state', 'in', [...OPEN_STATES])
    .where((eb) => eb.or([eb('report.feedback_due_at', '<', until), eb('open_step.due_at', '<', until)]))
    .execute();
}

/** Missed check-ins whose outcome is not yet recorded, in the caller's households. */
export function missedCheckinsOpen(db: Kysely<DB>, scope: Scope, communityId: string) {
  let query = db
    .selectFrom('checkin')
    .innerJoin('care_plan', 'care_plan.id', 'checkin.plan_id')
    .innerJoin('resident', 'resident.id', 'care_plan.resident_id')
    .select(['checkin.id', 'checkin.grace_until', 'checkin.ladder_step', 'resident.name as resident_name'])
    .where('checkin.community_id', '=', communityId)
    .where('checkin.state', 'in', ['missed', 'escalated'])
    .where('checkin.outcome', 'is', null);
  if (scope.householdIds !== null) {
    const households = [...scope.householdIds];
    if (households.length === 0) return Promise.resolve([]);
    query = query.where('checkin.household_id', 'in', households);
  }
  return query.execute();
}

export async function keysUsedSince(db: Kysely<DB>, communityId: string, since: string) {
  const row = await db
    .selectFrom('care_key_use')
    .innerJoin('care_key', 'care_key.id', 'care_key_use.key_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('care_key.community_id', '=', communityId)
    .where('care_key_use.used_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function welfareWaiting(db: Kysely<DB>, communityId: string, today: string) {
  const count = (row: { n: number | string | bigint } | undefined) => Number(row?.n ?? 0);
  const [applications, notices, objections] = await Promise.all([
    db
      .selectFrom('welfare_application')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', communityId)
      .where('status', 'in', ['filed', 'reviewed', 'on_notice'])
      .executeTakeFirst(),
    db
      .selectFrom('welfare_notice')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', communityId)
      .where('starts_on', '<=', today)
      .where('ends_on', '>=', today)
      .executeTakeFirst(),
    db
      .selectFrom('welfare_objection')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', communityId)
      .where('answered_at', 'is', null)
      .executeTakeFirst(),
  ]);
  return { applications: count(applications), notices: count(notices), objections: count(objections) };
}

/** Open welfare applications (awaiting a decision), oldest first, with the notice they stand on. */
export function applicationsWaiting(db: Kysely<DB>, communityId: string) {
  return db
    .selectFrom('welfare_application')
    .innerJoin('resident', 'resident.id', 'welfare_application.applicant_resident_id')
    .leftJoin('welfare_notice', 'welfare_notice.id', 'welfare_application.notice_id')
    .select([
      'welfare_application.id',
      'welfare_application.household_id',
      'welfare_application.status',
      'welfare_application.filed_at',
      'welfare_notice.ends_on as notice_ends_on',
      'resident.name as resident_name',
    ])
    .where('welfare_application.community_id', '=', communityId)
    .where('welfare_application.status', 'in', ['filed', 'reviewed', 'on_notice'])
    .orderBy('welfare_application.filed_at')
    .limit(200)
    .execute();
}

/** Public notices running today. */
export function noticesRunning(db: Kysely<DB>, communityId: string, today: string) {
  return db
    .selectFrom('welfare_notice')
    .select(['id', 'title', 'ends_on'])
    .where('community_id', '=', communityId)
    .where('starts_on', '<=', today)
    .where('ends_on', '>=', today)
    .orderBy('ends_on')
    .execute();
}

/** Objections not yet answered, with the notice each is about. */
export function objectionsOpen(db: Kysely<DB>, communityId: string) {
  return db
    .selectFrom('welfare_objection')
    .innerJoin('welfare_notice', 'welfare_notice.id', 'welfare_objection.notice_id')
    .select([
      'welfare_objection.id',
      'welfare_objection.notice_id',
      'welfare_objection.received_at',
      'welfare_notice.title as notice_title',
      'welfare_notice.ends_on as notice_ends_on',
    ])
    .where('welfare_objection.community_id', '=', communityId)
    .where('welfare_objection.answered_at', 'is', null)
    .orderBy('welfare_objection.received_at')
    .execute();
}

/** Roster rows still in force whose yearly review is due on or before `until`. */
export function reviewsDueBy(db: Kysely<DB>, communityId: string, until: string) {
  return db
    .selectFrom('welfare_roster')
    .innerJoin('household', 'household.id', 'welfare_roster.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .select([
      'welfare_roster.id',
      'welfare_roster.household_id',
      'welfare_roster.review_due_on',
      'building.number as building_number',
      'entrance.number as entrance_number',
      'household.room',
    ])
    .where('welfare_roster.community_id', '=', communityId)
    .where('welfare_roster.ended_on', 'is', null)
    .where('welfare_roster.review_due_on', '<=', until)
    .orderBy('welfare_roster.review_due_on')
    .limit(200)
    .execute();
}

/** Orders of purchase rounds closed before `today` not yet delivered, per round, in the caller's households. */
export function undeliveredByRound(db: Kysely<DB>, scope: Scope, communityId: string, today: string) {
  let query = db
    .selectFrom('purchase_order')
    .innerJoin('purchase_round', 'purchase_round.id', 'purchase_order.round_id')
    .select([
      'purchase_round.id',
      'purchase_round.title',
      'purchase_round.closes_on',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('purchase_order.community_id', '=', communityId)
    .where('purchase_order.delivered_at', 'is', null)
    .where('purchase_round.closes_on', '<', today);
  if (scope.householdIds !== null) {
    const households = [...scope.householdIds];
    if (households.length === 0) return Promise.resolve([]);
    query = query.where('purchase_order.household_id', 'in', households);
  }
  return query
    .groupBy(['purchase_round.id', 'purchase_round.title', 'purchase_round.closes_on'])
    .orderBy('purchase_round.closes_on')
    .execute();
}

/**
 * High blood-pressure readings not yet followed up: no later reading of the resident that was not
 * high, no later visit on the resident's care plan (the follow-up's own visit aside), and the
 * follow-up not turned into a report.
 */
export function followUpsOpen(db: Kysely<DB>, communityId: string) {
  return db
    .selectFrom('service_reading as r')
    .innerJoin('resident', 'resident.id', 'r.resident_id')
    .leftJoin('care_followup as f', 'f.id', 'r.care_followup_id')
    .select([
      'r.id',
      'r.resident_id',
      'r.household_id',
      'r.systolic',
      'r.diastolic',
      'r.taken_at',
      'f.plan_id',
      'resident.name as resident_name',
    ])
    .where('r.community_id', '=', communityId)
    .where('r.flagged', '=', 1)
    .where('f.report_id', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('service_reading as later')
            .select('later.id')
            .whereRef('later.resident_id', '=', 'r.resident_id')
            .whereRef('later.taken_at', '>', 'r.taken_at')
            .where('later.flagged', '=', 0),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('care_visit as v')
            .select('v.id')
            .whereRef('v.resident_id', '=', 'r.resident_id')
            .whereRef('v.visited_at', '>', 'r.taken_at')
            .where((w) => w.or([w('f.visit_id', 'is', null), w('v.id', '!=', w.ref('f.visit_id'))])),
        ),
      ),
    )
    .orderBy('r.taken_at')
    .limit(200)
    .execute();
}
