import type { ModuleManifest } from '../platform/modules.js';
import { timelineRoutes } from '../platform/workflow-routes.js';
import { checkinOverdueJob, checkinOverdueSchedule } from './checkins.js';
import { nightlyJob, nightlySchedule, siteCheckJob } from './checks.js';
import { exportPositions, importPositions } from './excel.js';
import { lectureRoutes } from './lecture-routes.js';
import { lectureWorkflow, unapprovedJob, unapprovedSchedule } from './lectures.js';
import { feedCheckJob, nightlyFeedJob, nightlyFeedSchedule } from './media.js';
import { mediaRoutes } from './media-routes.js';
import { positionRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  id: 'positions',
  label: '阵地建设',
  routes: [...positionRoutes, ...mediaRoutes, ...lectureRoutes, ...timelineRoutes(lectureWorkflow)],
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
        source: '监测方式',
        feedUrl: '订阅源地址',
        rows: '行数',
        imported: '导入条数',
        note: '说明',
        checkedOn: '打卡日期',
        content: '展示内容',
        attachmentIds: '照片',
        accounts: '账号数',
      },
    },
    'position-check': { label: '网站检查' },
    'monitor-allow': { label: '网站检查内网白名单', fields: { entry: '主机或网段' } },
    'lecture-request': {
      label: '报告会论坛审批',
      fields: {
        topic: '主题',
        speaker: '报告人',
        speakerAffiliation: '报告人单位',
        outsideSpeaker: '外请报告人',
        audience: '听众',
        audienceSize: '听众人数',
        startsAt: '举办时间',
        place: '地点',
        attachmentIds: '材料',
        reason: '理由',
        positionId: '阵地',
        submittedBy: '提交人',
        createdBy: '登记人',
      },
    },
  },
  actions: {
    'position.event': '登记阵地变更',
    'position.check': '发起网站检查',
    'position.schedule': '安排夜间网站巡检',
    'position.feed': '设置新媒体监测方式',
    'position.feed-check': '发起新媒体账号检查',
    'position.feed-schedule': '安排夜间新媒体巡检',
    'position.import-posts': '导入发布清单',
    'position.attest': '登记负责人声明',
    'position.checkin': '阵地打卡',
    'lecture-request.submit': '提交报告会审批',
    'lecture-request.approve': '审批通过报告会',
    'lecture-request.forward': '同意报告会并报工委审批',
    'lecture-request.committee-approve': '工委审批通过报告会',
    'lecture-request.reject': '退回报告会审批',
  },
  jobs: [
    siteCheckJob as never,
    nightlyJob as never,
    feedCheckJob as never,
    nightlyFeedJob as never,
    checkinOverdueJob as never,
    unapprovedJob as never,
  ],
  schedules: [nightlySchedule, nightlyFeedSchedule, checkinOverdueSchedule, unapprovedSchedule],
  fixtures: () => import('./fixtures.js'),
  demo: () => import('./demo.js'),
};
