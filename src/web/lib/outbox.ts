import { useSyncExternalStore } from 'react';
import type { z } from 'zod';
import {
  type TCheckin,
  type TVisit,
  type TVisitInput,
  ZCheckin,
  type ZCheckinInput,
  type ZCheckinOutcomeInput,
  ZVisit,
} from '../../shared/contracts/care';
import { type TReportInput, type TReportSummary, ZReportSummary } from '../../shared/contracts/reports';
import { type TDoor, type TDoorInput, ZDoor } from '../../shared/contracts/round';
import { api, isApiError } from './api';

/**
 * What is recorded on this phone — reports, check-ins, check-in outcomes and visits — waits here until
 * the server has it. Each keeps the Idempotency-Key it was given when it was recorded, so however often
 * it is retried it lands once.
 */
export const OUTBOX_KEY = 'linli.outbox';
/** Entries the server refused (4xx): kept so the words typed are not lost, until the user dismisses them. */
export const REFUSED_KEY = 'linli.outbox.refused';

/** A report as the person recognises it: what, where, for whom. */
export interface OutboxLabel {
  category: string;
  place: string;
  onBehalfOf: string | null;
}

/** A check-in, outcome or visit as the person recognises it: whose, and where they live. */
export interface CareLabel {
  residentName: string;
  place: string;
  planId: string;
  householdId: string | null;
}

/** A door on the round as the building leader recognises it: the address, who lives there, what she tapped. */
export interface DoorLabel {
  place: string;
  residentName: string;
  householdId: string;
}

interface Waiting {
  key: string;
  url: string;
  savedAt: string;
  attempts: number;
  lastTriedAt: string | null;
}

export type PendingItem =
  | (Waiting & { kind: 'report'; body: TReportInput; label: OutboxLabel })
  | (Waiting & { kind: 'checkin'; body: z.input<typeof ZCheckinInput>; label: CareLabel })
  | (Waiting & { kind: 'checkin_outcome'; body: z.input<typeof ZCheckinOutcomeInput>; label: CareLabel })
  | (Waiting & { kind: 'visit'; body: TVisitInput; label: CareLabel })
  | (Waiting & { kind: 'round_door'; body: TDoorInput; label: DoorLabel });

export type OutboxKind = PendingItem['kind'];

export type RefusedItem = PendingItem & { message: string; refusedAt: string };

export type SentItem = Pick<PendingItem, 'key' | 'kind' | 'label'> & {
  sentAt: string;
  /** The id the server gave the recorded thing. */
  recordId: string;
  /** Where the recorded thing can be seen. */
  link: string;
};

export interface OutboxSnapshot {
  waiting: readonly PendingItem[];
  refused: readonly RefusedItem[];
  sent: readonly SentItem[];
  sending: boolean;
}

export type SendOutcome<T> =
  | { status: 'sent'; answer: T }
  | { status: 'waiting' }
  | { status: 'refused'; message: string };

const ANSWERS: Record<OutboxKind, z.ZodType<unknown>> = {
  report: ZReportSummary,
  checkin: ZCheckin,
  checkin_outcome: ZCheckin,
  visit: ZVisit,
  round_door: ZDoor,
};

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

/** Entries stored before the outbox carried check-ins and visits have no kind: they are reports. */
function readItems<T extends PendingItem>(storageKey: string): T[] {
  return readList<T>(storageKey).map((item) =>
    item.kind ? item : ({ ...item, kind: 'report', url: '/api/v1/reports' } as T),
  );
}

let sent: SentItem[] = [];
let sending = false;
let snapshot: OutboxSnapshot = { waiting: [], refused: [], sent: [], sending: false };
const listeners = new Set<() => void>();
const sentListeners = new Set<(item: SentItem) => void>();

function refresh(): void {
  snapshot = {
    waiting: readItems<PendingItem>(OUTBOX_KEY),
    refused: readItems<RefusedItem>(REFUSED_KEY),
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

/** Called once for each entry that reached the server from the outbox. */
export function onSent(listener: (item: SentItem) => void): () => void {
  sentListeners.add(listener);
  return () => sentListeners.delete(listener);
}

function newKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Older browsers: still unique enough for one phone's outbox, and within the 8–200 characters asked.
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

type NewItem = {
  [K in OutboxKind]: Omit<Extract<PendingItem, { kind: K }>, keyof Waiting> & { url: string };
}[OutboxKind];

/** Keeps the entry on the phone with a fresh Idempotency-Key; returns the key. */
function enqueue(entry: NewItem): string {
  const key = newKey();
  const item = {
    ...entry,
    key,
    savedAt: new Date().toISOString(),
    attempts: 0,
    lastTriedAt: null,
  } as PendingItem;
  writeList(OUTBOX_KEY, [...readItems<PendingItem>(OUTBOX_KEY), item]);
  refresh();
  return key;
}

export function dismissRefused(key: string): void {
  writeList(
    REFUSED_KEY,
    readItems<RefusedItem>(REFUSED_KEY).filter((item) => item.key !== key),
  );
  refresh();
}

export function dismissSent(key: string): void {
  sent = sent.filter((item) => item.key !== key);
  refresh();
}

function removeWaiting(key: string): PendingItem | undefined {
  const all = readItems<PendingItem>(OUTBOX_KEY);
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

const outcomes = new Map<string, SendOutcome<unknown>>();

function linkOf(item: PendingItem, answer: unknown): string {
  if (item.kind === 'report') return `/reports/${(answer as TReportSummary).id}`;
  if (item.kind === 'round_door') {
    const door = answer as TDoor;
    return door.reportId ? `/reports/${door.reportId}` : '/round';
  }
  return item.label.householdId ? `/households/${item.label.householdId}` : '/';
}

async function sendOne(item: PendingItem): Promise<'ok' | 'retry'> {
  const all = readItems<PendingItem>(OUTBOX_KEY);
  writeList(
    OUTBOX_KEY,
    all.map((one) =>
      one.key === item.key
        ? { ...one, attempts: one.attempts + 1, lastTriedAt: new Date().toISOString() }
        : one,
    ),
  );
  try {
    const answer: unknown = await api(item.url, {
      method: 'POST',
      body: item.body,
      schema: ANSWERS[item.kind],
      headers: { 'Idempotency-Key': item.key },
    });
    removeWaiting(item.key);
    const done = {
      key: item.key,
      kind: item.kind,
      label: item.label,
      sentAt: new Date().toISOString(),
      recordId: (answer as { id: string }).id,
      link: linkOf(item, answer),
    } as SentItem;
    sent = [done, ...sent.filter((one) => one.key !== item.key)].slice(0, MAX_SENT_SHOWN);
    outcomes.set(item.key, { status: 'sent', answer });
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
      ...readItems<RefusedItem>(REFUSED_KEY).filter((one) => one.key !== item.key),
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
    // With no signal, only what was just recorded is tried, once: the try fails at once, and in failing
    // hands the service worker its copy to send by Background Sync (sw.ts).
    for (;;) {
      const next = readItems<PendingItem>(OUTBOX_KEY).find(
        (item) => !tried.has(item.key) && (!offline || item.attempts === 0),
      );
      if (!next) break;
      tried.add(next.key);
      if ((await sendOne(next)) === 'retry') {
        failed = true;
        break;
      }
    }
    if (offline || failed) {
      failures += 1;
      for (const item of readItems<PendingItem>(OUTBOX_KEY)) {
        if (!outcomes.has(item.key)) outcomes.set(item.key, { status: 'waiting' });
      }
      again = false;
    } else {
      failures = 0;
    }
  } while (again);
  if (readList<PendingItem>(OUTBOX_KEY).length > 0) scheduleRetry();
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

/** Keeps the entry, tries to send it at once and says what became of it. */
async function submit<T>(entry: NewItem): Promise<SendOutcome<T> & { key: string }> {
  const key = enqueue(entry);
  await flushOutbox();
  return { ...((outcomes.get(key) as SendOutcome<T> | undefined) ?? { status: 'waiting' }), key };
}

export type ReportOutcome = (
  | { status: 'sent'; report: TReportSummary }
  | { status: 'waiting' }
  | { status: 'refused'; message: string }
) & { key: string };

export async function submitReport(body: TReportInput, label: OutboxLabel): Promise<ReportOutcome> {
  const outcome = await submit<TReportSummary>({ kind: 'report', url: '/api/v1/reports', body, label });
  return outcome.status === 'sent' ? { status: 'sent', report: outcome.answer, key: outcome.key } : outcome;
}

const planUrl = (planId: string, what: string) => `/api/v1/care/plans/${encodeURIComponent(planId)}/${what}`;

export function submitCheckin(body: z.input<typeof ZCheckinInput>, label: CareLabel) {
  return submit<TCheckin>({ kind: 'checkin', url: planUrl(label.planId, 'checkins'), body, label });
}

export function submitCheckinOutcome(body: z.input<typeof ZCheckinOutcomeInput>, label: CareLabel) {
  return submit<TCheckin>({
    kind: 'checkin_outcome',
    url: planUrl(label.planId, 'checkin-outcome'),
    body,
    label,
  });
}

export function submitVisit(body: TVisitInput, label: CareLabel) {
  return submit<TVisit>({ kind: 'visit', url: planUrl(label.planId, 'visits'), body, label });
}

/** One tap at a door on the round (issue 19): it lands once, however often the phone retries it. */
export function submitDoor(body: TDoorInput, label: DoorLabel) {
  return submit<TDoor>({ kind: 'round_door', url: '/api/v1/round/doors', body, label });
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
