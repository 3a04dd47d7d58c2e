import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type TPublicReportCreated,
  ZPhoto,
  ZPublicBuilding,
  ZPublicReport,
  ZPublicReportCreated,
} from '../../../shared/contracts/publicReports';
import type { TPublicReportInput } from '../../../shared/contracts/reports';
import { ZPublicNotice } from '../../../shared/contracts/welfare';
import { currentLanguage } from '../../i18n';
import { api, apiUpload } from '../../lib/api';

/** The resident's pages talk only to /api/public: no account, no session needed. */
export function usePublicBuilding(buildingId: string) {
  return useQuery({
    queryKey: ['public', 'building', buildingId, currentLanguage()],
    queryFn: ({ signal }) =>
      api(`/api/public/buildings/${encodeURIComponent(buildingId)}`, { schema: ZPublicBuilding, signal }),
  });
}

export function useSubmitPublicReport(buildingId: string) {
  return useMutation({
    mutationFn: ({ body, key }: { body: TPublicReportInput; key: string }): Promise<TPublicReportCreated> =>
      api(`/api/public/buildings/${encodeURIComponent(buildingId)}/reports`, {
        method: 'POST',
        body,
        schema: ZPublicReportCreated,
        headers: { 'Idempotency-Key': key },
      }),
  });
}

export function usePublicReport(token: string) {
  return useQuery({
    queryKey: ['public', 'report', token, currentLanguage()],
    queryFn: ({ signal }) =>
      api(`/api/public/reports/${encodeURIComponent(token)}`, { schema: ZPublicReport, signal }),
  });
}

function useReportAction<T>(token: string, action: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['public', 'report', token] }),
  });
}

export function useAnswer(token: string) {
  return useReportAction(token, (answers: { solved: boolean; satisfied: boolean }) =>
    api(`/api/public/reports/${encodeURIComponent(token)}/feedback`, {
      method: 'POST',
      body: answers,
      schema: ZPublicReport,
    }),
  );
}

export function useReopen(token: string) {
  return useReportAction(token, (input: { note?: string }) =>
    api(`/api/public/reports/${encodeURIComponent(token)}/reopen`, {
      method: 'POST',
      body: input,
      schema: ZPublicReport,
    }),
  );
}

export function useAddPhoto(token: string) {
  return useReportAction(token, (file: File) =>
    apiUpload(`/api/public/reports/${encodeURIComponent(token)}/photos`, file, ZPhoto),
  );
}

export function usePublicNotice(noticeId: string) {
  const lang = currentLanguage();
  return useQuery({
    queryKey: ['public', 'welfareNotice', noticeId, lang],
    queryFn: ({ signal }) =>
      api(`/api/v1/public/welfare/notices/${encodeURIComponent(noticeId)}`, {
        schema: ZPublicNotice,
        signal,
      }),
  });
}
