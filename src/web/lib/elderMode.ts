import { useSyncExternalStore } from 'react';

/*
 * 长辈模式 (MIIT 《移动互联网应用（APP）适老化通用设计规范》, 2021) and its text size. The account keeps
 * the choice on the server (PUT /api/v1/auth/me/preferences); this phone keeps a copy, read before the
 * first paint, so the page never flashes small before the session answer arrives.
 */

export type TextStep = 1 | 2 | 3;

export interface Look {
  elderMode: boolean;
  textStep: TextStep;
}

/** Main text in px at each step of 长辈模式; the ordinary look is 18 px. */
export const ELDER_TEXT_PX: Record<TextStep, number> = { 1: 22, 2: 26, 3: 30 };

const KEY = 'linli.look';
const ORDINARY: Look = { elderMode: false, textStep: 1 };

function read(): Look {
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return ORDINARY;
    const parsed = JSON.parse(raw) as Partial<Look>;
    const step = parsed.textStep === 2 || parsed.textStep === 3 ? parsed.textStep : 1;
    return { elderMode: parsed.elderMode === true, textStep: step };
  } catch {
    return ORDINARY;
  }
}

let current: Look = typeof window === 'undefined' ? ORDINARY : read();
const listeners = new Set<() => void>();

/** The root class and custom properties the CSS of 长辈模式 hangs on (styles.css, public.css). */
export function applyLook(look: Look = current): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  root.classList.toggle('linli-elder', look.elderMode);
  for (const step of [1, 2, 3] as const) {
    root.classList.toggle(`linli-text-${step}`, look.elderMode && look.textStep === step);
  }
  if (look.elderMode) root.style.setProperty('--linli-text', `${ELDER_TEXT_PX[look.textStep]}px`);
  else root.style.removeProperty('--linli-text');
}

export function getLook(): Look {
  return current;
}

export function setLook(look: Look): void {
  if (look.elderMode === current.elderMode && look.textStep === current.textStep) return;
  current = { elderMode: look.elderMode, textStep: look.textStep };
  try {
    window.localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // Storage refused (private browsing): the look lasts until the page closes, and the account keeps it.
  }
  applyLook(current);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLook(): Look {
  return useSyncExternalStore(subscribe, getLook, getLook);
}
