import { useQuery } from '@tanstack/react-query';
import { ZToday } from '../../../shared/contracts/desk';
import { ZUserList } from '../../../shared/contracts/users';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/queries';

export function useUsers(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.users,
    queryFn: ({ signal }) => api('/api/v1/users', { schema: ZUserList, signal }),
    enabled,
  });
}

/** The desk's query key: the live feed invalidates everything under `['desk']` on each event. */
export const deskKeys = {
  all: ['desk'] as const,
  today: (communityId: string | undefined) => ['desk', 'today', communityId ?? ''] as const,
};

/** 今日一览; refetched each minute too, for what falls due with time alone (a deadline passing). */
export function useToday(communityId?: string) {
  return useQuery({
    queryKey: deskKeys.today(communityId),
    queryFn: ({ signal }) =>
      api(`/api/v1/dashboard/today${communityId ? `?communityId=${communityId}` : ''}`, {
        schema: ZToday,
        signal,
      }),
    refetchInterval: 60_000,
  });
}
