import { sql } from 'drizzle-orm';
import type { ModuleManifest } from '../platform/modules.js';
import { timelineRoutes } from '../platform/workflow-routes.js';
import {
  exportAssignments,
  exportLetters,
  exportMeetings,
  exportMembers,
  exportReports,
  importAssignments,
  importLetters,
  importMeetings,
  importMembers,
  importReports,
} from './excel.js';
import { responsibilityRoutes } from './routes.js';
import { letterWorkflow } from './service.js';

export const manifest: ModuleManifest = {
  id: 'responsibility',
  label: '责任制',
  routes: [...responsibilityRoutes, ...timelineRoutes(letterWorkflow)],
  menu: [{ id: 'responsibility', roles: ['committee_admin', 'unit_liaison', 'unit_leader'] }],
  ledgers: {
    'leading-group-members': {
      label: '意识形态工作领导小组成员',
      export: (ctx) => exportMembers(ctx),
      import: importMembers,
    },
    'responsibility-assignments': {
      label: '意识形态工作责任分工',
      export: (ctx) => exportAssignments(ctx),
      import: importAssignments,
    },
    'responsibility-letters': {
      label: '意识形态工作责任书',
      export: (ctx) => exportLetters(ctx),
      import: importLetters,
    },
    'agenda-meetings': {
      label: '专题研究和分析研判会议',
      export: (ctx) => exportMeetings(ctx),
      import: importMeetings,
    },
    'yearly-reports': {
      label: '向市委报告落实责任制情况',
      export: (ctx) => exportReports(ctx),
      import: importReports,
    },
  },
  // Dates (letters, reports) count at midnight Beijing time of their day.
  countables: [
    {
      ledger: 'agenda-meetings',
      select: sql`select m.unit_id, 'meeting:' || m.kind as type, m.held_at as occurred_at,
        null::text as period_key, null::boolean as first_topic, m.id as record_id
        from agenda_meetings m`,
    },
    {
      ledger: 'yearly-reports',
      select: sql`select r.unit_id, 'report:yearly' as type,
        (r.submitted_on::timestamp at time zone 'Asia/Shanghai') as occurred_at,
        r.year::text as period_key, null::boolean as first_topic, r.id as record_id
        from yearly_reports r`,
    },
    {
      ledger: 'responsibility-letters',
      select: sql`select l.unit_id, 'letter:signed' as type,
        (l.signed_on::timestamp at time zone 'Asia/Shanghai') as occurred_at,
        l.year::text as period_key, null::boolean as first_topic, l.id as record_id
        from responsibility_letters l
        where l.status = 'signed' and l.signed_on is not null`,
    },
  ],
  entities: {
    'leading-group': { label: '意识形态工作领导小组', compliance: 'unit' },
    'leading-group-member': { label: '领导小组成员', compliance: 'unit' },
    'responsibility-assignment': { label: '责任分工' },
    'responsibility-letter': { label: '意识形态工作责任书', compliance: 'unit' },
    'agenda-meeting': { label: '专题研究会议', compliance: 'unit' },
    'yearly-report': { label: '年度落实情况报告', compliance: 'unit' },
  },
  verbs: { sign: '签订', issue: '下发', reopen: '撤销签订' },
  fixtures: () => import('./fixtures.js'),
  demo: () => import('./demo.js'),
};
