/**
 * What the station has given, in fen (integers only): each service delivered at its market value at
 * the time, and each group purchase's savings. Values are dated: the value at a moment is the one with
 * the latest `validFrom` on or before that day.
 */
export type ServiceUnit = 'visit' | 'person_visit' | 'hour';

export interface DatedValue {
  validFrom: string;
  valueFen: number;
}

/** The value in force on `day` (YYYY-MM-DD), or null when none had been set yet. */
export function valueOn(values: readonly DatedValue[], day: string): number | null {
  let best: DatedValue | null = null;
  for (const v of values) {
    if (v.validFrom <= day && (best === null || v.validFrom >= best.validFrom)) best = v;
  }
  return best?.valueFen ?? null;
}

/**
 * One service delivered: a visit or a person-visit is one unit; an hourly service counts the session's
 * length, rounded to the fen so sums stay whole.
 */
export function deliveredFen(unit: ServiceUnit, valueFen: number, sessionMinutes: number): number {
  return unit === 'hour' ? Math.round((valueFen * sessionMinutes) / 60) : valueFen;
}

export interface PurchaseLine {
  marketFen: number;
  groupFen: number;
  quantity: number;
}

/** Σ (market − group) × quantity. */
export function savingsFen(lines: readonly PurchaseLine[]): number {
  return lines.reduce((sum, l) => sum + (l.marketFen - l.groupFen) * l.quantity, 0);
}

/** What the household pays: Σ group × quantity. */
export function dueFen(lines: readonly Omit<PurchaseLine, 'marketFen'>[]): number {
  return lines.reduce((sum, l) => sum + l.groupFen * l.quantity, 0);
}

/** Adds `fen` to `key` in a running tally. */
export function tally(into: Map<string, number>, key: string, fen: number): void {
  into.set(key, (into.get(key) ?? 0) + fen);
}
