import type { RouteSpec } from '../platform/http.js';
import { route } from '../platform/http.js';
import type { RoleName } from '../platform/tables.js';
import { readUpload } from '../platform/uploads.js';
import {
  dictionaryEntryInput,
  dictionaryEntryPatch,
  dictionaryListQuery,
  entryIdParams,
  proofreadInput,
} from './contract.js';
import { docxText, MAX_DOCX_BYTES } from './docx.js';
import {
  createEntry,
  getEntry,
  listEntries,
  proofreadText,
  resetEntry,
  updateEntry,
} from './service.js';

/** One dictionary serves the whole city: only the committee keeps it. */
const keepers: readonly RoleName[] = ['committee_admin'];
const tag = '校对';
const entity = 'dictionary-entry';

export const proofreadingRoutes: RouteSpec[] = [
  route({
    method: 'POST',
    url: '/proofread',
    summary: '校对文本（规范表述、错别字、个人信息、密级标志）',
    tag,
    access: 'any-user',
    // The editor re-checks as the user types (debounced); this bounds a runaway client.
    rateLimit: 600,
    schema: { body: proofreadInput },
    // Not audited: checking a draft changes nothing, and every keystroke pause would be a record.
    handler: (ctx) => proofreadText(ctx, ctx.body),
  }),
  route({
    method: 'POST',
    url: '/proofread/docx',
    summary: '读取 Word 文档（.docx）的正文段落，供校对',
    tag,
    access: 'any-user',
    multipart: true,
    schema: {},
    // Not audited, like a check: the file is read and answered, nothing is kept.
    async handler(ctx) {
      const upload = await readUpload(ctx.request, {
        extensions: ['docx'],
        maxBytes: MAX_DOCX_BYTES,
      });
      return docxText(upload.buffer);
    },
  }),
  route({
    method: 'GET',
    url: '/dictionary',
    summary: '校对词库列表（内置词条与管理员修改合并）',
    tag,
    access: { roles: keepers },
    schema: { querystring: dictionaryListQuery },
    handler: (ctx) => listEntries(ctx, ctx.query),
  }),
  route({
    method: 'GET',
    url: '/dictionary/:id',
    summary: '校对词条详情',
    tag,
    access: { roles: keepers },
    entity,
    schema: { params: entryIdParams },
    handler: (ctx) => getEntry(ctx, ctx.params.id),
  }),
  route({
    method: 'POST',
    url: '/dictionary',
    summary: '新增校对词条',
    tag,
    access: { roles: keepers },
    schema: { body: dictionaryEntryInput },
    handler: (ctx) => createEntry(ctx, ctx.body),
  }),
  route({
    method: 'PATCH',
    url: '/dictionary/:id',
    summary: '修改、停用或启用校对词条',
    tag,
    access: { roles: keepers },
    entity,
    schema: { params: entryIdParams, body: dictionaryEntryPatch },
    handler: (ctx) => updateEntry(ctx, ctx.params.id, ctx.body),
  }),
  route({
    method: 'DELETE',
    url: '/dictionary/:id',
    summary: '恢复内置词条或删除新增词条',
    tag,
    access: { roles: keepers },
    entity,
    schema: { params: entryIdParams },
    handler: (ctx) => resetEntry(ctx, ctx.params.id),
  }),
];
