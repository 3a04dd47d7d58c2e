import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ZHomeSummary } from '../../shared/contracts/home';
import { ZLiaisonTree } from '../../shared/contracts/liaison';
import {
  type Lens,
  type TResidentSearchQuery,
  ZBuildingList,
  ZResidentSearchResult,
} from '../../shared/contracts/register';
import { ZHousehold, ZHouseholdList } from '../../shared/contracts/registry';
import { api, isApiError } from './api';
import { searchPhoneCopy } from './workingSet';

export const queryKeys = {
  session: ['session'] as const,
  home: ['home'] as const,
  users: ['users'] as const,
  households: (limit: number, offset: number) => ['households', limit, offset] as const,
  household: (id: string) => ['household', id] as const,
  householdHistory: (id: string) => ['household', id, 'history'] as const,
  householdCover: (id: string) => ['household', id, 'cover'] as const,
  search: (query: TResidentSearchQuery) => ['search', query] as const,
  buildings: (communityId: string | undefined) => ['buildings', communityId ?? ''] as const,
  picture: (id: string, lens: Lens) => ['picture', id, lens] as const,
  tree: (communityId: string | undefined) => ['tree', communityId ?? ''] as const,
  position: (id: string) => ['position', id] as const,
  coverage: (communityId: string | undefined, limit: number) =>
    ['coverage', communityId ?? '', limit] as const,
};

/** Builds `?a=1&b=2` from the set values only. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function useHomeSummary(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.home,
    queryFn: ({ signal }) => api('/api/v1/home', { schema: ZHomeSummary, signal }),
    enabled,
  });
}

export function useHouseholds(limit: number, offset: number, enabled = true) {
  return useQuery({
    queryKey: queryKeys.households(limit, offset),
    queryFn: ({ signal }) =>
      api(`/api/v1/households?limit=${limit}&offset=${offset}`, { schema: ZHouseholdList, signal }),
    enabled,
  });
}

export function useHousehold(id: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.household(id),
    queryFn: ({ signal }) =>
      api(`/api/v1/households/${encodeURIComponent(id)}`, { schema: ZHousehold, signal }),
    enabled,
  });
}

export function useResidentSearch(query: TResidentSearchQuery, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.search(query),
    queryFn: async ({ signal }) => {
      try {
        return await api(
          `/api/v1/residents/search${queryString({
            q: query.q,
            careTag: query.careTag,
            ageBand: query.ageBand,
            buildingId: query.buildingId,
            limit: typeof query.limit === 'number' ? query.limit : undefined,
          })}`,
          { schema: ZResidentSearchResult, signal },
        );
      } catch (error) {
        // No signal: a name or an address is found among the households the phone keeps.
        const offline = isApiError(error) && error.status === 0;
        const kept = offline && query.q ? await searchPhoneCopy(query.q, Number(query.limit) || 10) : null;
        if (kept) return kept;
        throw error;
      }
    },
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useBuildings(communityId?: string) {
  return useQuery({
    queryKey: queryKeys.buildings(communityId),
    queryFn: ({ signal }) =>
      api(`/api/v1/buildings${queryString({ communityId })}`, { schema: ZBuildingList, signal }),
  });
}

export function useLiaisonTree(communityId?: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.tree(communityId),
    queryFn: ({ signal }) =>
      api(`/api/v1/liaison/tree${queryString({ communityId })}`, { schema: ZLiaisonTree, signal }),
    enabled,
  });
}

/** After any change to the register, every view of it may be stale. */
export function useInvalidateRegister() {
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({
      predicate: (query) => query.queryKey[0] !== 'session' && query.queryKey[0] !== 'users',
      refetchType: 'active',
    });
}

export const ZAnyOk = z.looseObject({});
