/**
 * When a recurring errand falls due (pay the nursing-home fee on the 5th, collect medicine every two
 * weeks): pure date arithmetic on `YYYY-MM-DD` community dates, no clock of its own.
 */
export type ErrandScheduleKind = 'monthly' | 'every_days' | 'every_weeks';
export interface ErrandSchedule {
  kind: ErrandScheduleKind;
  /** monthly: day of month (1–31, the month's last day when shorter); otherwise the interval. */
  n: number;
}

const DAY_MS = 86_400_000;

function toUtc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthlyIn(year: number, month: number, day: number): string {
  const d = Math.min(day, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The first day on or after `date` (and on or after `startsOn`) that the errand falls due. */
export function firstOccurrenceOnOrAfter(schedule: ErrandSchedule, startsOn: string, date: string): string {
  const from = date < startsOn ? startsOn : date;
  if (schedule.kind === 'monthly') {
    const year = Number(from.slice(0, 4));
    const month = Number(from.slice(5, 7));
    const here = monthlyIn(year, month, schedule.n);
    if (here >= from) return here;
    return month === 12 ? monthlyIn(year + 1, 1, schedule.n) : monthlyIn(year, month + 1, schedule.n);
  }
  const step = schedule.kind === 'every_weeks' ? schedule.n * 7 : schedule.n;
  const offset = Math.round((toUtc(from) - toUtc(startsOn)) / DAY_MS);
  const k = Math.max(0, Math.ceil(offset / step));
  return addDays(startsOn, k * step);
}

export function isOccurrence(schedule: ErrandSchedule, startsOn: string, date: string): boolean {
  return firstOccurrenceOnOrAfter(schedule, startsOn, date) === date;
}

export type ErrandStanding =
  | { status: 'ended'; nextDueOn: null; overdueCount: 0 }
  | { status: 'overdue' | 'due_today' | 'upcoming'; nextDueOn: string; overdueCount: number };

/** Overdue occurrences counted at most this far: past it, "many" is enough to know. */
const OVERDUE_COUNT_CAP = 366;

/**
 * Where an errand stands today. The next one due is the first occurrence after the latest one done
 * (or from the start); every occurrence from it up to yesterday is overdue.
 */
export function errandStanding(
  schedule: ErrandSchedule,
  startsOn: string,
  lastDoneDueOn: string | null,
  today: string,
  ended: boolean,
): ErrandStanding {
  if (ended) return { status: 'ended', nextDueOn: null, overdueCount: 0 };
  const nextDueOn = firstOccurrenceOnOrAfter(
    schedule,
    startsOn,
    lastDoneDueOn ? addDays(lastDoneDueOn, 1) : startsOn,
  );
  if (nextDueOn > today) return { status: 'upcoming', nextDueOn, overdueCount: 0 };
  if (nextDueOn === today) return { status: 'due_today', nextDueOn, overdueCount: 0 };
  let overdueCount = 0;
  let at = nextDueOn;
  while (at < today && overdueCount < OVERDUE_COUNT_CAP) {
    overdueCount++;
    at = firstOccurrenceOnOrAfter(schedule, startsOn, addDays(at, 1));
  }
  return { status: 'overdue', nextDueOn, overdueCount };
}
