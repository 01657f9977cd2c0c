import { type RouteSpec, route } from '../platform/http.js';
import { excelRoutes } from '../platform/ledger-routes.js';
import { idParams } from '../platform/validation.js';
import {
  addMonitorAllow,
  getCheck,
  listChecks,
  listMonitorAllow,
  removeMonitorAllow,
  requestCheck,
} from './checks.js';
import {
  checkListQuery,
  monitorAllowInput,
  positionEventInput,
  positionInput,
  positionListQuery,
  positionPatch,
} from './contract.js';
import { exportPositions, importPositions, positionTemplate } from './excel.js';
import { positionEditors as editors, positionReaders as readers } from './policy.js';
import {
  addPositionEvent,
  createPosition,
  getPosition,
  listPositions,
  updatePosition,
} from './service.js';

const tag = '阵地建设';

export const positionRoutes: RouteSpec[] = [
  ...excelRoutes({
    base: 'positions',
    label: '阵地台账',
    entity: 'position',
    tag,
    template: positionTemplate,
    exporter: exportPositions,
    importer: importPositions,
  }),
  route({
    method: 'GET',
    url: '/positions',
    summary: '阵地清单（按单位、类型、状态筛选）',
    tag,
    access: { roles: readers },
    schema: { querystring: positionListQuery },
    handler: (ctx) => listPositions(ctx, ctx.query),
  }),
  route({
    method: 'POST',
    url: '/positions',
    summary: '登记阵地（开设）',
    tag,
    access: { roles: editors },
    schema: { body: positionInput },
    async handler(ctx) {
      const created = await createPosition(ctx, ctx.body);
      ctx.reply.code(201);
      return created;
    },
  }),
  route({
    method: 'GET',
    url: '/positions/:id',
    summary: '阵地详情（含变更记录、最近检查）',
    tag,
    access: { roles: readers },
    entity: 'position',
    schema: { params: idParams },
    handler: (ctx) => getPosition(ctx, ctx.params.id),
  }),
  route({
    method: 'PATCH',
    url: '/positions/:id',
    summary: '修改阵地信息',
    tag,
    access: { roles: editors },
    entity: 'position',
    schema: { params: idParams, body: positionPatch },
    handler: (ctx) => updatePosition(ctx, ctx.params.id, ctx.body),
  }),
  route({
    method: 'POST',
    url: '/positions/:id/events',
    summary: '登记阵地变更、停更公告、关停或注销',
    tag,
    access: { roles: editors },
    entity: 'position',
    schema: { params: idParams, body: positionEventInput },
    async handler(ctx) {
      const after = await addPositionEvent(ctx, ctx.params.id, ctx.body);
      ctx.reply.code(201);
      return after;
    },
  }),
  route({
    method: 'POST',
    url: '/positions/:id/checks',
    summary: '立即检查网站（后台任务；同一网站同时只有一次检查）',
    tag,
    access: { roles: editors },
    entity: 'position',
    schema: { params: idParams },
    async handler(ctx) {
      const check = await requestCheck(ctx, ctx.params.id);
      ctx.reply.code(202);
      return check;
    },
  }),
  route({
    method: 'GET',
    url: '/positions/:id/checks',
    summary: '网站检查记录（最新在前）',
    tag,
    access: { roles: readers },
    entity: 'position',
    schema: { params: idParams, querystring: checkListQuery },
    handler: (ctx) => listChecks(ctx, ctx.params.id, ctx.query),
  }),
  route({
    method: 'GET',
    url: '/position-checks/:id',
    summary: '一次网站检查的报告（含进度与问题清单）',
    tag,
    access: { roles: readers },
    entity: 'position-check',
    schema: { params: idParams },
    handler: (ctx) => getCheck(ctx, ctx.params.id),
  }),
  route({
    method: 'GET',
    url: '/monitor-allow',
    summary: '网站检查内网白名单',
    tag,
    access: { roles: ['committee_admin'] },
    schema: {},
    handler: (ctx) => listMonitorAllow(ctx),
  }),
  route({
    method: 'POST',
    url: '/monitor-allow',
    summary: '加入网站检查内网白名单（主机名、IP 或网段）',
    tag,
    access: { roles: ['committee_admin'] },
    schema: { body: monitorAllowInput },
    async handler(ctx) {
      const created = await addMonitorAllow(ctx, ctx.body);
      ctx.reply.code(201);
      return created;
    },
  }),
  route({
    method: 'DELETE',
    url: '/monitor-allow/:id',
    summary: '移出网站检查内网白名单',
    tag,
    access: { roles: ['committee_admin'] },
    entity: 'monitor-allow',
    schema: { params: idParams },
    handler: (ctx) => removeMonitorAllow(ctx, ctx.params.id),
  }),
];
