import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type TLoginRequest, ZOk, ZSessionResponse } from '../../shared/contracts/auth';
import { api, isApiError, setCsrfToken } from './api';
import { API_CACHE, SIGNED_OUT } from './offlineProtocol';
import { forgetThisPhone } from './push';
import { queryKeys } from './queries';

/*
 * Whether this browser signed in and has not signed out since. The session cookie itself is out of the
 * page's reach (HttpOnly); without this mark every first visit to the sign-in page would ask the server
 * who is signed in and log its 401 as an error in the console.
 */
const SIGNED_IN_MARK = 'linli.signedIn';

function markSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) window.localStorage.setItem(SIGNED_IN_MARK, '1');
    else window.localStorage.removeItem(SIGNED_IN_MARK);
  } catch {
    // Storage refused (private browsing): the server is simply asked each time.
  }
}

/** Signing out removes what the phone kept for working with no signal (sw.ts). */
function forgetWorkingSet(): void {
  navigator.serviceWorker?.controller?.postMessage({ type: SIGNED_OUT });
  void globalThis.caches?.delete(API_CACHE);
}

function maybeSignedIn(): boolean {
  try {
    return window.localStorage.getItem(SIGNED_IN_MARK) === '1';
  } catch {
    return true;
  }
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

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TLoginRequest) =>
      api('/api/v1/auth/login', { method: 'POST', body, schema: ZSessionResponse }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      markSignedIn(true);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      queryClient.setQueryData(queryKeys.session, session);
    },
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
