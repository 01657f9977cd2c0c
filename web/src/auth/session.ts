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

/**
 * Whether the caller's roles allow a route, e.g. `useCan()('POST /units')`. The server sends the
 * list with /me; it stays the authority and refuses anything else anyway.
 */
export function useCan() {
  const { data: me } = useMe();
  return (route: string) => me?.allowed.includes(route) ?? false;
}
