/**
 * The building leader's round, as pure rules: the order she walks her doors in, and when papers
 * piling up at a door should make someone go and see.
 */

export type FloorOrder = 'bottom_up' | 'top_down';

export interface Door {
  buildingNumber: string;
  entranceNumber: string;
  floor: number;
  room: string;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/**
 * Building by building, entrance by entrance, then floor by floor from the bottom or from the top as
 * she prefers (climbing to the top first and walking down is easier on old knees), then door by door.
 */
export function walkingOrder<T extends Door>(doors: readonly T[], floors: FloorOrder): T[] {
  const direction = floors === 'top_down' ? -1 : 1;
  return [...doors].sort(
    (a, b) =>
      collator.compare(a.buildingNumber, b.buildingNumber) ||
      collator.compare(a.entranceNumber, b.entranceNumber) ||
      direction * (a.floor - b.floor) ||
      collator.compare(a.room, b.room),
  );
}

export interface Occupant {
  birthDate: string | null;
}

/** Age in whole years on `today` (`YYYY-MM-DD`). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * After how many days of papers not taken the round raises a signal: the household's own setting, else
 * 1 for a resident of 80 or more living alone, else 2.
 */
export function pileDays(occupants: readonly Occupant[], today: string, own: number | null): number {
  if (own !== null) return own;
  const [only] = occupants;
  const eldestAlone = occupants.length === 1 && only?.birthDate && ageOn(only.birthDate, today) >= 80;
  return eldestAlone ? 1 : 2;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface Pile {
  /** The oldest paper left at the door and not known to be taken. */
  oldestLeft: string;
  /** The leader found something left last time still there. */
  seenStillThere: boolean;
}

export type PileSignal = { reason: 'still_there' | 'not_taken'; days: number } | null;

/**
 * Papers piling up: what was left is still there at the next round, or has not been taken for
 * `pileDays` days. Papers waiting at the gate do not count: nobody has brought them yet.
 */
export function pilingUp(pile: Pile, today: string, days: number): PileSignal {
  const waited = daysBetween(pile.oldestLeft, today);
  if (pile.seenStillThere) return { reason: 'still_there', days: waited };
  if (waited >= days) return { reason: 'not_taken', days: waited };
  return null;
}

/** Monday (`YYYY-MM-DD`) of the ISO week holding `date`. */
export function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}
