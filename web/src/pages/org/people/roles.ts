import { ROLES, type Role } from '../../../api/types.js';
import { type MessageId, t } from '../../../locale/zh-CN.js';

const ROLE_LABEL: Record<Role, MessageId> = {
  committee_admin: 'role.committee_admin',
  unit_liaison: 'role.unit_liaison',
  unit_leader: 'role.unit_leader',
  inspector: 'role.inspector',
  duty_officer: 'role.duty_officer',
  editor: 'role.editor',
};

export const ROLE_COLOR: Record<Role, string> = {
  committee_admin: 'red',
  unit_liaison: 'blue',
  unit_leader: 'gold',
  inspector: 'purple',
  duty_officer: 'cyan',
  editor: 'green',
};

export function roleLabel(role: Role): string {
  return ROLE_LABEL[role] ? t(ROLE_LABEL[role]) : role;
}

export function roleOptions(): { label: string; value: Role }[] {
  return ROLES.map((role) => ({ label: roleLabel(role), value: role }));
}
