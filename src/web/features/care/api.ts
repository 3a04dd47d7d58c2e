import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type TCarePlanInput,
  type TCarePlanPatch,
  ZCareEvent,
  ZCareEventList,
  ZCarePlan,
  ZCarePlanList,
  ZCareTaskList,
  type ZCheckin,
  ZCheckinsToday,
  ZFollowUpReport,
  ZVisitList,
  ZVisitRate,
} from '../../../shared/contracts/care';
import {
  type TErrandInput,
  type TFamilyContactInput,
  type TKeyInput,
  type TMoneyEntryInput,
  ZErrand,
  ZErrandList,
  ZErrandsDue,
  ZFamilyContact,
  ZFamilyContactList,
  ZKey,
  ZKeyList,
  ZLedger,
  ZMoneyEntry,
  ZReceipt,
} from '../../../shared/contracts/careKeysMoney';
import { api, apiUpload } from '../../lib/api';

/** Everything the care area shows; one prefix so a change anywhere refreshes every care view. */
export const careKeys = {
  all: ['care'] as const,
  plans: (filter: { householdId?: string; buildingId?: string }) =>
    ['care', 'plans', filter.householdId ?? '', filter.buildingId ?? ''] as const,
  plan: (id: string) => ['care', 'plan', id] as const,
  visits: (planId: string) => ['care', 'visits', planId] as const,
  today: ['care', 'today'] as const,
  tasks: ['care', 'tasks'] as const,
  visitRate: (month: string, buildingId?: string) => ['care', 'visitRate', month, buildingId ?? ''] as const,
  events: ['care', 'events'] as const,
  keys: (householdId?: string) => ['care', 'keys', householdId ?? ''] as const,
  ledger: (residentId: string) => ['care', 'ledger', residentId] as const,
  errandsDue: ['care', 'errandsDue'] as const,
  errands: (residentId: string) => ['care', 'errands', residentId] as const,
  family: (residentId: string) => ['care', 'family', residentId] as const,
};

function qs(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

const id = (value: string) => encodeURIComponent(value);

function useInvalidateCare() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: careKeys.all, refetchType: 'active' });
}

export function useCarePlans(filter: { householdId?: string; buildingId?: string } = {}, enabled = true) {
  return useQuery({
    queryKey: careKeys.plans(filter),
    queryFn: ({ signal }) =>
      api(`/api/v1/care/plans${qs({ householdId: filter.householdId, buildingId: filter.buildingId })}`, {
        schema: ZCarePlanList,
        signal,
      }),
    enabled,
  });
}

export function useCarePlan(planId: string) {
  return useQuery({
    queryKey: careKeys.plan(planId),
    queryFn: ({ signal }) => api(`/api/v1/care/plans/${id(planId)}`, { schema: ZCarePlan, signal }),
  });
}

export function useVisits(planId: string, enabled = true) {
  return useQuery({
    queryKey: careKeys.visits(planId),
    queryFn: ({ signal }) => api(`/api/v1/care/plans/${id(planId)}/visits`, { schema: ZVisitList, signal }),
    enabled,
  });
}

export function useCheckinsToday(enabled = true) {
  return useQuery({
    queryKey: careKeys.today,
    queryFn: ({ signal }) => api('/api/v1/care/checkins/today', { schema: ZCheckinsToday, signal }),
    enabled,
    // The ladder moves on its own: look again every minute while the page is open.
    refetchInterval: 60_000,
  });
}

export function useCareTasks(enabled = true) {
  return useQuery({
    queryKey: careKeys.tasks,
    queryFn: ({ signal }) => api('/api/v1/care/tasks', { schema: ZCareTaskList, signal }),
    enabled,
  });
}

export function useVisitRate(month: string, buildingId?: string) {
  return useQuery({
    queryKey: careKeys.visitRate(month, buildingId),
    queryFn: ({ signal }) =>
      api(`/api/v1/care/visit-rate${qs({ month, buildingId })}`, { schema: ZVisitRate, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCareEvents(enabled = true) {
  return useQuery({
    queryKey: careKeys.events,
    queryFn: ({ signal }) => api('/api/v1/care/events', { schema: ZCareEventList, signal }),
    enabled,
  });
}

export function useFollowUpReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (followUpId: string) =>
      api(`/api/v1/care/followups/${id(followUpId)}/report`, {
        method: 'POST',
        body: {},
        schema: ZFollowUpReport,
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: careKeys.all, refetchType: 'active' });
      void queryClient.invalidateQueries({ queryKey: ['reports'], refetchType: 'active' });
    },
  });
}

export function useCreatePlan() {
  const invalidate = useInvalidateCare();
  return useMutation({
    mutationFn: (body: TCarePlanInput) =>
      api('/api/v1/care/plans', { method: 'POST', body, schema: ZCarePlan }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function usePatchPlan() {
  const invalidate = useInvalidateCare();
  return useMutation({
    mutationFn: ({ planId, body }: { planId: string; body: TCarePlanPatch }) =>
      api(`/api/v1/care/plans/${id(planId)}`, { method: 'PATCH', body, schema: ZCarePlan }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useDeclareEvent() {
  const invalidate = useInvalidateCare();
  return useMutation({
    mutationFn: (body: { kind: string; buildingId?: string; note?: string }) =>
      api('/api/v1/care/events', { method: 'POST', body, schema: ZCareEvent }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

// ---------------------------------------------------------------- keys, errands, money

export function useKeys(householdId?: string) {
  return useQuery({
    queryKey: careKeys.keys(householdId),
    queryFn: ({ signal }) =>
      api(`/api/v1/care/keys${qs({ householdId, includeReturned: 'true' })}`, { schema: ZKeyList, signal }),
  });
}

export function useKeyUse() {
  const invalidate = useInvalidateCare();
  return useMutation({
    mutationFn: ({ keyId, reason, present }: { keyId: string; reason: string; present: string }) =>
      api(`/api/v1/care/keys/${id(keyId)}/uses`, { method: 'POST', body: { reason, present }, schema: ZKey }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useErrandsDue(enabled = true) {
  return useQuery({
    queryKey: careKeys.errandsDue,
    queryFn: ({ signal }) => api('/api/v1/care/errands/due', { schema: ZErrandsDue, signal }),
    enabled,
  });
}

export function useErrandDone() {
  const invalidate = useInvalidateCare();
  return useMutation({
    mutationFn: ({ errandId }: { errandId: string }) =>
      api(`/api/v1/care/errands/${id(errandId)}/done`, { method: 'POST', body: {}, schema: ZErrand }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useLedger(residentId: string) {
  return useQuery({
    queryKey: careKeys.ledger(residentId),
    queryFn: ({ signal }) =>
      api(`/api/v1/care/residents/${id(residentId)}/money`, { schema: ZLedger, signal }),
  });
}

export function useOpenLedger(residentId: string) {
  const invalidate = useInvalidateCare();
  return useMutation({
    mutationFn: (handler: { name: string; phone?: string }) =>
      api(`/api/v1/care/residents/${id(residentId)}/money`, {
        method: 'POST',
        body: { handler },
        schema: ZLedger,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useAddMoneyEntry(residentId: string) {
  const invalidate = useInvalidateCare();
  return useMutation({
    mutationFn: (body: TMoneyEntryInput) =>
      api(`/api/v1/care/residents/${id(residentId)}/money/entries`, {
        method: 'POST',
        body,
        schema: ZMoneyEntry,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useCorrectMoneyEntry() {
  const invalidate = useInvalidateCare();
  return useMutation({
    mutationFn: ({
      entryId,
      correctAmountFen,
      reason,
    }: {
      entryId: string;
      correctAmountFen: number;
      reason: string;
    }) =>
      api(`/api/v1/care/money/entries/${id(entryId)}/corrections`, {
        method: 'POST',
        body: { correctAmountFen, reason },
        schema: ZMoneyEntry,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useRegisterKey() {
  const invalidate = useInvalidateCare();
  return useMutation({
    mutationFn: (body: TKeyInput) => api('/api/v1/care/keys', { method: 'POST', body, schema: ZKey }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useReturnKey() {
  const invalidate = useInvalidateCare();
  return useMutation({
    mutationFn: ({
      keyId,
      returnedTo,
      returnedOn,
    }: {
      keyId: string;
      returnedTo: string;
      returnedOn: string;
    }) =>
      api(`/api/v1/care/keys/${id(keyId)}/return`, {
        method: 'POST',
        body: { returnedTo, returnedOn },
        schema: ZKey,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useErrands(residentId: string, enabled = true) {
  return useQuery({
    queryKey: careKeys.errands(residentId),
    queryFn: ({ signal }) =>
      api(`/api/v1/care/errands${qs({ residentId })}`, { schema: ZErrandList, signal }),
    enabled,
  });
}

export function useCreateErrand() {
  const invalidate = useInvalidateCare();
  return useMutation({
    mutationFn: (body: TErrandInput) =>
      api('/api/v1/care/errands', { method: 'POST', body, schema: ZErrand }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useFamily(residentId: string, enabled = true) {
  return useQuery({
    queryKey: careKeys.family(residentId),
    queryFn: ({ signal }) =>
      api(`/api/v1/care/residents/${id(residentId)}/family`, { schema: ZFamilyContactList, signal }),
    enabled,
  });
}

export function useAddFamilyContact() {
  const invalidate = useInvalidateCare();
  return useMutation({
    mutationFn: ({ residentId, body }: { residentId: string; body: TFamilyContactInput }) =>
      api(`/api/v1/care/residents/${id(residentId)}/family`, {
        method: 'POST',
        body,
        schema: ZFamilyContact,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useAttachReceipt() {
  const invalidate = useInvalidateCare();
  return useMutation({
    mutationFn: ({ entryId, file }: { entryId: string; file: File }) =>
      apiUpload(`/api/v1/care/money/entries/${id(entryId)}/receipts`, file, ZReceipt),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export type TCheckinItem = z.infer<typeof ZCheckin>;
