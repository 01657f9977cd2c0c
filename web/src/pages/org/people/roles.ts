import { ROLES, type Role, roleLabels } from '../../../api/types.js';

export const ROLE_COLOR: Record<Role, string> = {
  committee_admin: 'red',
  unit_liaison: 'blue',
  unit_leader: 'gold',
  inspector: 'purple',
  duty_officer: 'cyan',
  editor: 'green',
  reviewer: 'lime',
};

/** Role names come from the server's contract (src/platform/contract.ts), the one list. */
export function roleLabel(role: Role): string {
  return roleLabels[role] ?? role;
}

export function roleOptions(): { label: string; value: Role }[] {
  return ROLES.map((role) => ({ label: roleLabel(role), value: role }));
}
