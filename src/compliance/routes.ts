import type { RouteSpec } from '../platform/http.js';
import { route } from '../platform/http.js';
import type { RoleName } from '../platform/tables.js';
import { idParams } from '../platform/validation.js';
import {
  cellQuery,
  overdueQuery,
  requirementCreate,
  requirementEdit,
  yearQuery,
} from './contract.js';
import {
  createRequirement,
  editRequirement,
  getRequirement,
  listRequirements,
} from './requirements.js';
import { cellDetail, cityViewBytes, overdueList, unitView } from './service.js';

const readers: readonly RoleName[] = ['committee_admin', 'unit_liaison', 'unit_leader'];
const committee: readonly RoleName[] = ['committee_admin'];
const tag = '合规';

export const complianceRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/requirements',
    summary: '考核要求（周期规则）列表：当前版本与全部历史版本',
    tag,
    access: { roles: readers },
    schema: {},
    handler: (ctx) => listRequirements(ctx),
  }),
  route({
    method: 'GET',
    url: '/requirements/:id',
    summary: '考核要求详情（按任一版本编号）',
    tag,
    access: { roles: committee },
    entity: 'requirement',
    schema: { params: idParams },
    handler: (ctx) => getRequirement(ctx, ctx.params.id),
  }),
  route({
    method: 'PUT',
    url: '/requirements/:id',
    summary: '修改考核要求：自指定日期起生效的新版本',
    tag,
    access: { roles: committee },
    entity: 'requirement',
    schema: { params: idParams, body: requirementEdit },
    handler: (ctx) => editRequirement(ctx, ctx.params.id, ctx.body),
  }),
  route({
    method: 'POST',
    url: '/requirements',
    summary: '新增考核要求',
    tag,
    access: { roles: committee },
    schema: { body: requirementCreate },
    handler: (ctx) => createRequirement(ctx, ctx.body),
  }),
  route({
    method: 'GET',
    url: '/compliance/city',
    summary: '全市合规总览：单位×类别热力图、排名、逾期清单、月度趋势',
    tag,
    access: { roles: readers },
    schema: { querystring: yearQuery },
    async handler(ctx) {
      const view = await cityViewBytes(ctx, ctx.query);
      ctx.reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      if (/\bgzip\b/.test(String(ctx.request.headers['accept-encoding'] ?? ''))) {
        ctx.reply.header('content-encoding', 'gzip');
        return view.gzip;
      }
      return view.json;
    },
  }),
  route({
    method: 'GET',
    url: '/compliance/cell',
    summary: '热力图单元格明细：要求结果与台账记录',
    tag,
    access: { roles: readers },
    schema: { querystring: cellQuery },
    handler: (ctx) => cellDetail(ctx, ctx.query),
  }),
  route({
    method: 'GET',
    url: '/compliance/unit/:id',
    summary: '单位合规视图：要求、下一截止日期、近期记录',
    tag,
    access: { roles: readers },
    entity: 'unit',
    schema: { params: idParams, querystring: yearQuery },
    handler: (ctx) => unitView(ctx, ctx.params.id, ctx.query),
  }),
  route({
    method: 'GET',
    url: '/compliance/overdue',
    summary: '逾期事项清单',
    tag,
    access: { roles: readers },
    schema: { querystring: overdueQuery },
    handler: (ctx) => overdueList(ctx, ctx.query),
  }),
];
