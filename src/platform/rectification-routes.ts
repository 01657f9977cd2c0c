import { attachmentIdList } from './files.js';
import { type RouteSpec, route } from './http.js';
import {
  createDirective,
  getRectification,
  giveVerdict,
  listRectifications,
  rectificationReaders,
  rectificationStatuses,
  rectificationWorkflow,
  reportRectification,
} from './rectification.js';
import { id, idParams, isoDate, pageQuery, requiredText, text, z } from './validation.js';
import { timelineRoutes } from './workflow-routes.js';

const tag = '整改';

export const rectificationQuery = z.strictObject({
  positionId: id.optional(),
  status: z.enum(rectificationStatuses).optional(),
  unitId: id.optional(),
  source: text(64).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});

/** A deadline given as a Beijing date is the end of that day. */
const deadline = isoDate.transform((d) => new Date(`${d}T23:59:59.999+08:00`));

export const directiveCreate = z.strictObject({
  unitId: id,
  title: requiredText(200),
  text: text(2_000).optional(),
  dueAt: deadline.optional(),
});

export const rectificationReport = z.strictObject({
  note: requiredText(2_000),
  evidenceIds: attachmentIdList.default([]),
});

export const rectificationVerdict = z.strictObject({
  verdict: z.enum(['accept', 'reject']),
  comment: text(2_000).optional(),
});

export const rectificationRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/rectifications',
    summary: '整改清单（单位看本单位及下级，工委看全市；可按阵地、状态、单位、来源筛选）',
    tag,
    access: { roles: rectificationReaders },
    schema: { querystring: rectificationQuery },
    handler: (ctx) => listRectifications(ctx, ctx.query),
  }),
  route({
    method: 'GET',
    url: '/rectifications/:id',
    summary: '整改详情（含佐证材料与可执行操作）',
    tag,
    access: { roles: rectificationReaders },
    entity: 'rectification',
    schema: { params: idParams },
    handler: (ctx) => getRectification(ctx, ctx.params.id),
  }),
  route({
    method: 'POST',
    url: '/rectifications',
    summary: '工委督办：向单位下达整改事项',
    tag,
    access: { roles: ['committee_admin'] },
    schema: { body: directiveCreate },
    async handler(ctx) {
      const created = await createDirective(ctx, ctx.body);
      ctx.reply.code(201);
      return created;
    },
  }),
  route({
    method: 'POST',
    url: '/rectifications/:id/report',
    summary: '单位报告整改完成（附佐证材料）',
    tag,
    // Who may report is the policy's (the unit's liaison or leader); the route admits the readers.
    access: { roles: rectificationReaders },
    entity: 'rectification',
    schema: { params: idParams, body: rectificationReport },
    handler: (ctx) => reportRectification(ctx, ctx.params.id, ctx.body),
  }),
  route({
    method: 'POST',
    url: '/rectifications/:id/verdict',
    summary: '验收整改：通过销号或退回重改（由验收销号的来源）',
    tag,
    // Who may judge is the policy's (committee admin, inspector), and only for acceptance sources.
    access: { roles: rectificationReaders },
    entity: 'rectification',
    schema: { params: idParams, body: rectificationVerdict },
    handler: (ctx) => giveVerdict(ctx, ctx.params.id, ctx.body),
  }),
  // GET /timeline/rectification/:id: every step of one record (办理记录).
  ...timelineRoutes(rectificationWorkflow),
];
