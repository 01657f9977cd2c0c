// Routes of lecture and forum approval (报告会、论坛审批) and of the positions figures.
import { type RouteSpec, route } from '../platform/http.js';
import { idParams } from '../platform/validation.js';
import { positionFigures, positionSummary } from './figures.js';
import {
  figuresQuery,
  lectureActionLabels,
  lectureDecision,
  lectureInput,
  lectureListQuery,
  lecturePatch,
  summaryQuery,
} from './lecture-contract.js';
import {
  createLecture,
  decide,
  getLecture,
  LECTURE,
  lectureOrganisers,
  listLectures,
  updateLecture,
} from './lectures.js';
import { positionReaders as readers } from './policy.js';

const tag = '阵地建设';

/** The steps; each route lets the organisers' roles through and the policy decides per record. */
const steps = ['submit', 'approve', 'forward', 'committee-approve', 'reject'] as const;

export const lectureRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/lecture-requests',
    summary: '报告会、论坛、讲座审批清单（按单位、状态、未经审批筛选）',
    tag,
    access: { roles: readers },
    schema: { querystring: lectureListQuery },
    handler: (ctx) => listLectures(ctx, ctx.query),
  }),
  route({
    method: 'POST',
    url: '/lecture-requests',
    summary: '登记报告会、论坛或讲座（草稿）',
    tag,
    access: { roles: lectureOrganisers },
    schema: { body: lectureInput },
    async handler(ctx) {
      const created = await createLecture(ctx, ctx.body);
      ctx.reply.code(201);
      return created;
    },
  }),
  route({
    method: 'GET',
    url: '/lecture-requests/:id',
    summary: '报告会、论坛、讲座审批详情',
    tag,
    access: { roles: readers },
    entity: LECTURE,
    schema: { params: idParams },
    handler: (ctx) => getLecture(ctx, ctx.params.id),
  }),
  route({
    method: 'PATCH',
    url: '/lecture-requests/:id',
    summary: '修改报告会、论坛、讲座（草稿或已退回）',
    tag,
    access: { roles: lectureOrganisers },
    entity: LECTURE,
    schema: { params: idParams, body: lecturePatch },
    handler: (ctx) => updateLecture(ctx, ctx.params.id, ctx.body),
  }),
  ...steps.map((action) =>
    route({
      method: 'POST',
      url: `/lecture-requests/:id/${action}`,
      summary: `报告会、论坛、讲座：${lectureActionLabels[action]}`,
      tag,
      access: { roles: lectureOrganisers },
      entity: LECTURE,
      schema: { params: idParams, body: lectureDecision },
      handler: (ctx) => decide(ctx, ctx.params.id, action, ctx.body),
    }),
  ),
  route({
    method: 'GET',
    url: '/position-figures',
    summary: '阵地发布数量（按阵地、按月/季度/年）',
    tag,
    access: { roles: readers },
    schema: { querystring: figuresQuery },
    handler: (ctx) => positionFigures(ctx, ctx.query),
  }),
  route({
    method: 'GET',
    url: '/position-summary',
    summary: '各单位阵地汇总（总数、检查否决未整改、未按期更新）',
    tag,
    access: { roles: ['committee_admin', 'inspector'] },
    schema: { querystring: summaryQuery },
    handler: (ctx) => positionSummary(ctx, ctx.query),
  }),
];
