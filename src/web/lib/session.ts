import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZOk, ZSessionResponse } from '../../shared/contracts/auth';
import { api, isApiError, setCsrfToken } from './api';
import { API_CACHE, SIGNED_OUT } from './offlineProtocol';
import { forgetThisPhone } from './push';
import { queryKeys } from './queries';
import { markSignedIn, maybeSignedIn } from './signedInMark';

/** Signing out removes what the phone kept for working with no signal (sw.ts). */
function forgetWorkingSet(): void {
  navigator.serviceWorker?.controller?.postMessage({ type: SIGNED_OUT });
  void globalThis.caches?.delete(API_CACHE);
}

/** The signed-in session, or null when nobody signed in here or the server answers 401. */
export function useSession() {
  const ask = maybeSignedIn();
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
          markSignedIn(false);
          return null;
        }
        throw error;
      }
    },
    enabled: ask,
    ...(ask ? {} : { initialData: null }),
    retry: false,
    staleTime: 60_000,
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      // The next person to sign in on this phone must not receive this person's reminders.
      await forgetThisPhone();
      return api('/api/v1/auth/logout', { method: 'POST', body: {}, schema: ZOk });
    },
    onSettled: () => {
      setCsrfToken(null);
      markSignedIn(false);
      forgetWorkingSet();
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      queryClient.setQueryData(queryKeys.session, null);
    },
  });
}
