import { isWorkingDay } from '../calendar';
import { addDays, cstDate } from '../care/schedule';
import { windowEnd } from '../reports/deadlines';

/**
 * The calendar of the welfare flow: a public notice (公示) runs 7 working days, emergency-aid papers
 * are due 5 days after payment, and a recipient is reviewed once a year. Dates are `YYYY-MM-DD` on the
 * community's calendar; weekends and public holidays are skipped (`calendar.ts`).
 */

export const NOTICE_WORKING_DAYS = 7;
export const GRANT_PAPERS_DAYS = 5;

/** Noon, so that the instant falls on the same calendar day in China Standard Time whatever the host's zone. */
const noonOf = (date: string) => new Date(`${date}T12:00:00+08:00`);

/**
 * The last day of a notice that starts on `startsOn`: the start counts as the first working day when
 * it is one, so a notice put up on a Monday ends on the Tuesday of the following week.
 */
export function noticeEndsOn(startsOn: string, workingDays = NOTICE_WORKING_DAYS): string {
  const more = isWorkingDay(startsOn) ? workingDays - 1 : workingDays;
  if (more === 0) return startsOn;
  return cstDate(windowEnd(noonOf(startsOn), `working_days:${more}`));
}

/** Working days from `today` to `endsOn`, both included; 0 once the notice has ended. */
export function workingDaysLeft(endsOn: string, today: string): number {
  let left = 0;
  for (let day = today; day <= endsOn; day = addDays(day, 1)) if (isWorkingDay(day)) left++;
  return left;
}

/** A notice may lead to approval only once it is over: the day after its last day. */
export function noticeEnded(endsOn: string, today: string): boolean {
  return today > endsOn;
}

/**
 * A name as a notice shows it: the family name and the last character, the characters between hidden
 * (张惠明 → 张*明); a two-character name keeps only the family name (张明 → 张*).
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** The same calendar day a year on; 29 February falls to 1 March in a common year. */
export function oneYearAfter(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year + 1, month - 1, day)).toISOString().slice(0, 10);
}

export function grantPapersDueOn(paidOn: string): string {
  return addDays(paidOn, GRANT_PAPERS_DAYS);
}
