import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type {
  TPublicBuilding,
  TPublicReport,
  TPublicReportCreated,
} from '../../../shared/contracts/publicReports';
import type { TPublicReportInput } from '../../../shared/contracts/reports';
import type { ZPublicNotice } from '../../../shared/contracts/welfare';
import { currentLanguage } from '../../i18n';
import { request, upload } from '../../lib/api';

/*
 * The residents' pages talk only to the public API, with no account. They are kept free of the staff app's
 * data layer (TanStack Query, the zod contracts): a phone at the notice board loads the few kilobytes these
 * three pages need. The types still come from the shared contracts.
 */

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; error: unknown; reload: () => void }
  | { state: 'ready'; data: T; reload: () => void };

/** Loads once, again when the language changes (the server answers in it), and on `reload`. */
function useLoad<T>(path: string): Loaded<T> {
  const language = currentLanguage();
  const [round, setRound] = useState(0);
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const reload = useCallback(() => setRound((n) => n + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the answer depends on the language and round too
  useEffect(() => {
    const controller = new AbortController();
    request(path, { signal: controller.signal }).then(
      (data) => setResult({ state: 'ready', data: data as T, reload }),
      (error: unknown) => {
        if (!controller.signal.aborted) setResult({ state: 'error', error, reload });
      },
    );
    return () => controller.abort();
  }, [path, language, round, reload]);
  return result;
}

export interface Action<I, O> {
  run: (input: I) => void;
  pending: boolean;
  error: unknown;
  done: O | undefined;
  reset: () => void;
}

/** One thing the resident sends; a second tap while it is on its way is ignored. */
function useAction<I, O>(send: (input: I) => Promise<O>, onDone?: (output: O) => void): Action<I, O> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<O>();
  const run = (input: I) => {
    if (pending) return;
    setPending(true);
    setError(null);
    send(input).then(
      (output) => {
        setPending(false);
        setDone(output);
        onDone?.(output);
      },
      (cause: unknown) => {
        setPending(false);
        setError(cause);
      },
    );
  };
  return {
    run,
    pending,
    error,
    done,
    reset: () => {
      setDone(undefined);
      setError(null);
    },
  };
}

const enc = encodeURIComponent;

export function usePublicBuilding(buildingId: string) {
  return useLoad<TPublicBuilding>(`/api/public/buildings/${enc(buildingId)}`);
}

export function useSubmitPublicReport(buildingId: string) {
  return useAction(
    ({ body, key }: { body: TPublicReportInput; key: string }) =>
      request(`/api/public/buildings/${enc(buildingId)}/reports`, {
        method: 'POST',
        body,
        headers: { 'Idempotency-Key': key },
      }) as Promise<TPublicReportCreated>,
  );
}

export function usePublicReport(token: string) {
  return useLoad<TPublicReport>(`/api/public/reports/${enc(token)}`);
}

export function useAnswer(token: string, onDone: () => void) {
  return useAction(
    (answers: { solved: boolean; satisfied: boolean }) =>
      request(`/api/public/reports/${enc(token)}/feedback`, { method: 'POST', body: answers }),
    onDone,
  );
}

export function useReopen(token: string, onDone: () => void) {
  return useAction(
    (input: { note?: string }) =>
      request(`/api/public/reports/${enc(token)}/reopen`, { method: 'POST', body: input }),
    onDone,
  );
}

export function useAddPhoto(token: string, onDone: () => void) {
  return useAction((file: File) => upload(`/api/public/reports/${enc(token)}/photos`, file), onDone);
}

export function usePublicNotice(noticeId: string) {
  return useLoad<z.infer<typeof ZPublicNotice>>(`/api/v1/public/welfare/notices/${enc(noticeId)}`);
}
