import { auditRoutes } from './audit-routes.js';
import { attachmentRoutes } from './files.js';
import type { ModuleManifest } from './modules.js';
import { notificationRoutes } from './notifications-routes.js';
import { rectificationRoutes } from './rectification-routes.js';
import { workflowClockJob, workflowClockSchedule } from './workflow.js';

/**
 * The platform's own routes and audited kinds (accounts, audit log, attachments). Its sign-in
 * and account routes depend on the server's options and are added by app.ts.
 */
export const manifest: ModuleManifest = {
  id: 'platform',
  label: '平台',
  routes: [...auditRoutes, ...attachmentRoutes, ...notificationRoutes, ...rectificationRoutes],
  menu: [
    { id: 'audit', roles: ['committee_admin'] },
    { id: 'notifications', roles: 'any-user' },
    {
      id: 'rectifications',
      roles: ['committee_admin', 'inspector', 'unit_liaison', 'unit_leader'],
    },
  ],
  entities: {
    user: { label: '账号' },
    attachment: { label: '附件' },
    notification: { label: '通知' },
    rectification: { label: '整改' },
    session: { label: '会话' },
  },
  actions: {
    'auth.login': '登录',
    'auth.logout': '退出登录',
    'auth.password': '修改密码',
    'auth.totp.setup': '设置动态口令',
    'auth.totp.enable': '启用动态口令',
    'auth.totp.disable': '停用动态口令',
    'user.init-admin': '创建首个工委管理员',
    'demo.load': '加载演示城市',
    'demo.ledgers': '加载演示台账',
    'demo.reset': '重置演示数据',
    'backup.restore': '从备份恢复',
    'notification.read-all': '全部通知标为已读',
    'rectification.open': '开立整改',
    'rectification.report': '报告整改完成',
    'rectification.accept': '验收销号整改',
    'rectification.reject': '退回整改',
    'rectification.clear': '复查销号整改',
    'rectification.reopen': '重新打开整改',
    'rectification.recheck': '整改复查',
  },
  // Workflow deadlines (every kind's clocks) are swept by one platform job.
  verbs: { 'clock-breached': '超时' },
  jobs: [workflowClockJob as never],
  schedules: [workflowClockSchedule],
  fixtures: () =>
    Promise.all([import('./notifications-fixtures.js'), import('./rectification-fixtures.js')]),
};
