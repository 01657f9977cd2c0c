import { sql } from 'drizzle-orm';
import type { ModuleManifest } from '../platform/modules.js';
import { exportActivities, importActivities } from './excel.js';
import { activityRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  id: 'activities',
  label: '载体建设',
  routes: activityRoutes,
  menu: [{ id: 'activities', roles: ['committee_admin', 'unit_liaison', 'unit_leader'] }],
  ledgers: {
    activities: {
      label: '活动记录',
      export: (ctx) => exportActivities(ctx),
      import: importActivities,
    },
  },
  // An activity counts on its day, at midnight Beijing time.
  countables: [
    {
      ledger: 'activities',
      select: sql`select a.unit_id, 'activity:' || a.type as type,
        (a.held_on::timestamp at time zone 'Asia/Shanghai') as occurred_at,
        null::text as period_key, null::boolean as first_topic, a.id as record_id
        from activities a`,
    },
  ],
  entities: { activity: { label: '活动记录', compliance: 'unit' } },
  fixtures: () => import('./fixtures.js'),
  demo: () => import('./demo.js'),
};
