import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZMonthlyReport, ZOverview, ZToday } from '../../../shared/contracts/desk';
import {
  ZReportsByWeek,
  ZServiceByMonth,
  ZToCommittee,
  ZVisitsByBuilding,
} from '../../../shared/contracts/stats';
import { api } from '../../lib/api';

function search(params: Record<string, string | undefined>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) out.set(k, v);
  const text = out.toString();
  return text ? `?${text}` : '';
}

export function useReportsByWeek(communityId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['stats', 'weeks', communityId ?? ''],
    enabled,
    queryFn: ({ signal }) =>
      api(`/api/v1/stats/reports-by-week${search({ weeks: '12', communityId })}`, {
        schema: ZReportsByWeek,
        signal,
      }),
  });
}

export function useToCommittee(month: string | undefined, communityId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['stats', 'to-committee', month ?? '', communityId ?? ''],
    enabled,
    queryFn: ({ signal }) =>
      api(`/api/v1/stats/to-committee${search({ month, communityId })}`, { schema: ZToCommittee, signal }),
  });
}

export function useVisitsByBuilding(
  month: string | undefined,
  communityId: string | undefined,
  enabled: boolean,
) {
  return useQuery({
    queryKey: ['stats', 'visits', month ?? '', communityId ?? ''],
    enabled,
    queryFn: ({ signal }) =>
      api(`/api/v1/stats/visits-by-building${search({ month, communityId })}`, {
        schema: ZVisitsByBuilding,
        signal,
      }),
  });
}

export function useServiceByMonth(
  month: string | undefined,
  communityId: string | undefined,
  enabled: boolean,
) {
  return useQuery({
    queryKey: ['stats', 'service', month ?? '', communityId ?? ''],
    enabled,
    queryFn: ({ signal }) =>
      api(`/api/v1/stats/service-by-month${search({ month, communityId })}`, {
        schema: ZServiceByMonth,
        signal,
      }),
  });
}

export function useOverview(month: string | undefined) {
  return useQuery({
    queryKey: ['desk', 'overview', month ?? ''],
    queryFn: ({ signal }) =>
      api(`/api/v1/subdistrict/overview${search({ month })}`, { schema: ZOverview, signal }),
  });
}

export function useToday(communityId: string) {
  return useQuery({
    queryKey: ['desk', 'today', communityId],
    queryFn: ({ signal }) =>
      api(`/api/v1/dashboard/today${search({ communityId })}`, { schema: ZToday, signal }),
  });
}

export function monthlyReportPath(
  kind: '' | '.pdf' | '.xlsx',
  month: string,
  communityId: string | undefined,
) {
  return `/api/v1/monthly-report${kind}${search({ month, communityId })}`;
}

export function useMonthlyReport(month: string, communityId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['desk', 'monthly', month, communityId ?? ''],
    enabled,
    queryFn: ({ signal }) =>
      api(monthlyReportPath('', month, communityId), { schema: ZMonthlyReport, signal }),
  });
}

export function useCloseMonth() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { month: string; communityId?: string | undefined }) =>
      api('/api/v1/monthly-report/close', {
        method: 'POST',
        body: input.communityId ? input : { month: input.month },
        schema: ZMonthlyReport,
      }),
    onSuccess: (report) => {
      client.setQueryData(['desk', 'monthly', report.figures.month, report.figures.communityId], report);
      void client.invalidateQueries({ queryKey: ['desk'] });
    },
  });
}
