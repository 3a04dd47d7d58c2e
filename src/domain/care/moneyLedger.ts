import { monthBounds } from './schedule';

/**
 * The ledger of money handled on a resident's behalf, as pure arithmetic in fen (integers only).
 * Entries are never changed: a correction is a new entry carrying the difference, naming the original.
 */
export type MoneyEntryKind = 'received' | 'spent' | 'correction';

export interface LedgerEntry {
  id: string;
  number: number;
  kind: MoneyEntryKind;
  /** Signed fen: received +, spent −, a correction the difference it makes. */
  amountFen: number;
  occurredOn: string;
  correctsEntryId: string | null;
}

/** The order of the ledger and its running balance: by the day money moved, then as recorded. */
export function ledgerOrder<T extends Pick<LedgerEntry, 'occurredOn' | 'number'>>(
  entries: readonly T[],
): T[] {
  return [...entries].sort((a, b) =>
    a.occurredOn === b.occurredOn ? a.number - b.number : a.occurredOn < b.occurredOn ? -1 : 1,
  );
}

function assertFen(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole number of fen: ${n}`);
}

/** The balance after each entry, in ledger order. */
export function runningBalances(entries: readonly LedgerEntry[], openingFen = 0): Map<string, number> {
  const balances = new Map<string, number>();
  let balance = openingFen;
  for (const entry of ledgerOrder(entries)) {
    assertFen(entry.amountFen);
    balance += entry.amountFen;
    balances.set(entry.id, balance);
  }
  return balances;
}

export function balanceOf(entries: readonly Pick<LedgerEntry, 'amountFen'>[]): number {
  return entries.reduce((sum, e) => {
    assertFen(e.amountFen);
    return sum + e.amountFen;
  }, 0);
}

/** What each original entry amounts to after its corrections (signed fen). */
export function effectiveAmounts(entries: readonly LedgerEntry[]): Map<string, number> {
  const effective = new Map<string, number>();
  for (const e of entries) if (e.kind !== 'correction') effective.set(e.id, e.amountFen);
  for (const e of entries) {
    if (e.kind === 'correction' && e.correctsEntryId) {
      effective.set(e.correctsEntryId, (effective.get(e.correctsEntryId) ?? 0) + e.amountFen);
    }
  }
  return effective;
}

/**
 * The new entry that makes `original` amount to `correctAmountFen` (unsigned, 0 cancels it), given
 * what it amounts to now; null when nothing would change.
 */
export function correctionDelta(
  original: Pick<LedgerEntry, 'kind'>,
  currentEffectiveFen: number,
  correctAmountFen: number,
): number | null {
  assertFen(correctAmountFen);
  if (original.kind === 'correction') throw new Error('correct the original entry, not a correction');
  const target = original.kind === 'received' ? correctAmountFen : -correctAmountFen;
  const delta = target - currentEffectiveFen;
  return delta === 0 ? null : delta;
}

export interface MonthTotals {
  openingFen: number;
  receivedFen: number;
  spentFen: number;
  correctionsFen: number;
  closingFen: number;
}

/** A month's statement: what was there at the start, what came in and went out, and what is left. */
export function monthTotals(entries: readonly LedgerEntry[], month: string): MonthTotals {
  const { from, to } = monthBounds(month);
  const before = entries.filter((e) => e.occurredOn < from);
  const inMonth = entries.filter((e) => e.occurredOn >= from && e.occurredOn < to);
  const openingFen = balanceOf(before);
  const receivedFen = balanceOf(inMonth.filter((e) => e.kind === 'received'));
  const spentFen = -balanceOf(inMonth.filter((e) => e.kind === 'spent'));
  const correctionsFen = balanceOf(inMonth.filter((e) => e.kind === 'correction'));
  return {
    openingFen,
    receivedFen,
    spentFen,
    correctionsFen,
    closingFen: openingFen + receivedFen - spentFen + correctionsFen,
  };
}

/** 123456 → "1,234.56" (yuan); negative amounts keep their sign. */
export function formatYuan(fen: number): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
