/**
 * The three rates of the work (响应率, 解决率, 满意率), per person, tier, building or month.
 *
 * - Response rate: reports answered (acknowledged, or closed outright) within the first tier's
 *   acknowledgement window, over the reports whose first window has ended or that were answered.
 *   A report still inside its first window and unanswered is pending and counts for neither side.
 * - Resolution rate: reports whose resident said "solved" in their latest feedback, over reports with feedback.
 * - Satisfaction rate: reports whose resident said "satisfied", over reports with feedback.
 *
 * A report counts towards the response rate of whoever held it first (the step-0 position and tier) and
 * towards the resolution and satisfaction rates of whoever holds it now: an escalated report is the first
 * holder's miss, not the later holder's. Rankings never show a group with fewer than MIN_REPORTS reports.
 */

export const MIN_REPORTS = 10;
export const GROUP_BYS = ['person', 'tier', 'building', 'month'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const RATE_SORTS = ['response', 'resolution', 'satisfaction'] as const;
export type RateSort = (typeof RATE_SORTS)[number];
/** The key of a report with no position, tier or building to be counted under. */
export const NONE = '-';
/** How many months a `month` grouping shows, ending with the month asked for. */
export const MONTHS_SHOWN = 12;

export type Response = 'in_window' | 'late' | 'pending';

export interface ReportFacts {
  id: string;
  /** `YYYY-MM` of its creation, China Standard Time. */
  month: string;
  buildingId: string | null;
  firstPositionId: string | null;
  firstTier: string;
  currentPositionId: string | null;
  currentTier: string;
  response: Response;
  /** The resident's latest answer to the two closing questions. */
  feedback: { solved: boolean; satisfied: boolean } | null;
}

export interface Figures {
  /** Reports the group held, first or now. */
  reports: number;
  /** Reports whose first window has ended or that were answered: the response rate's denominator. */
  responseBase: number;
  respondedInWindow: number;
  responseRate: number | null;
  withFeedback: number;
  solved: number;
  satisfied: number;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

export interface RateRow {
  rank: number;
  key: string;
  current: Figures;
  /** null when the group had fewer than MIN_REPORTS reports in the previous month. */
  previous: Figures | null;
}

export interface RateTable {
  rows: RateRow[];
  /** Groups left out of the ranking for having fewer than MIN_REPORTS reports. */
  withheld: number;
  total: { current: Figures | null; previous: Figures | null };
}

const CST_OFFSET_MS = 8 * 3_600_000;

/** `YYYY-MM` of an instant on the community's calendar (China Standard Time). */
export function monthOf(iso: string | Date): string {
  const ms = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The instants (UTC, ISO) a local month starts at and the next one starts at. */
export function monthBounds(month: string): { from: string; to: string } {
  const start = (mm: string) => new Date(Date.parse(`${mm}-01T00:00:00Z`) - CST_OFFSET_MS).toISOString();
  return { from: start(month), to: start(addMonths(month, 1)) };
}

/** The months a grouping needs, oldest first: the previous month is always among them. */
export function monthsNeeded(month: string, groupBy: GroupBy): string[] {
  const count = groupBy === 'month' ? MONTHS_SHOWN + 1 : 2;
  return Array.from({ length: count }, (_, i) => addMonths(month, i - count + 1));
}

/** How a report answered its first window, given when it was answered and when that window ended. */
export function responseOf(answeredAt: string | null, firstDueAt: string | null, now: string): Response {
  if (firstDueAt === null) return answeredAt === null ? 'late' : 'in_window';
  if (answeredAt !== null && answeredAt <= firstDueAt) return 'in_window';
  if (answeredAt === null && now < firstDueAt) return 'pending';
  return 'late';
}

export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function keysOf(f: ReportFacts, groupBy: GroupBy): { first: string; current: string } {
  switch (groupBy) {
    case 'person':
      return { first: f.firstPositionId ?? NONE, current: f.currentPositionId ?? NONE };
    case 'tier':
      return { first: f.firstTier, current: f.currentTier };
    case 'building':
      return { first: f.buildingId ?? NONE, current: f.buildingId ?? NONE };
    case 'month':
      return { first: f.month, current: f.month };
  }
}

interface Tally {
  reports: Set<string>;
  responseBase: number;
  respondedInWindow: number;
  withFeedback: number;
  solved: number;
  satisfied: number;
}

function figures(t: Tally): Figures {
  return {
    reports: t.reports.size,
    responseBase: t.responseBase,
    respondedInWindow: t.respondedInWindow,
    responseRate: rate(t.respondedInWindow, t.responseBase),
    withFeedback: t.withFeedback,
    solved: t.solved,
    satisfied: t.satisfied,
    resolutionRate: rate(t.solved, t.withFeedback),
    satisfactionRate: rate(t.satisfied, t.withFeedback),
  };
}

/** Counts the reports into their groups: response to the first holder, outcome to the current one. */
export function tally(facts: readonly ReportFacts[], groupBy: GroupBy): Map<string, Figures> {
  const groups = new Map<string, Tally>();
  const group = (key: string) => {
    let t = groups.get(key);
    if (!t) {
      t = {
        reports: new Set(),
        responseBase: 0,
        respondedInWindow: 0,
        withFeedback: 0,
        solved: 0,
        satisfied: 0,
      };
      groups.set(key, t);
    }
    return t;
  };
  for (const f of facts) {
    const keys = keysOf(f, groupBy);
    const first = group(keys.first);
    first.reports.add(f.id);
    if (f.response !== 'pending') first.responseBase += 1;
    if (f.response === 'in_window') first.respondedInWindow += 1;
    const current = group(keys.current);
    current.reports.add(f.id);
    if (f.feedback) {
      current.withFeedback += 1;
      if (f.feedback.solved) current.solved += 1;
      if (f.feedback.satisfied) current.satisfied += 1;
    }
  }
  return new Map([...groups].map(([key, t]) => [key, figures(t)]));
}

function sortValue(f: Figures, sort: RateSort): number | null {
  switch (sort) {
    case 'response':
      return f.responseRate;
    case 'resolution':
      return f.resolutionRate;
    case 'satisfaction':
      return f.satisfactionRate;
  }
}

const shown = (f: Figures | undefined, minReports: number) => (f && f.reports >= minReports ? f : null);

/**
 * The ranking for `month`: groups sorted by the chosen rate (highest first; no rate last, then more
 * reports first), each with the same figures for the month before. Groups under `minReports` are
 * withheld and counted. For a `month` grouping the rows are the MONTHS_SHOWN months ending with `month`.
 */
export function rateTable(
  facts: readonly ReportFacts[],
  options: {
    month: string;
    groupBy: GroupBy;
    sort: RateSort;
    minReports?: number;
    /** Groups the caller may see at all (a chain role: the people of their own subtree). */
    include?: (key: string) => boolean;
  },
): RateTable {
  const { month, groupBy, sort } = options;
  const minReports = options.minReports ?? MIN_REPORTS;
  const previousMonth = addMonths(month, -1);
  let current: Map<string, Figures>;
  let previousOf: (key: string) => Figures | undefined;
  if (groupBy === 'month') {
    const months = new Set(monthsNeeded(month, 'month').slice(1));
    const all = tally(facts, 'month');
    current = new Map([...all].filter(([key]) => months.has(key)));
    previousOf = (key) => all.get(addMonths(key, -1));
  } else {
    current = tally(
      facts.filter((f) => f.month === month),
      groupBy,
    );
    const previous = tally(
      facts.filter((f) => f.month === previousMonth),
      groupBy,
    );
    previousOf = (key) => previous.get(key);
  }
  const include = options.include ?? (() => true);
  const visible = [...current].filter(([key]) => include(key));
  const eligible = visible.filter(([, f]) => f.reports >= minReports);
  eligible.sort(([ka, a], [kb, b]) => {
    const va = sortValue(a, sort);
    const vb = sortValue(b, sort);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return vb - va;
    }
    return b.reports - a.reports || (ka < kb ? -1 : ka > kb ? 1 : 0);
  });
  const totals = tally(
    facts.map((f) => ({
      ...f,
      month: f.month === month ? 'current' : f.month === previousMonth ? 'previous' : '',
    })),
    'month',
  );
  return {
    rows: eligible.map(([key, f], i) => ({
      rank: i + 1,
      key,
      current: f,
      previous: shown(previousOf(key), minReports),
    })),
    withheld: visible.length - eligible.length,
    total: {
      current: shown(totals.get('current'), minReports),
      previous: shown(totals.get('previous'), minReports),
    },
  };
}
