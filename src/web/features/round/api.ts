import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { ZToday } from '../../../shared/contracts/desk';
import { ZHouseholdList } from '../../../shared/contracts/registry';
import {
  type TRoundItemsInput,
  type TSubscriptionInput,
  ZRoundItemList,
  ZRoundTaskList,
  ZRoundToday,
  ZSignalList,
  ZSubscription,
  ZSubscriptionList,
  ZWaitingList,
} from '../../../shared/contracts/round';
import { api } from '../../lib/api';
import { type FloorOrder, roundKeys } from './keys';

const FLOORS_KEY = 'linli.round.floors';

/** Whether she climbs from the bottom or starts at the top: kept on the phone, her own habit. */
export function savedFloorOrder(): FloorOrder {
  try {
    return window.localStorage.getItem(FLOORS_KEY) === 'top_down' ? 'top_down' : 'bottom_up';
  } catch {
    return 'bottom_up';
  }
}

export function saveFloorOrder(order: FloorOrder): void {
  try {
    window.localStorage.setItem(FLOORS_KEY, order);
  } catch {
    // Storage refused: the choice holds for this visit.
  }
}

export function useRoundToday(floors: FloorOrder) {
  return useQuery({
    queryKey: roundKeys.today(floors),
    queryFn: ({ signal }) => api(`/api/v1/round/today?floors=${floors}`, { schema: ZRoundToday, signal }),
  });
}

export function useWaiting(days: number) {
  return useQuery({
    queryKey: roundKeys.waiting(days),
    queryFn: ({ signal }) => api(`/api/v1/round/waiting?days=${days}`, { schema: ZWaitingList, signal }),
  });
}

export function useSignals() {
  return useQuery({
    queryKey: roundKeys.signals,
    queryFn: ({ signal }) => api('/api/v1/round/signals?state=open', { schema: ZSignalList, signal }),
  });
}

export function useRoundTasks() {
  return useQuery({
    queryKey: roundKeys.tasks,
    queryFn: ({ signal }) => api('/api/v1/round/tasks', { schema: ZRoundTaskList, signal }),
  });
}

export function useSubscriptions(householdId: string | undefined) {
  return useQuery({
    queryKey: roundKeys.subscriptions(householdId),
    queryFn: ({ signal }) =>
      api(
        `/api/v1/round/subscriptions${householdId ? `?householdId=${encodeURIComponent(householdId)}` : ''}`,
        { schema: ZSubscriptionList, signal },
      ),
  });
}

function useInvalidateRound() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: roundKeys.all, refetchType: 'active' });
}

export function useLogItems() {
  const invalidate = useInvalidateRound();
  return useMutation({
    mutationFn: (body: TRoundItemsInput) =>
      api('/api/v1/round/items', { method: 'POST', body, schema: ZRoundItemList }),
    onSuccess: invalidate,
  });
}

export function useCreateSubscription() {
  const invalidate = useInvalidateRound();
  return useMutation({
    mutationFn: (body: TSubscriptionInput) =>
      api('/api/v1/round/subscriptions', { method: 'POST', body, schema: ZSubscription }),
    onSuccess: invalidate,
  });
}

export function useEndSubscription() {
  const invalidate = useInvalidateRound();
  return useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/round/subscriptions/${encodeURIComponent(id)}/end`, {
        method: 'POST',
        body: {},
        schema: ZSubscription,
      }),
    onSuccess: invalidate,
  });
}

export type TDeskToday = z.infer<typeof ZToday>;

/** The committee's 今日一览, of which the round shows its own part. */
export function useDeskRound(enabled: boolean) {
  return useQuery({
    queryKey: roundKeys.desk,
    queryFn: ({ signal }) => api('/api/v1/dashboard/today', { schema: ZToday, signal }),
    enabled,
  });
}

/** One building's households in the caller's scope, in address order: the list to scan down. */
export function useBuildingHouseholds(buildingId: string | undefined) {
  return useQuery({
    queryKey: ['round', 'building', buildingId ?? ''] as const,
    queryFn: ({ signal }) =>
      api(`/api/v1/households?buildingId=${encodeURIComponent(buildingId ?? '')}&limit=500`, {
        schema: ZHouseholdList,
        signal,
      }),
    enabled: buildingId !== undefined,
  });
}
