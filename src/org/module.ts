import type { ModuleManifest } from '../platform/modules.js';
import { exportPeople, exportUnits, importPeople, importUnits } from './excel.js';
import { orgRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  id: 'org',
  label: '单位与人员',
  routes: orgRoutes,
  menu: [{ id: 'org', roles: ['committee_admin', 'unit_liaison', 'unit_leader'] }],
  ledgers: {
    units: { label: '单位', export: exportUnits, import: importUnits },
    people: { label: '人员', export: exportPeople, import: importPeople },
  },
  entities: {
    // The unit tree decides who each rule applies to: any change recomputes every result.
    unit: { label: '单位', compliance: 'all' },
    person: { label: '人员' },
  },
  actions: {
    'user.sessions.end': '使账号的所有登录失效',
    'user.password.reset': '重置账号密码',
  },
  fixtures: () => import('./fixtures.js'),
};
