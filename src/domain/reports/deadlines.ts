import { isWorkingDay } from '../calendar';
import { cstDate } from '../care/schedule';

export function addHours(at: Date, hours: number): Date {
  return new Date(at.getTime() + hours * 3_600_000);
}

/**
 * The end of an acknowledgement window: `minutes:10`, or `working_days:1` (the same time on the next
 * working day, weekends and public holidays skipped, moved working days counted: `calendar.ts`).
 */
export function windowEnd(from: Date, window: string): Date {
  const [kind, amountText] = window.split(':');
  const amount = Number(amountText);
  if (!Number.isFinite(amount) || amount <= 0) throw new Error(`bad acknowledgement window ${window}`);
  if (kind === 'minutes') return new Date(from.getTime() + amount * 60_000);
  if (kind !== 'working_days') throw new Error(`bad acknowledgement window ${window}`);
  let end = new Date(from.getTime());
  let left = amount;
  while (left > 0) {
    end = addHours(end, 24);
    if (isWorkingDay(cstDate(end))) left--;
  }
  return end;
}
