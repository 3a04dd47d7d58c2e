/** What the page and the service worker (sw.ts) agree on. */
export const API_CACHE = 'linli-working-set';
/** Set on an answer the service worker took from the phone's copy: when the server had sent it. */
export const CACHED_AT_HEADER = 'x-linli-cached-at';
/** The page asks a waiting new version to take over (the person tapped "update"). */
export const SKIP_WAITING = 'SKIP_WAITING';
/** The person signed out: nothing of theirs may stay on the phone. */
export const SIGNED_OUT = 'SIGNED_OUT';
