import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type TOutreachAddHouseholds,
  type TOutreachListInput,
  type TOutreachOutcomeInput,
  ZOutreachBulkResult,
  ZOutreachEntry,
  ZOutreachEntryPage,
  ZOutreachList,
  ZOutreachListList,
} from '../../../shared/contracts/outreach';
import { api } from '../../lib/api';

/** Everything the outreach area shows; one prefix, so a change anywhere refreshes every view of it. */
export const outreachKeys = {
  all: ['outreach'] as const,
  lists: (state: string) => ['outreach', 'lists', state] as const,
  list: (id: string) => ['outreach', 'list', id] as const,
  entries: (id: string, params: string) => ['outreach', 'entries', id, params] as const,
};

/** A key per attempt, so a write sent again after a dropped answer takes effect once. */
function attemptKey(): string {
  return `outreach-${globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`}`;
}

export function useOutreachLists(state: 'open' | 'closed' | 'all', enabled = true) {
  return useQuery({
    queryKey: outreachKeys.lists(state),
    queryFn: ({ signal }) =>
      api(`/api/v1/outreach/lists?state=${state}`, { schema: ZOutreachListList, signal }),
    enabled,
  });
}

export function useOutreachList(id: string) {
  return useQuery({
    queryKey: outreachKeys.list(id),
    queryFn: ({ signal }) => api(`/api/v1/outreach/lists/${id}`, { schema: ZOutreachList, signal }),
  });
}

export function useOutreachEntries(id: string, params: string) {
  return useQuery({
    queryKey: outreachKeys.entries(id, params),
    queryFn: ({ signal }) =>
      api(`/api/v1/outreach/lists/${id}/entries?${params}`, { schema: ZOutreachEntryPage, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCreateOutreachList() {
  return useMutation({
    mutationFn: (body: TOutreachListInput) =>
      api('/api/v1/outreach/lists', {
        method: 'POST',
        body,
        schema: ZOutreachList,
        headers: { 'Idempotency-Key': attemptKey() },
      }),
  });
}

export function useAddHouseholds() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ listId, body }: { listId: string; body: TOutreachAddHouseholds }) =>
      api(`/api/v1/outreach/lists/${listId}/households`, {
        method: 'POST',
        body,
        schema: ZOutreachBulkResult,
        headers: { 'Idempotency-Key': attemptKey() },
      }),
    onSettled: () => client.invalidateQueries({ queryKey: outreachKeys.all }),
  });
}

export function useRecordOutcome() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ entryId, body }: { entryId: string; body: TOutreachOutcomeInput }) =>
      api(`/api/v1/outreach/entries/${entryId}/outcome`, {
        method: 'POST',
        body,
        schema: ZOutreachEntry,
        headers: { 'Idempotency-Key': attemptKey() },
      }),
    onSettled: () => client.invalidateQueries({ queryKey: outreachKeys.all }),
  });
}

export function useCloseList() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/outreach/lists/${id}/close`, {
        method: 'POST',
        schema: ZOutreachList,
        headers: { 'Idempotency-Key': attemptKey() },
      }),
    onSettled: () => client.invalidateQueries({ queryKey: outreachKeys.all }),
  });
}

/** Takes a door nobody has been to off its list (the office's mistake); the answer is the list, recounted. */
export function useRemoveEntry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (entryId: string) =>
      api(`/api/v1/outreach/entries/${entryId}/remove`, {
        method: 'POST',
        schema: ZOutreachList,
        headers: { 'Idempotency-Key': attemptKey() },
      }),
    onSettled: () => client.invalidateQueries({ queryKey: outreachKeys.all }),
  });
}
