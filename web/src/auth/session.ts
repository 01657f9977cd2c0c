// The signed-in user, fetched once and shared through TanStack Query.
import { useQuery } from '@tanstack/react-query';
import { authApi } from '../api/auth.js';

export const ME_QUERY_KEY = ['me'] as const;

export function useMe() {
  return useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: authApi.me,
    retry: false,
    staleTime: 60_000,
  });
}
