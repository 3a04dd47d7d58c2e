import type { QueryClient } from '@tanstack/react-query';

/**
 * Runs `work` once the first screen is drawn: the page loaded, no answer of the server still awaited
 * (the home's lists have arrived) and the phone idle. What a phone fetches for later (the working set,
 * the pages of a round, the service worker's copy of the app) then no longer competes with what the
 * person is waiting to see, on a weak signal and a slow processor. Returns a function that cancels it.
 */
export function afterFirstScreen(queryClient: QueryClient, work: () => void): () => void {
  let cancelled = false;
  let idle: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: () => void = () => undefined;

  const whenIdle = () => {
    if (cancelled) return;
    const run = () => {
      if (!cancelled) work();
    };
    if (typeof window.requestIdleCallback === 'function')
      idle = window.requestIdleCallback(run, { timeout: 5000 });
    else timer = setTimeout(run, 1500);
  };
  const whenQuiet = () => {
    if (cancelled) return;
    if (queryClient.isFetching() === 0) {
      whenIdle();
      return;
    }
    unsubscribe = queryClient.getQueryCache().subscribe(() => {
      if (queryClient.isFetching() > 0) return;
      unsubscribe();
      // The answers are in; give React the moment it takes to draw them.
      timer = setTimeout(whenIdle, 0);
    });
  };

  if (document.readyState === 'complete') whenQuiet();
  else window.addEventListener('load', whenQuiet, { once: true });

  return () => {
    cancelled = true;
    unsubscribe();
    window.removeEventListener('load', whenQuiet);
    if (idle !== undefined) window.cancelIdleCallback(idle);
    if (timer !== undefined) clearTimeout(timer);
  };
}
