import type { ReportAction, ReportState } from '../../shared/contracts/reports';

export const OPEN_STATES: readonly ReportState[] = ['new', 'acknowledged', 'in_progress'];
export const CLOSED_STATES: readonly ReportState[] = ['resolved', 'referred', 'outside_remit', 'merged'];

/**
 * What each action does from each state. Referred and outside-remit are endings of their own, never
 * "solved"; only a resolved or referred report can be reopened, and only within 7 days.
 */
const TRANSITIONS: Record<
  Exclude<ReportAction, 'note'>,
  { from: readonly ReportState[]; to: ReportState }
> = {
  acknowledge: { from: ['new'], to: 'acknowledged' },
  start: { from: ['new', 'acknowledged'], to: 'in_progress' },
  resolve: { from: ['new', 'acknowledged', 'in_progress'], to: 'resolved' },
  refer: { from: ['new', 'acknowledged', 'in_progress'], to: 'referred' },
  outside_remit: { from: ['new', 'acknowledged', 'in_progress'], to: 'outside_remit' },
  reopen: { from: ['resolved', 'referred', 'outside_remit'], to: 'in_progress' },
};

export const REOPEN_DAYS = 7;

/** The next state, or null when the action does not apply; a note never changes the state. */
export function nextState(state: ReportState, action: ReportAction): ReportState | null {
  if (action === 'note') return state;
  const rule = TRANSITIONS[action];
  return rule.from.includes(state) ? rule.to : null;
}

export function isOpen(state: ReportState): boolean {
  return OPEN_STATES.includes(state);
}
