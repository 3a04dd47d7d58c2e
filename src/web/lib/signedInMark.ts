/*
 * Whether this browser signed in and has not signed out since. The session cookie itself is out of the
 * page's reach (HttpOnly); without this mark every first visit to the sign-in page would ask the server
 * who is signed in and log its 401 as an error in the console. Its own module: the sign-in page is part
 * of the light residents' bundle and must not bring the staff app's data layer with it.
 */
const SIGNED_IN_MARK = 'linli.signedIn';

export function markSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) window.localStorage.setItem(SIGNED_IN_MARK, '1');
    else window.localStorage.removeItem(SIGNED_IN_MARK);
  } catch {
    // Storage refused (private browsing): the server is simply asked each time.
  }
}

export function maybeSignedIn(): boolean {
  try {
    return window.localStorage.getItem(SIGNED_IN_MARK) === '1';
  } catch {
    return true;
  }
}

/** Where to go after signing in: `?from=`, if it is a page of ours, else home. */
export function returnPath(search: string): string {
  const from = new URLSearchParams(search).get('from');
  return from?.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : '/';
}

/** The sign-in page's address for someone who was on `path` (a full page load: it is the light bundle). */
export function signInAddress(path: string): string {
  return path === '/' ? '/login' : `/login?from=${encodeURIComponent(path)}`;
}
