import { useSyncExternalStore } from 'react';
import { type TReportInput, type TReportSummary, ZReportSummary } from '../../shared/contracts/reports';
import { api, isApiError } from '../api/client';

/**
 * Reports recorded on this phone wait here until the server has them. Each keeps the Idempotency-Key it
 * was given when it was recorded, so however often it is retried it lands once.
 */
export const OUTBOX_KEY = 'linli.outbox';
/** Reports the server refused (4xx): kept so the words typed are not lost, until the user dismisses them. */
export const REFUSED_KEY = 'linli.outbox.refused';

export interface OutboxLabel {
  category: string;
  place: string;
  onBehalfOf: string | null;
}

export interface PendingReport {
  key: string;
  body: TReportInput;
  label: OutboxLabel;
  savedAt: string;
  attempts: number;
  lastTriedAt: string | null;
}

export interface RefusedReport extends PendingReport {
  message: string;
  refusedAt: string;
}

export interface SentReport {
  key: string;
  report: TReportSummary;
  label: OutboxLabel;
  sentAt: string;
}

export interface OutboxSnapshot {
  waiting: readonly PendingReport[];
  refused: readonly RefusedReport[];
  sent: readonly SentReport[];
  sending: boolean;
}

export type SendOutcome =
  | { status: 'sent'; report: TReportSummary }
  | { status: 'waiting' }
  | { status: 'refused'; message: string };

const MAX_SENT_SHOWN = 10;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 60_000;

function readList<T>(storageKey: string): T[] {
  try {
    const text = window.localStorage.getItem(storageKey);
    if (!text) return [];
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

function writeList<T>(storageKey: string, items: readonly T[]): void {
  try {
    if (items.length === 0) window.localStorage.removeItem(storageKey);
    else window.localStorage.setItem(storageKey, JSON.stringify(items));
  } catch {
    // Storage full or refused: the in-memory snapshot still shows the state for this visit.
  }
}

let sent: SentReport[] = [];
let sending = false;
let snapshot: OutboxSnapshot = { waiting: [], refused: [], sent: [], sending: false };
const listeners = new Set<() => void>();
const sentListeners = new Set<(item: SentReport) => void>();

function refresh(): void {
  snapshot = {
    waiting: readList<PendingReport>(OUTBOX_KEY),
    refused: readList<RefusedReport>(REFUSED_KEY),
    sent,
    sending,
  };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) refresh();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function getSnapshot(): OutboxSnapshot {
  return snapshot;
}

/** What waits, what was refused and what was just sent; re-renders on every change. */
export function useOutbox(): OutboxSnapshot {
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/** Called once for each report that reached the server from the outbox. */
export function onReportSent(listener: (item: SentReport) => void): () => void {
  sentListeners.add(listener);
  return () => sentListeners.delete(listener);
}

function newKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Older browsers: still unique enough for one phone's outbox, and within the 8–200 characters asked.
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/** Keeps the report on the phone with a fresh Idempotency-Key; returns the key. */
export function enqueueReport(body: TReportInput, label: OutboxLabel): string {
  const key = newKey();
  const item: PendingReport = {
    key,
    body,
    label,
    savedAt: new Date().toISOString(),
    attempts: 0,
    lastTriedAt: null,
  };
  writeList(OUTBOX_KEY, [...readList<PendingReport>(OUTBOX_KEY), item]);
  refresh();
  return key;
}

export function dismissRefused(key: string): void {
  writeList(
    REFUSED_KEY,
    readList<RefusedReport>(REFUSED_KEY).filter((item) => item.key !== key),
  );
  refresh();
}

export function dismissSent(key: string): void {
  sent = sent.filter((item) => item.key !== key);
  refresh();
}

function removeWaiting(key: string): PendingReport | undefined {
  const all = readList<PendingReport>(OUTBOX_KEY);
  const found = all.find((item) => item.key === key);
  writeList(
    OUTBOX_KEY,
    all.filter((item) => item.key !== key),
  );
  return found;
}

/** A dropped connection, a server in trouble or an expired session may pass; anything else will not. */
function isRetryable(error: unknown): boolean {
  if (!isApiError(error)) return true;
  return error.status === 0 || error.status >= 500 || [401, 408, 425, 429].includes(error.status);
}

const outcomes = new Map<string, SendOutcome>();

async function sendOne(item: PendingReport): Promise<'ok' | 'retry'> {
  const all = readList<PendingReport>(OUTBOX_KEY);
  writeList(
    OUTBOX_KEY,
    all.map((one) =>
      one.key === item.key
        ? { ...one, attempts: one.attempts + 1, lastTriedAt: new Date().toISOString() }
        : one,
    ),
  );
  try {
    const report = await api('/api/v1/reports', {
      method: 'POST',
      body: item.body,
      schema: ZReportSummary,
      headers: { 'Idempotency-Key': item.key },
    });
    removeWaiting(item.key);
    const done: SentReport = { key: item.key, report, label: item.label, sentAt: new Date().toISOString() };
    sent = [done, ...sent.filter((one) => one.key !== item.key)].slice(0, MAX_SENT_SHOWN);
    outcomes.set(item.key, { status: 'sent', report });
    for (const listener of sentListeners) listener(done);
    return 'ok';
  } catch (error) {
    if (isRetryable(error)) {
      outcomes.set(item.key, { status: 'waiting' });
      return 'retry';
    }
    const message = isApiError(error) ? error.message : '';
    const found = removeWaiting(item.key) ?? item;
    writeList(REFUSED_KEY, [
      ...readList<RefusedReport>(REFUSED_KEY).filter((one) => one.key !== item.key),
      { ...found, message, refusedAt: new Date().toISOString() },
    ]);
    outcomes.set(item.key, { status: 'refused', message });
    return 'ok';
  } finally {
    refresh();
  }
}

let running: Promise<void> | null = null;
let again = false;
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

function scheduleRetry(): void {
  if (retryTimer !== null) clearTimeout(retryTimer);
  const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(failures, 10));
  // A little jitter so many phones coming back at once do not all knock together.
  retryTimer = setTimeout(
    () => {
      retryTimer = null;
      void flushOutbox();
    },
    delay * (0.8 + Math.random() * 0.4),
  );
}

async function runRounds(): Promise<void> {
  do {
    again = false;
    const tried = new Set<string>();
    let failed = false;
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    while (!offline) {
      const next = readList<PendingReport>(OUTBOX_KEY).find((item) => !tried.has(item.key));
      if (!next) break;
      tried.add(next.key);
      if ((await sendOne(next)) === 'retry') {
        failed = true;
        break;
      }
    }
    if (offline || failed) {
      failures += 1;
      for (const item of readList<PendingReport>(OUTBOX_KEY)) {
        if (!outcomes.has(item.key)) outcomes.set(item.key, { status: 'waiting' });
      }
      again = false;
    } else {
      failures = 0;
    }
  } while (again);
  if (readList<PendingReport>(OUTBOX_KEY).length > 0) scheduleRetry();
}

/** Sends everything waiting, one at a time, each with its own key; safe to call at any moment. */
export function flushOutbox(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  sending = true;
  refresh();
  running = runRounds().finally(() => {
    running = null;
    sending = false;
    refresh();
  });
  return running;
}

/** Keeps the report, tries to send it at once and says what became of it. */
export async function submitReport(
  body: TReportInput,
  label: OutboxLabel,
): Promise<SendOutcome & { key: string }> {
  const key = enqueueReport(body, label);
  await flushOutbox();
  return { ...(outcomes.get(key) ?? { status: 'waiting' }), key };
}

/** Sends when the connection returns, and retries with backoff; returns a function that stops it. */
export function startOutbox(): () => void {
  const onOnline = () => {
    failures = 0;
    void flushOutbox();
  };
  const onStorage = (event: StorageEvent) => {
    if (event.key === OUTBOX_KEY || event.key === REFUSED_KEY) refresh();
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('storage', onStorage);
  void flushOutbox();
  return () => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('storage', onStorage);
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  };
}
