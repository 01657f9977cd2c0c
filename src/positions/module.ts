import type { ModuleManifest } from '../platform/modules.js';
import { nightlyJob, nightlySchedule, siteCheckJob } from './checks.js';
import { exportPositions, importPositions } from './excel.js';
import { positionRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  id: 'positions',
  label: '阵地建设',
  routes: positionRoutes,
  menu: [
    { id: 'positions', roles: ['committee_admin', 'inspector', 'unit_liaison', 'unit_leader'] },
  ],
  ledgers: {
    positions: {
      label: '阵地台账',
      export: (ctx) => exportPositions(ctx),
      import: importPositions,
    },
  },
  entities: {
    position: {
      label: '阵地',
      fields: {
        url: '网址',
        platform: '平台',
        accountId: '账号',
        ownerPersonId: '负责人',
        cadenceDays: '更新周期（天）',
        interaction: '互动栏目',
        statusOn: '状态日期',
        event: '事件',
        date: '日期',
        checkId: '检查编号',
        sites: '网站数',
        queued: '已排队',
      },
    },
    'position-check': { label: '网站检查' },
    'monitor-allow': { label: '网站检查内网白名单', fields: { entry: '主机或网段' } },
  },
  actions: {
    'position.event': '登记阵地变更',
    'position.check': '发起网站检查',
    'position.schedule': '安排夜间网站巡检',
  },
  jobs: [siteCheckJob as never, nightlyJob as never],
  schedules: [nightlySchedule],
  fixtures: () => import('./fixtures.js'),
  demo: () => import('./demo.js'),
};
