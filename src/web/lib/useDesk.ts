import { useSyncExternalStore } from 'react';

/** From this width a staff page is laid out for an office computer: side menu, tables, two columns. */
export const DESK_MIN_WIDTH = 1200;
const QUERY = `(min-width: ${DESK_MIN_WIDTH}px)`;

function subscribe(onChange: () => void): () => void {
  if (typeof window === 'undefined' || !window.matchMedia) return () => undefined;
  const list = window.matchMedia(QUERY);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

function snapshot(): boolean {
  return typeof window !== 'undefined' && !!window.matchMedia && window.matchMedia(QUERY).matches;
}

/**
 * True at a desk-sized window (≥ 1200 px wide). Every page asks the same question here, so the frame, the
 * tables and the two-column details switch together; below it the phone layout stays as it is.
 */
export function useDesk(): boolean {
  return useSyncExternalStore(subscribe, snapshot, () => false);
}
