import type { ModuleManifest } from '../platform/modules.js';
import { reminderJob, reminderSchedule } from './reminders.js';
import { complianceRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  id: 'compliance',
  label: '考核要求',
  routes: complianceRoutes,
  menu: [{ id: 'compliance', roles: ['committee_admin', 'unit_liaison', 'unit_leader'] }],
  entities: {
    // A rule edit can change every unit's results.
    requirement: { label: '考核要求', compliance: 'all' },
  },
  jobs: [reminderJob as never],
  schedules: [reminderSchedule],
  fixtures: () => import('./fixtures.js'),
};
