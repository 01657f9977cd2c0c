import { type RouteSpec, route } from '../platform/http.js';
import {
  ledgerEditors as editors,
  excelRoutes,
  ledgerReaders as readers,
} from '../platform/ledger-routes.js';
import { idParams } from '../platform/validation.js';
import { activityInput, activityListQuery, activityPatch, totalsQuery } from './contract.js';
import { activityTemplate, exportActivities, importActivities } from './excel.js';
import {
  activityTotals,
  createActivity,
  deleteActivity,
  getActivity,
  listActivities,
  updateActivity,
} from './service.js';

const tag = '载体建设';

export const activityRoutes: RouteSpec[] = [
  ...excelRoutes({
    base: 'activities',
    label: '活动记录',
    entity: 'activity',
    tag,
    template: activityTemplate,
    exporter: exportActivities,
    importer: importActivities,
  }),
  route({
    method: 'GET',
    url: '/activities/totals',
    summary: '活动场次、参与和受益人数合计（按单位、类型、月份或品牌项目）',
    tag,
    access: { roles: readers },
    schema: { querystring: totalsQuery },
    handler: (ctx) => activityTotals(ctx, ctx.query),
  }),
  route({
    method: 'GET',
    url: '/activities',
    summary: '活动记录列表',
    tag,
    access: { roles: readers },
    schema: { querystring: activityListQuery },
    handler: (ctx) => listActivities(ctx, ctx.query),
  }),
  route({
    method: 'POST',
    url: '/activities',
    summary: '登记活动',
    tag,
    access: { roles: editors },
    schema: { body: activityInput },
    handler: (ctx) => createActivity(ctx, ctx.body),
  }),
  route({
    method: 'GET',
    url: '/activities/:id',
    summary: '活动详情',
    tag,
    access: { roles: readers },
    entity: 'activity',
    schema: { params: idParams },
    handler: (ctx) => getActivity(ctx, ctx.params.id),
  }),
  route({
    method: 'PATCH',
    url: '/activities/:id',
    summary: '修改活动',
    tag,
    access: { roles: editors },
    entity: 'activity',
    schema: { params: idParams, body: activityPatch },
    handler: (ctx) => updateActivity(ctx, ctx.params.id, ctx.body),
  }),
  route({
    method: 'DELETE',
    url: '/activities/:id',
    summary: '删除活动',
    tag,
    access: { roles: editors },
    entity: 'activity',
    schema: { params: idParams },
    handler: (ctx) => deleteActivity(ctx, ctx.params.id),
  }),
];
