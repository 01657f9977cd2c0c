// Units and people (the org module).
import { api } from './client.js';
import type {
  CreatedPerson,
  Page,
  PageQuery,
  Person,
  PersonInput,
  Unit,
  UnitInput,
} from './types.js';

export interface UnitQuery extends PageQuery {
  q?: string;
  parentId?: number;
}

export interface PersonQuery extends PageQuery {
  q?: string;
  unitId?: number;
}

export const unitsApi = {
  list: (query: UnitQuery) => api.get<Page<Unit>>('/units', { ...query }),
  /** Every unit the caller may see (no page): for trees, pickers and parent names. */
  all: () => api.get<Page<Unit>>('/units'),
  get: (id: number) => api.get<Unit>(`/units/${id}`),
  create: (input: UnitInput) => api.post<Unit>('/units', input),
  update: (id: number, input: Partial<UnitInput>) => api.patch<Unit>(`/units/${id}`, input),
  exportUrl: '/api/v1/units/export',
  import: (file: File) => api.upload<{ imported: number }>('/units/import', file),
};

export const peopleApi = {
  list: (query: PersonQuery) => api.get<Page<Person>>('/people', { ...query }),
  get: (id: number) => api.get<Person>(`/people/${id}`),
  create: (input: PersonInput) => api.post<CreatedPerson>('/people', input),
  update: (id: number, input: Partial<PersonInput>) => api.patch<Person>(`/people/${id}`, input),
  endSessions: (id: number) => api.post<{ sessions: number }>(`/people/${id}/end-sessions`),
  resetPassword: (id: number) =>
    api.post<{ initialPassword: string }>(`/people/${id}/reset-password`),
  exportUrl: '/api/v1/people/export',
  import: (file: File) => api.upload<{ imported: number }>('/people/import', file),
};
