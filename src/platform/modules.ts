import type { Principal } from './access.js';
import type { RoleName } from './tables.js';

/** A menu module of the web app, shown to callers holding one of its roles. */
export interface ModuleEntry {
  id: string;
  roles: readonly RoleName[] | 'any-user';
}

export function modulesFor(principal: Principal, modules: readonly ModuleEntry[]): string[] {
  return modules
    .filter(
      (m) => m.roles === 'any-user' || principal.bindings.some((b) => m.roles.includes(b.role)),
    )
    .map((m) => m.id);
}
