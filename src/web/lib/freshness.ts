import { useSyncExternalStore } from 'react';

/**
 * When what the page shows was last brought up to date by the server. Null while answers come from the
 * server; a time once the service worker answers from the phone's copy (no signal), so the page can say
 * "离线 · 数据更新于 08:12" instead of passing old figures off as current.
 */
let servedFromPhone: Date | null = null;
const listeners = new Set<() => void>();

export function noteAnswer(cachedAt: string | null): void {
  const next = cachedAt ? new Date(cachedAt) : null;
  if (next?.getTime() === servedFromPhone?.getTime()) return;
  if (next && Number.isNaN(next.getTime())) return;
  servedFromPhone = next;
  for (const listener of listeners) listener();
}

export function useServedFromPhone(): Date | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => servedFromPhone,
  );
}
