import { sql } from 'drizzle-orm';
import type { ModuleManifest } from '../platform/modules.js';
import { exportPlans, exportSessions, importPlans, importSessions } from './excel.js';
import { studyRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  id: 'study',
  label: '理论武装',
  routes: studyRoutes,
  menu: [{ id: 'study', roles: ['committee_admin', 'unit_liaison', 'unit_leader'] }],
  ledgers: {
    'study-plans': {
      label: '年度学习计划',
      export: (ctx) => exportPlans(ctx),
      import: importPlans,
    },
    'study-sessions': {
      label: '理论学习和组织生活记录',
      export: (ctx) => exportSessions(ctx),
      import: importSessions,
    },
  },
  countables: [
    {
      ledger: 'study-sessions',
      select: sql`select s.unit_id,
        case s.kind
          when 'central-group' then 'study:central-group'
          when 'party-group' then 'study:party-group'
          when 'talk' then 'study:talk'
          when 'training' then 'training:ideology-staff'
          else 'branch:' || s.kind
        end as type,
        s.held_at as occurred_at, null::text as period_key,
        case when s.kind = 'party-group' then coalesce(s.first_topic, false) end as first_topic,
        s.id as record_id
        from study_sessions s`,
    },
  ],
  entities: {
    'study-plan': { label: '年度学习计划' },
    'study-session': { label: '学习和组织生活记录', compliance: 'unit' },
  },
  fixtures: () => import('./fixtures.js'),
  demo: () => import('./demo.js'),
};
