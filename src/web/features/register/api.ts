import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZImportReport } from '../../../shared/contracts/import';
import { ZHouseholdCoverHistory } from '../../../shared/contracts/liaison';
import {
  type Lens,
  type TMoveOut,
  type TResidentInput,
  type TResidentPatch,
  ZBuildingPicture,
  ZRegisterHistory,
} from '../../../shared/contracts/register';
import { ZResident } from '../../../shared/contracts/registry';
import { api, apiUpload } from '../../lib/api';
import { queryKeys, useInvalidateRegister, ZAnyOk } from '../../lib/queries';

export function useBuildingPicture(id: string, lens: Lens) {
  return useQuery({
    queryKey: queryKeys.picture(id, lens),
    queryFn: ({ signal }) =>
      api(`/api/v1/buildings/${encodeURIComponent(id)}/picture?lens=${lens}`, {
        schema: ZBuildingPicture,
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useHouseholdHistory(id: string) {
  return useQuery({
    queryKey: queryKeys.householdHistory(id),
    queryFn: ({ signal }) =>
      api(`/api/v1/households/${encodeURIComponent(id)}/history`, { schema: ZRegisterHistory, signal }),
  });
}

export function useHouseholdCoverHistory(id: string) {
  return useQuery({
    queryKey: queryKeys.householdCover(id),
    queryFn: ({ signal }) =>
      api(`/api/v1/households/${encodeURIComponent(id)}/cover-history`, {
        schema: ZHouseholdCoverHistory,
        signal,
      }),
  });
}

export function useAddResident(householdId: string) {
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: (body: TResidentInput) =>
      api(`/api/v1/households/${encodeURIComponent(householdId)}/residents`, {
        method: 'POST',
        body,
        schema: ZResident,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useEditResident() {
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TResidentPatch }) =>
      api(`/api/v1/residents/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: ZResident }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useMoveOutResident() {
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TMoveOut }) =>
      api(`/api/v1/residents/${encodeURIComponent(id)}/move-out`, { method: 'POST', body, schema: ZAnyOk }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useMoveOutHousehold() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TMoveOut }) =>
      api(`/api/v1/households/${encodeURIComponent(id)}/move-out`, { method: 'POST', body, schema: ZAnyOk }),
    onSuccess: (_result, { id }) => {
      // The household is gone from the register: its page must not be fetched again.
      queryClient.removeQueries({ queryKey: queryKeys.household(id) });
      void invalidate();
    },
  });
}

export function useAssignHousehold() {
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: ({ id, positionId, validFrom }: { id: string; positionId: string; validFrom: string }) =>
      api(`/api/v1/households/${encodeURIComponent(id)}/assign`, {
        method: 'POST',
        body: { positionId, validFrom },
        schema: ZAnyOk,
      }),
    onSuccess: () => {
      void invalidate();
    },
  });
}

export function useImportRegister() {
  const invalidate = useInvalidateRegister();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) =>
      apiUpload(`/api/v1/register/import?dryRun=${dryRun}`, file, ZImportReport),
    onSuccess: (report) => {
      if (report.committed) void invalidate();
    },
  });
}
