import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type TPreferences, type TSessionResponse, ZPreferences } from '../../../shared/contracts/auth';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/queries';

/** Keeps the look with the account: the whole of it each time, so a retry lands once. */
export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (preferences: TPreferences) =>
      api('/api/v1/auth/me/preferences', { method: 'PUT', body: preferences, schema: ZPreferences }),
    retry: 2,
    onSuccess: (preferences) => {
      queryClient.setQueryData<TSessionResponse | null>(queryKeys.session, (session) =>
        session ? { ...session, preferences } : session,
      );
    },
  });
}
