import {
  type CheckinState,
  DEFAULT_VISIT_EVERY_DAYS,
  LADDER_DELAY_MINUTES,
  type LadderStep,
  type RiskLevel,
  type VisitStatus,
} from '../../shared/contracts/care';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** China Standard Time has no daylight saving: local time is UTC+8 all year. */
const CST_OFFSET = 8 * 60 * MINUTE;

/** `YYYY-MM-DD` of an instant in China Standard Time. */
export function cstDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The instant a check-in at local `HH:MM` on a local date is due. */
export function checkinDueOn(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

export function graceEnd(due: Date, graceMinutes: number): Date {
  return new Date(due.getTime() + graceMinutes * MINUTE);
}

/**
 * The first check-in not yet past its grace period at `now`: today's when its grace has not ended,
 * otherwise tomorrow's. A plan starting after today's time therefore expects its first check-in tomorrow.
 */
export function firstCheckinFrom(now: Date, time: string, graceMinutes: number): { date: string; due: Date } {
  const today = cstDate(now);
  const due = checkinDueOn(today, time);
  if (graceEnd(due, graceMinutes).getTime() > now.getTime()) return { date: today, due };
  const tomorrow = addDays(today, 1);
  return { date: tomorrow, due: checkinDueOn(tomorrow, time) };
}

/** When each step of the ladder falls due, counted from the end of the grace period. */
export function ladderDueAt(missAt: Date, step: LadderStep): Date {
  let minutes = 0;
  for (let s = 1; s <= step; s++) minutes += LADDER_DELAY_MINUTES[s as LadderStep];
  return new Date(missAt.getTime() + minutes * MINUTE);
}

export function nextLadderStep(step: LadderStep): LadderStep | null {
  return step < 3 ? ((step + 1) as LadderStep) : null;
}

/**
 * A missed check-in whose next day's check-in has also passed its grace period is stale: recorded as
 * missed, but the ladder is not started for it (the newer one speaks for today).
 */
export function isStale(nextMissAt: Date, now: Date): boolean {
  return nextMissAt.getTime() <= now.getTime();
}

/** Where a check-in stands, from its stored row (if any) and the time. */
export function checkinState(
  row: { state: string; ladder_step: number } | null,
  graceUntil: Date,
  now: Date,
): CheckinState {
  if (!row) return now.getTime() < graceUntil.getTime() ? 'due' : 'missed';
  if (row.state === 'done' || row.state === 'resolved') return row.state;
  return row.ladder_step >= 2 || row.state === 'escalated' ? 'escalated' : 'missed';
}

/** Policy default: at least monthly; weekly for high risk. A plan may ask for more, never less. */
export function visitEveryDays(risk: RiskLevel, asked?: number): number {
  const limit = DEFAULT_VISIT_EVERY_DAYS[risk];
  return asked === undefined ? limit : Math.min(asked, limit);
}

/** The next regular visit: interval after the last visit, or after the plan began when none yet. */
export function nextVisitDue(lastVisitAt: string | null, planCreatedAt: string, everyDays: number): Date {
  return new Date(Date.parse(lastVisitAt ?? planCreatedAt) + everyDays * DAY);
}

/** How many days before a visit is due it shows as "due soon": 3 for monthly plans, 1 for weekly. */
export function dueSoonDays(everyDays: number): number {
  return Math.min(3, Math.ceil(everyDays / 7));
}

export function visitStatus(
  nextRegularDue: Date,
  eventDues: readonly Date[],
  everyDays: number,
  now: Date,
): { status: VisitStatus; nextDue: Date } {
  const nextDue = [nextRegularDue, ...eventDues].reduce((a, b) => (b.getTime() < a.getTime() ? b : a));
  if (nextDue.getTime() < now.getTime()) return { status: 'overdue', nextDue };
  if (eventDues.length > 0 || nextDue.getTime() - now.getTime() <= dueSoonDays(everyDays) * DAY) {
    return { status: 'due_soon', nextDue };
  }
  return { status: 'on_track', nextDue };
}

/** `YYYY-MM` → its first day, the first day after it, and its length in days. */
export function monthBounds(month: string): { from: string; to: string; days: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = `${month}-01`;
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from, to: next, days: Math.round((Date.parse(next) - Date.parse(from)) / DAY) };
}

/**
 * Visits a plan asks for in a month: as many full intervals as fit in the days it ran that month (its
 * first and last days count), and at least one when it ran the whole month. A weekly plan begun on the
 * 29th asks nothing of that month: its first visit falls due in the next.
 */
export function requiredVisitsInMonth(
  everyDays: number,
  month: string,
  ran: { fromDate: string; endedDate: string | null },
): number {
  const bounds = monthBounds(month);
  const first = Math.max(Date.parse(ran.fromDate), Date.parse(bounds.from));
  const dayAfterEnd = ran.endedDate === null ? bounds.to : addDays(ran.endedDate, 1);
  const end = Math.min(Date.parse(dayAfterEnd), Date.parse(bounds.to));
  const days = Math.max(0, Math.round((end - first) / DAY));
  const fits = Math.floor(days / everyDays);
  return days === bounds.days ? Math.max(1, fits) : fits;
}

const CHECKIN_SEVERITY: readonly CheckinState[] = ['escalated', 'missed', 'due', 'resolved', 'done'];
const VISIT_SEVERITY: readonly VisitStatus[] = ['overdue', 'due_soon', 'on_track'];

/** A household with several plans takes the colour of the one needing attention most. */
export function worstCheckin(states: readonly CheckinState[]): CheckinState | null {
  return CHECKIN_SEVERITY.find((s) => states.includes(s)) ?? null;
}

export function worstVisit(statuses: readonly VisitStatus[]): VisitStatus | null {
  return VISIT_SEVERITY.find((s) => statuses.includes(s)) ?? null;
}
