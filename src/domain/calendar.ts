// A CommonJS bundle whose names node cannot see from an ES import: take the whole module.
import chineseDays from 'chinese-days';

/**
 * Working days on the mainland calendar: weekends and public holidays off, and the Saturdays or Sundays
 * the State Council moves to work (调休) on. chinese-days carries the published yearly schedules; for a
 * year not yet published it knows only weekends, which is all anyone can know then.
 */

/** A `YYYY-MM-DD` day on the community's calendar. */
export function isWorkingDay(date: string): boolean {
  return chineseDays.isWorkday(date);
}
