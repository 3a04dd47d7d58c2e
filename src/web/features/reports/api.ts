import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZOk } from '../../../shared/contracts/auth';
import { type TLiaisonNode, ZLiaisonTree } from '../../../shared/contracts/liaison';
import { ZRates } from '../../../shared/contracts/rates';
import { ZBuildingList } from '../../../shared/contracts/register';
import {
  type TCatalogue,
  type TReport,
  type TReportBulk,
  type TReportTransition,
  ZCatalogue,
  ZReport,
  ZReportBulkResult,
  ZReportList,
  ZReportPage,
} from '../../../shared/contracts/reports';
import { currentLanguage } from '../../i18n';
import { api } from '../../lib/api';

export type ReportListState = 'open' | 'closed' | 'all';

export const reportKeys = {
  all: ['reports'] as const,
  catalogue: ['reports', 'catalogue'] as const,
  list: (state: ReportListState, householdId?: string) =>
    ['reports', 'list', state, householdId ?? ''] as const,
  detail: (id: string) => ['reports', 'detail', id] as const,
  duplicates: (id: string) => ['reports', 'duplicates', id] as const,
};

const CATALOGUE_STORAGE = 'linli.catalogue';

function storedCatalogue(language: string): TCatalogue | undefined {
  try {
    const text = window.localStorage.getItem(`${CATALOGUE_STORAGE}.${language}`);
    if (!text) return undefined;
    const parsed = ZCatalogue.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The categories and urgencies, in the UI language. They change rarely, and the report form must open
 * in a stairwell with no signal: the last copy is kept on the device and used until a fresh one arrives.
 */
export function useCatalogue(enabled = true) {
  const language = currentLanguage();
  return useQuery({
    queryKey: [...reportKeys.catalogue, language],
    queryFn: async ({ signal }) => {
      const catalogue = await api('/api/v1/reports/catalogue', { schema: ZCatalogue, signal });
      try {
        window.localStorage.setItem(`${CATALOGUE_STORAGE}.${language}`, JSON.stringify(catalogue));
      } catch {
        // No room: the form still works while this page is open.
      }
      return catalogue;
    },
    initialData: () => storedCatalogue(language),
    initialDataUpdatedAt: 0,
    staleTime: 30 * 60_000,
    gcTime: 24 * 60 * 60_000,
    enabled,
  });
}

export function useReports(state: ReportListState, householdId?: string, limit = 50) {
  return useQuery({
    queryKey: [...reportKeys.list(state, householdId), limit],
    queryFn: ({ signal }) => {
      const search = new URLSearchParams({ state, limit: String(limit) });
      if (householdId) search.set('householdId', householdId);
      return api(`/api/v1/reports?${search.toString()}`, { schema: ZReportList, signal });
    },
  });
}

export function useReport(
  id: string,
  options: { refetchInterval?: (report: TReport | undefined) => number | false } = {},
) {
  const { refetchInterval } = options;
  return useQuery({
    queryKey: reportKeys.detail(id),
    queryFn: ({ signal }): Promise<TReport> =>
      api(`/api/v1/reports/${encodeURIComponent(id)}`, { schema: ZReport, signal }),
    refetchInterval: refetchInterval ? (query) => refetchInterval(query.state.data) : false,
  });
}

export function useDuplicates(id: string, enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.duplicates(id),
    queryFn: ({ signal }) =>
      api(`/api/v1/reports/${encodeURIComponent(id)}/duplicates`, { schema: ZReportList, signal }),
    enabled,
  });
}

export function useTransition(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TReportTransition) =>
      api(`/api/v1/reports/${encodeURIComponent(id)}/transition`, { method: 'POST', body, schema: ZReport }),
    onSuccess: (report) => {
      queryClient.setQueryData(reportKeys.detail(id), report);
      void queryClient.invalidateQueries({ queryKey: reportKeys.all, refetchType: 'active' });
    },
  });
}

export function useMerge(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (into: string) =>
      api(`/api/v1/reports/${encodeURIComponent(id)}/merge`, {
        method: 'POST',
        body: { into },
        schema: ZReport,
      }),
    onSuccess: (report) => {
      queryClient.setQueryData(reportKeys.detail(id), report);
      void queryClient.invalidateQueries({ queryKey: reportKeys.all, refetchType: 'active' });
    },
  });
}

/** Tells the server a committee screen has the report (it keeps the save-to-screen latency). */
export async function markSeen(id: string): Promise<void> {
  try {
    await api(`/api/v1/reports/${encodeURIComponent(id)}/seen`, { method: 'POST', body: {}, schema: ZOk });
  } catch {
    // Only a measurement: a failure must not disturb the screen.
  }
}

/** The three rates for a month, grouped by person, tier, building or month. */
export function useRates(query: { month?: string; groupBy: 'person' | 'tier' | 'building' | 'month' }) {
  return useQuery({
    queryKey: ['reports', 'rates', query.month ?? '', query.groupBy],
    queryFn: ({ signal }) => {
      const search = new URLSearchParams({ groupBy: query.groupBy });
      if (query.month) search.set('month', query.month);
      return api(`/api/v1/reports/rates?${search.toString()}`, { schema: ZRates, signal });
    },
  });
}

/** A page of the desk table: the query string is the table's (limit, offset, sort, filters). */
export function useReportPage(params: URLSearchParams) {
  const search = params.toString();
  return useQuery({
    queryKey: ['reports', 'page', search],
    queryFn: ({ signal }) => api(`/api/v1/reports?${search}`, { schema: ZReportPage, signal }),
    placeholderData: (previous) => previous,
  });
}

/** Acknowledge or assign many; one key per click, so a retry of the same click lands once. */
export function useBulk() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TReportBulk) =>
      api('/api/v1/reports/bulk', {
        method: 'POST',
        body,
        schema: ZReportBulkResult,
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: reportKeys.all }),
  });
}

/** The buildings the caller sees, for the building filter. */
export function useBuildingChoices() {
  return useQuery({
    queryKey: ['reports', 'buildings'],
    queryFn: ({ signal }) => api('/api/v1/buildings', { schema: ZBuildingList, signal }),
    staleTime: 10 * 60_000,
  });
}

/** Everyone of the chain the caller sees, top first, for the person filter and for assigning. */
export function useChainPeople() {
  return useQuery({
    queryKey: ['reports', 'chain'],
    queryFn: async ({ signal }) => {
      const tree = await api('/api/v1/liaison/tree', { schema: ZLiaisonTree, signal });
      const people: Omit<TLiaisonNode, 'children'>[] = [];
      const walk = ({ children, ...node }: TLiaisonNode) => {
        people.push(node);
        children.forEach(walk);
      };
      tree.roots.forEach(walk);
      return people;
    },
    staleTime: 10 * 60_000,
  });
}
