import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type TFactsInput,
  ZApplication,
  type ZApplicationInput,
  ZApplicationList,
  type ZApplicationStatus,
  ZCommitteeDesk,
  ZComparison,
  ZDecision,
  ZDecisionList,
  type ZFactOverrideInput,
  ZGrant,
  type ZGrantInput,
  ZGrantList,
  ZGrantRequest,
  ZGrantRequestList,
  ZHolidayVisitList,
  ZHouseholdFacts,
  ZNotice,
  type ZNoticeInput,
  ZNoticeList,
  ZObjection,
  type ZObjectionAnswerInput,
  type ZObjectionInput,
  ZParameterChange,
  type ZParameterChangeInput,
  ZParameterEffect,
  ZPolicyList,
  ZPolicyView,
  ZRoster,
  ZRosterReview,
  ZWelfareLists,
} from '../../../shared/contracts/welfare';
import { currentLanguage } from '../../i18n';
import { api } from '../../lib/api';

/**
 * Everything the welfare area shows; one prefix so a change anywhere refreshes every welfare view. The
 * language is in each key because the server writes explanations and policy text in the caller's language.
 */
export const welfareKeys = {
  all: ['welfare'] as const,
  policies: (lang: string) => ['welfare', 'policies', lang] as const,
  policy: (policyId: string, lang: string) => ['welfare', 'policy', policyId, lang] as const,
  facts: (householdId: string) => ['welfare', 'facts', householdId] as const,
  decisions: (householdId: string, lang: string) => ['welfare', 'decisions', householdId, lang] as const,
  comparison: (decisionId: string, neighbourId: string, lang: string) =>
    ['welfare', 'comparison', decisionId, neighbourId, lang] as const,
  lists: (policyId: string, lang: string) => ['welfare', 'lists', policyId, lang] as const,
  holidayVisits: (lang: string) => ['welfare', 'holidayVisits', lang] as const,
  grants: ['welfare', 'grants'] as const,
  applications: (status: string, lang: string) => ['welfare', 'applications', status, lang] as const,
  notices: (lang: string) => ['welfare', 'notices', lang] as const,
  notice: (id: string, lang: string) => ['welfare', 'notice', id, lang] as const,
  noticeApplications: (noticeId: string, lang: string) =>
    ['welfare', 'noticeApplications', noticeId, lang] as const,
  effect: (changeId: string, lang: string) => ['welfare', 'effect', changeId, lang] as const,
  roster: ['welfare', 'roster'] as const,
  grantRequests: (lang: string) => ['welfare', 'grantRequests', lang] as const,
  committeeDesk: (lang: string) => ['welfare', 'committeeDesk', lang] as const,
};

const id = (value: string) => encodeURIComponent(value);

function useInvalidateWelfare() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: welfareKeys.all, refetchType: 'active' });
}

export function usePolicies() {
  const lang = currentLanguage();
  return useQuery({
    queryKey: welfareKeys.policies(lang),
    queryFn: ({ signal }) => api('/api/v1/welfare/policies', { schema: ZPolicyList, signal }),
  });
}

export function usePolicy(policyId: string) {
  const lang = currentLanguage();
  return useQuery({
    queryKey: welfareKeys.policy(policyId, lang),
    queryFn: ({ signal }) => api(`/api/v1/welfare/policies/${id(policyId)}`, { schema: ZPolicyView, signal }),
  });
}

export function useProposeParameterChange(policyId: string) {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: (body: z.input<typeof ZParameterChangeInput>) =>
      api(`/api/v1/welfare/policies/${id(policyId)}/parameter-changes`, {
        method: 'POST',
        body,
        schema: ZParameterChange,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useDecideParameterChange() {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: ({ changeId, approve }: { changeId: string; approve: boolean }) =>
      api(`/api/v1/welfare/parameter-changes/${id(changeId)}/decision`, {
        method: 'POST',
        body: { approve },
        schema: ZParameterChange,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

/** Fetched only once asked for: reading the effect evaluates every household and is audited. */
export function useParameterEffect(changeId: string, enabled: boolean) {
  const lang = currentLanguage();
  return useQuery({
    queryKey: welfareKeys.effect(changeId, lang),
    queryFn: ({ signal }) =>
      api(`/api/v1/welfare/parameter-changes/${id(changeId)}/effect`, { schema: ZParameterEffect, signal }),
    enabled,
  });
}

export function useHouseholdFacts(householdId: string) {
  return useQuery({
    queryKey: welfareKeys.facts(householdId),
    queryFn: ({ signal }) =>
      api(`/api/v1/welfare/households/${id(householdId)}/facts`, { schema: ZHouseholdFacts, signal }),
  });
}

export function useRecordFacts(householdId: string) {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: (body: TFactsInput) =>
      api(`/api/v1/welfare/households/${id(householdId)}/facts`, {
        method: 'POST',
        body,
        schema: ZHouseholdFacts,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useDecisions(householdId: string) {
  const lang = currentLanguage();
  return useQuery({
    queryKey: welfareKeys.decisions(householdId, lang),
    queryFn: ({ signal }) =>
      api(`/api/v1/welfare/households/${id(householdId)}/decisions`, { schema: ZDecisionList, signal }),
  });
}

export function useEvaluate(householdId: string) {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: (body: { policyId: string; hardship?: 'illness' | 'accident' | 'disaster' }) =>
      api(`/api/v1/welfare/households/${id(householdId)}/evaluations`, {
        method: 'POST',
        body,
        schema: ZDecision,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

/** Fetched only once a neighbour is picked: every comparison is written to the audit trail. */
export function useComparison(decisionId: string, neighbourHouseholdId: string | null) {
  const lang = currentLanguage();
  return useQuery({
    queryKey: welfareKeys.comparison(decisionId, neighbourHouseholdId ?? '', lang),
    queryFn: ({ signal }) =>
      api(
        `/api/v1/welfare/decisions/${id(decisionId)}/compare?neighbourHouseholdId=${id(neighbourHouseholdId ?? '')}`,
        { schema: ZComparison, signal },
      ),
    enabled: neighbourHouseholdId !== null,
  });
}

export function useWelfareLists(policyId: string) {
  const lang = currentLanguage();
  return useQuery({
    queryKey: welfareKeys.lists(policyId, lang),
    queryFn: ({ signal }) =>
      api(`/api/v1/welfare/lists?policyId=${id(policyId)}`, { schema: ZWelfareLists, signal }),
  });
}

export function useHolidayVisits() {
  const lang = currentLanguage();
  return useQuery({
    queryKey: welfareKeys.holidayVisits(lang),
    queryFn: ({ signal }) => api('/api/v1/welfare/holiday-visits', { schema: ZHolidayVisitList, signal }),
  });
}

export function useApplications(status: z.infer<typeof ZApplicationStatus>) {
  const lang = currentLanguage();
  return useQuery({
    queryKey: welfareKeys.applications(status, lang),
    queryFn: ({ signal }) =>
      api(`/api/v1/welfare/applications?status=${status}`, { schema: ZApplicationList, signal }),
  });
}

export function useFileApplication() {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: (body: z.input<typeof ZApplicationInput>) =>
      api('/api/v1/welfare/applications', { method: 'POST', body, schema: ZApplication }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useReviewApplication() {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: ({ applicationId, approve }: { applicationId: string; approve: boolean }) =>
      api(`/api/v1/welfare/applications/${id(applicationId)}/review`, {
        method: 'POST',
        body: { approve },
        schema: ZApplication,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

/** Every application a notice carries, in whatever status it has reached (the list has no notice filter). */
export function useNoticeApplications(noticeId: string) {
  const lang = currentLanguage();
  return useQuery({
    queryKey: welfareKeys.noticeApplications(noticeId, lang),
    queryFn: ({ signal }) =>
      api(`/api/v1/welfare/applications?noticeId=${id(noticeId)}`, { schema: ZApplicationList, signal }),
    select: (data) => data.applications,
  });
}

/** The committee's final word once the notice is over: approve (onto the roster) or reject, with a note. */
export function useCloseApplication() {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: ({
      applicationId,
      approve,
      note,
    }: {
      applicationId: string;
      approve: boolean;
      note: string | null;
    }) =>
      api(`/api/v1/welfare/applications/${id(applicationId)}/${approve ? 'approve' : 'reject'}`, {
        method: 'POST',
        body: { note },
        schema: ZApplication,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useRoster() {
  return useQuery({
    queryKey: welfareKeys.roster,
    queryFn: ({ signal }) => api('/api/v1/welfare/roster', { schema: ZRoster, signal }),
  });
}

/** The yearly review: the server evaluates the household again today and keeps, moves or ends the row. */
export function useReviewRosterEntry() {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: (entryId: string) =>
      api(`/api/v1/welfare/roster/${id(entryId)}/review`, { method: 'POST', schema: ZRosterReview }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useNotices() {
  const lang = currentLanguage();
  return useQuery({
    queryKey: welfareKeys.notices(lang),
    queryFn: ({ signal }) => api('/api/v1/welfare/notices', { schema: ZNoticeList, signal }),
  });
}

export function useNotice(noticeId: string) {
  const lang = currentLanguage();
  return useQuery({
    queryKey: welfareKeys.notice(noticeId, lang),
    queryFn: ({ signal }) => api(`/api/v1/welfare/notices/${id(noticeId)}`, { schema: ZNotice, signal }),
  });
}

export function usePublishNotice() {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: (body: z.input<typeof ZNoticeInput>) =>
      api('/api/v1/welfare/notices', { method: 'POST', body, schema: ZNotice }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useRecordObjection(noticeId: string) {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: (body: z.input<typeof ZObjectionInput>) =>
      api(`/api/v1/welfare/notices/${id(noticeId)}/objections`, { method: 'POST', body, schema: ZObjection }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useAnswerObjection() {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: ({ objectionId, ...body }: { objectionId: string } & z.input<typeof ZObjectionAnswerInput>) =>
      api(`/api/v1/welfare/objections/${id(objectionId)}/answer`, {
        method: 'POST',
        body,
        schema: ZObjection,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

/** The notice board page needs no session: anyone with the link (or the QR code) may read it. */

/** Within the caller's limit the grant is paid at once (a ZGrant); above it, it waits (202, a ZGrantRequest). */
export const ZGrantOrRequest = z.union([ZGrantRequest, ZGrant]);

export function useProposeGrant() {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: (body: z.input<typeof ZGrantInput>) =>
      api('/api/v1/welfare/emergency-grants', { method: 'POST', body, schema: ZGrantOrRequest }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useGrants() {
  return useQuery({
    queryKey: welfareKeys.grants,
    queryFn: ({ signal }) => api('/api/v1/welfare/emergency-grants', { schema: ZGrantList, signal }),
  });
}

export function useCompleteGrantPapers() {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: ({ grantId, completedOn }: { grantId: string; completedOn: string }) =>
      api(`/api/v1/welfare/emergency-grants/${id(grantId)}/papers`, {
        method: 'POST',
        body: { completedOn },
        schema: ZGrant,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

/** A worker's choice of which source counts for a fact the register also holds; audited with its reason. */
export function useOverrideFact(householdId: string) {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: (body: z.input<typeof ZFactOverrideInput>) =>
      api(`/api/v1/welfare/households/${id(householdId)}/fact-overrides`, {
        method: 'POST',
        body,
        schema: ZHouseholdFacts,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

/** Emergency aid above someone's limit, waiting for the next role up. */
export function useGrantRequests() {
  const lang = currentLanguage();
  return useQuery({
    queryKey: welfareKeys.grantRequests(lang),
    queryFn: ({ signal }) =>
      api('/api/v1/welfare/emergency-grant-requests', { schema: ZGrantRequestList, signal }),
  });
}

export function useApproveGrantRequest() {
  const invalidate = useInvalidateWelfare();
  return useMutation({
    mutationFn: (requestId: string) =>
      api(`/api/v1/welfare/emergency-grant-requests/${id(requestId)}/approve`, {
        method: 'POST',
        schema: ZGrant,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

/** What the community's committee is told: aid granted or waiting for its households. */
export function useCommitteeDesk() {
  const lang = currentLanguage();
  return useQuery({
    queryKey: welfareKeys.committeeDesk(lang),
    queryFn: ({ signal }) => api('/api/v1/welfare/committee-desk', { schema: ZCommitteeDesk, signal }),
  });
}
