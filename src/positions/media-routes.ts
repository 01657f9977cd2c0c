// Routes of new-media monitoring and of check-ins at physical positions (all under a position).

import { XLSX_MIME } from '../platform/excel.js';
import { type RouteSpec, route } from '../platform/http.js';
import { readUpload, sendFile } from '../platform/uploads.js';
import { idParams } from '../platform/validation.js';
import { addCheckin, listCheckins } from './checkins.js';
import {
  addAttestation,
  getFeedOverview,
  importPosts,
  listPosts,
  postTemplate,
  requestFeedCheck,
  setFeedConfig,
} from './media.js';
import {
  attestationInput,
  checkinInput,
  feedConfigInput,
  mediaListQuery,
} from './media-contract.js';
import { positionEditors as editors, positionReaders as readers } from './policy.js';
import { loadPosition } from './service.js';

const tag = '阵地建设';

export const mediaRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/positions/:id/feed',
    summary: '新媒体账号的监测方式、最近检查结果与检查记录',
    tag,
    access: { roles: readers },
    entity: 'position',
    schema: { params: idParams },
    handler: (ctx) => getFeedOverview(ctx, ctx.params.id),
  }),
  route({
    method: 'PUT',
    url: '/positions/:id/feed',
    summary: '设置新媒体账号的监测方式（订阅源、导入发布清单或负责人声明）',
    tag,
    access: { roles: editors },
    entity: 'position',
    schema: { params: idParams, body: feedConfigInput },
    handler: (ctx) => setFeedConfig(ctx, ctx.params.id, ctx.body),
  }),
  route({
    method: 'POST',
    url: '/positions/:id/feed-checks',
    summary: '立即检查新媒体账号的更新情况（后台任务）',
    tag,
    access: { roles: editors },
    entity: 'position',
    schema: { params: idParams },
    async handler(ctx) {
      const check = await requestFeedCheck(ctx, ctx.params.id);
      ctx.reply.code(202);
      return check;
    },
  }),
  route({
    method: 'GET',
    url: '/positions/:id/posts',
    summary: '新媒体账号已记录的发布（最新在前）',
    tag,
    access: { roles: readers },
    entity: 'position',
    schema: { params: idParams, querystring: mediaListQuery },
    handler: (ctx) => listPosts(ctx, ctx.params.id, ctx.query),
  }),
  route({
    method: 'GET',
    url: '/position-posts/template',
    summary: '下载发布清单导入模板（Excel：日期、标题、链接）',
    tag,
    access: { roles: readers },
    schema: {},
    async handler(ctx) {
      return sendFile(ctx.reply, '发布清单模板.xlsx', XLSX_MIME, await postTemplate());
    },
  }),
  route({
    method: 'POST',
    url: '/positions/:id/posts/import',
    summary: '导入新媒体账号的发布清单（Excel，全部通过才写入）',
    tag,
    access: { roles: editors },
    entity: 'position',
    multipart: true,
    schema: { params: idParams },
    async handler(ctx) {
      // The position (and so its unit) is checked before the upload is read.
      await loadPosition(ctx, ctx.params.id);
      const upload = await readUpload(ctx.request, { extensions: ['xlsx'] });
      return importPosts(ctx, ctx.params.id, upload.buffer);
    },
  }),
  route({
    method: 'POST',
    url: '/positions/:id/attestations',
    summary: '登记负责人声明（账号在某日有更新）',
    tag,
    access: { roles: editors },
    entity: 'position',
    schema: { params: idParams, body: attestationInput },
    async handler(ctx) {
      const created = await addAttestation(ctx, ctx.params.id, ctx.body);
      ctx.reply.code(201);
      return created;
    },
  }),
  route({
    method: 'GET',
    url: '/positions/:id/checkins',
    summary: '阵地打卡记录（含是否逾期）',
    tag,
    access: { roles: readers },
    entity: 'position',
    schema: { params: idParams },
    handler: (ctx) => listCheckins(ctx, ctx.params.id),
  }),
  route({
    method: 'POST',
    url: '/positions/:id/checkins',
    summary: '阵地打卡（日期、展示内容、照片）',
    tag,
    access: { roles: editors },
    entity: 'position',
    schema: { params: idParams, body: checkinInput },
    async handler(ctx) {
      const created = await addCheckin(ctx, ctx.params.id, ctx.body);
      ctx.reply.code(201);
      return created;
    },
  }),
];
