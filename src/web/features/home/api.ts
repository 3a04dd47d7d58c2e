import { useQuery } from '@tanstack/react-query';
import { ZUserList } from '../../../shared/contracts/users';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/queries';

export function useUsers(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.users,
    queryFn: ({ signal }) => api('/api/v1/users', { schema: ZUserList, signal }),
    enabled,
  });
}
