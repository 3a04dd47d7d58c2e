import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { ZCoverage, ZPositionDetail } from '../../../shared/contracts/liaison';
import { api } from '../../lib/api';
import { queryKeys, queryString, useInvalidateRegister, ZAnyOk } from '../../lib/queries';

export function usePosition(id: string) {
  return useQuery({
    queryKey: queryKeys.position(id),
    queryFn: ({ signal }) =>
      api(`/api/v1/liaison/positions/${encodeURIComponent(id)}`, { schema: ZPositionDetail, signal }),
  });
}

export function useCoverage(communityId: string | undefined, limit: number) {
  return useQuery({
    queryKey: queryKeys.coverage(communityId, limit),
    queryFn: ({ signal }) =>
      api(`/api/v1/liaison/coverage${queryString({ communityId, limit })}`, { schema: ZCoverage, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useReassignPosition() {
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: ({ id, parentId, validFrom }: { id: string; parentId: string; validFrom: string }) =>
      api(`/api/v1/liaison/positions/${encodeURIComponent(id)}/reassign`, {
        method: 'POST',
        body: { parentId, validFrom },
        schema: ZAnyOk,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useEndPosition() {
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: ({ id, validTo }: { id: string; validTo: string }) =>
      api(`/api/v1/liaison/positions/${encodeURIComponent(id)}/end`, {
        method: 'POST',
        body: { validTo },
        schema: ZAnyOk,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}
