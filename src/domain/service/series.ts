import { addDays } from '../care/schedule';

/**
 * The days a recurring service falls on (issue 20): weekly on a weekday (1 Monday … 7 Sunday) or
 * monthly on a day of the month (1–28, so every month has it). Pure: the caller says which window.
 */
export type SeriesRule = { rule: 'weekly'; weekday: number } | { rule: 'monthly'; monthDay: number };

/** ISO weekday of a `YYYY-MM-DD`: 1 Monday … 7 Sunday. */
export function weekdayOf(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Every day of the rule from `from` to `to`, both included, in order. */
export function seriesDays(rule: SeriesRule, from: string, to: string): string[] {
  const days: string[] = [];
  if (rule.rule === 'weekly') {
    let day = addDays(from, (rule.weekday - weekdayOf(from) + 7) % 7);
    for (; day <= to; day = addDays(day, 7)) days.push(day);
    return days;
  }
  const dd = String(rule.monthDay).padStart(2, '0');
  let month = from.slice(0, 7);
  for (;;) {
    const day = `${month}-${dd}`;
    if (day > to) return days;
    if (day >= from) days.push(day);
    const [y, m] = month.split('-').map(Number) as [number, number];
    month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  }
}
