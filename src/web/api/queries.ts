import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type TLoginRequest, ZOk, ZSessionResponse } from '../../shared/contracts/auth';
import { ZHomeSummary } from '../../shared/contracts/home';
import { ZHousehold, ZHouseholdList } from '../../shared/contracts/registry';
import { ZUserList } from '../../shared/contracts/users';
import { api, isApiError, setCsrfToken } from './client';

export const queryKeys = {
  session: ['session'] as const,
  home: ['home'] as const,
  users: ['users'] as const,
  households: (limit: number, offset: number) => ['households', limit, offset] as const,
  household: (id: string) => ['household', id] as const,
};

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

export function useHouseholds(limit: number, offset: number) {
  return useQuery({
    queryKey: queryKeys.households(limit, offset),
    queryFn: ({ signal }) =>
      api(`/api/v1/households?limit=${limit}&offset=${offset}`, { schema: ZHouseholdList, signal }),
  });
}

export function useHousehold(id: string) {
  return useQuery({
    queryKey: queryKeys.household(id),
    queryFn: ({ signal }) =>
      api(`/api/v1/households/${encodeURIComponent(id)}`, { schema: ZHousehold, signal }),
  });
}
