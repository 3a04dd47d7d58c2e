import type { FLOOR_ORDERS } from '../../../shared/contracts/round';

export type FloorOrder = (typeof FLOOR_ORDERS)[number];

/** Everything the round shows; one prefix so a door sent from the outbox refreshes every round view. */
export const roundKeys = {
  all: ['round'] as const,
  today: (floors: FloorOrder) => ['round', 'today', floors] as const,
  waiting: (days: number) => ['round', 'waiting', days] as const,
  signals: ['round', 'signals'] as const,
  tasks: ['round', 'tasks'] as const,
  subscriptions: (householdId?: string) => ['round', 'subscriptions', householdId ?? ''] as const,
  desk: ['round', 'desk'] as const,
};
