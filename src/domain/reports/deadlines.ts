/** China Standard Time has no daylight saving: a fixed offset is exact. */
const CST_OFFSET_MS = 8 * 3_600_000;

export function addHours(at: Date, hours: number): Date {
  return new Date(at.getTime() + hours * 3_600_000);
}

/** Saturday or Sunday on the community's calendar (China Standard Time). */
export function isWeekend(at: Date): boolean {
  const day = new Date(at.getTime() + CST_OFFSET_MS).getUTCDay();
  return day === 0 || day === 6;
}

/**
 * The end of an acknowledgement window: `minutes:10`, or `working_days:1` (the same time on the next
 * working day, Saturdays and Sundays skipped; public holidays are not known to Linli yet).
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
    if (!isWeekend(end)) left--;
  }
  return end;
}
