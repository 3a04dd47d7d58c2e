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
