import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { type TLoginRequest, ZOk, ZSessionResponse } from '../../shared/contracts/auth';
import { ZHomeSummary } from '../../shared/contracts/home';
import { ZImportReport } from '../../shared/contracts/import';
import {
  ZCoverage,
  ZHouseholdCoverHistory,
  ZLiaisonTree,
  ZPositionDetail,
} from '../../shared/contracts/liaison';
import {
  type Lens,
  type TMoveOut,
  type TResidentInput,
  type TResidentPatch,
  type TResidentSearchQuery,
  ZBuildingList,
  ZBuildingPicture,
  ZRegisterHistory,
  ZResidentSearchResult,
} from '../../shared/contracts/register';
import { ZHousehold, ZHouseholdList, ZResident } from '../../shared/contracts/registry';
import { ZUserList } from '../../shared/contracts/users';
import { api, apiUpload, isApiError, setCsrfToken } from './client';

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
function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The signed-in session, or null when the server answers 401 (not signed in). */
export function useSession() {
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: async ({ signal }) => {
      try {
        const session = await api('/api/v1/auth/me', { schema: ZSessionResponse, signal });
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (isApiError(error) && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    retry: false,
    staleTime: 60_000,
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TLoginRequest) =>
      api('/api/v1/auth/login', { method: 'POST', body, schema: ZSessionResponse }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api('/api/v1/auth/logout', { method: 'POST', body: {}, schema: ZOk }),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      queryClient.setQueryData(queryKeys.session, null);
    },
  });
}

export function useHomeSummary(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.home,
    queryFn: ({ signal }) => api('/api/v1/home', { schema: ZHomeSummary, signal }),
    enabled,
  });
}

export function useUsers(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.users,
    queryFn: ({ signal }) => api('/api/v1/users', { schema: ZUserList, signal }),
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
    queryFn: ({ signal }) =>
      api(
        `/api/v1/residents/search${queryString({
          q: query.q,
          careTag: query.careTag,
          ageBand: query.ageBand,
          buildingId: query.buildingId,
          limit: typeof query.limit === 'number' ? query.limit : undefined,
        })}`,
        { schema: ZResidentSearchResult, signal },
      ),
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

export function useBuildingPicture(id: string, lens: Lens) {
  return useQuery({
    queryKey: queryKeys.picture(id, lens),
    queryFn: ({ signal }) =>
      api(`/api/v1/buildings/${encodeURIComponent(id)}/picture?lens=${lens}`, {
        schema: ZBuildingPicture,
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useHouseholdHistory(id: string) {
  return useQuery({
    queryKey: queryKeys.householdHistory(id),
    queryFn: ({ signal }) =>
      api(`/api/v1/households/${encodeURIComponent(id)}/history`, { schema: ZRegisterHistory, signal }),
  });
}

export function useHouseholdCoverHistory(id: string) {
  return useQuery({
    queryKey: queryKeys.householdCover(id),
    queryFn: ({ signal }) =>
      api(`/api/v1/households/${encodeURIComponent(id)}/cover-history`, {
        schema: ZHouseholdCoverHistory,
        signal,
      }),
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

/** After any change to the register, every view of it may be stale. */
function useInvalidateRegister() {
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({
      predicate: (query) => query.queryKey[0] !== 'session' && query.queryKey[0] !== 'users',
      refetchType: 'active',
    });
}

const ZAnyOk = z.looseObject({});

export function useAddResident(householdId: string) {
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: (body: TResidentInput) =>
      api(`/api/v1/households/${encodeURIComponent(householdId)}/residents`, {
        method: 'POST',
        body,
        schema: ZResident,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useEditResident() {
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TResidentPatch }) =>
      api(`/api/v1/residents/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: ZResident }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useMoveOutResident() {
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TMoveOut }) =>
      api(`/api/v1/residents/${encodeURIComponent(id)}/move-out`, { method: 'POST', body, schema: ZAnyOk }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useMoveOutHousehold() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TMoveOut }) =>
      api(`/api/v1/households/${encodeURIComponent(id)}/move-out`, { method: 'POST', body, schema: ZAnyOk }),
    onSuccess: (_result, { id }) => {
      // The household is gone from the register: its page must not be fetched again.
      queryClient.removeQueries({ queryKey: queryKeys.household(id) });
      void invalidate();
    },
  });
}

export function useAssignHousehold() {
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: ({ id, positionId, validFrom }: { id: string; positionId: string; validFrom: string }) =>
      api(`/api/v1/households/${encodeURIComponent(id)}/assign`, {
        method: 'POST',
        body: { positionId, validFrom },
        schema: ZAnyOk,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useImportRegister() {
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) =>
      apiUpload(`/api/v1/register/import?dryRun=${dryRun}`, file, ZImportReport),
    onSuccess: (report) => {
      if (report.committed) void invalidate();
    },
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
