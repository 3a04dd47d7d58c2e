/**
 * The volunteers' hours ledger as arithmetic: entries are never changed; a correction is a new entry
 * with the difference, so a total is a plain sum and every original stays visible.
 */
export interface HoursEntry {
  id: string;
  workedOn: string;
  minutes: number;
  correctsId: string | null;
}

/** Whole minutes between check-in and check-out, never negative. */
export function minutesBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
}

/** An entry's effective minutes: its own plus every correction naming it. */
export function effectiveMinutes(entries: readonly HoursEntry[], id: string): number {
  return entries.filter((e) => e.id === id || e.correctsId === id).reduce((sum, e) => sum + e.minutes, 0);
}

/** The difference a correction to `wanted` minutes must carry. */
export function correctionMinutes(entries: readonly HoursEntry[], id: string, wanted: number): number {
  return wanted - effectiveMinutes(entries, id);
}

/**
 * Totals by month (YYYY-MM) and in all. A correction counts in the month of the entry it corrects,
 * so correcting March's session changes March, not the month the mistake was found.
 */
export function totalsByMonth(entries: readonly HoursEntry[]): {
  months: Map<string, number>;
  total: number;
} {
  const dayOf = new Map(entries.map((e) => [e.id, e.workedOn]));
  const months = new Map<string, number>();
  let total = 0;
  for (const e of entries) {
    const month = (e.correctsId ? (dayOf.get(e.correctsId) ?? e.workedOn) : e.workedOn).slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + e.minutes);
    total += e.minutes;
  }
  return { months, total };
}
