import { XLSX_MIME } from '../platform/excel.js';
import type { RouteSpec } from '../platform/http.js';
import { route } from '../platform/http.js';
import type { RoleName } from '../platform/tables.js';
import { readUpload, sendFile } from '../platform/uploads.js';
import { idParams } from '../platform/validation.js';
import {
  personInput,
  personListQuery,
  personPatch,
  unitInput,
  unitListQuery,
  unitPatch,
} from './contract.js';
import { exportPeople, exportUnits, importPeople, importUnits } from './excel.js';
import {
  createPerson,
  createUnit,
  getPerson,
  getUnit,
  listPeople,
  listUnits,
  updatePerson,
  updateUnit,
} from './service.js';

/** Who keeps the organisation: the committee for everything, a liaison for their own unit. */
const editors: readonly RoleName[] = ['committee_admin', 'unit_liaison'];
const readers: readonly RoleName[] = ['committee_admin', 'unit_liaison', 'unit_leader'];
const tag = '组织';

export const orgRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/units',
    summary: '单位列表',
    tag,
    access: 'any-user',
    schema: { querystring: unitListQuery },
    handler: (ctx) => listUnits(ctx, ctx.query),
  }),
  route({
    method: 'GET',
    url: '/units/export',
    summary: '导出单位（Excel）',
    tag,
    access: { roles: readers },
    schema: {},
    async handler(ctx) {
      const file = await exportUnits(ctx);
      await ctx.audit({ action: 'unit.export', entity: 'unit' });
      return sendFile(ctx.reply, '单位.xlsx', XLSX_MIME, file);
    },
  }),
  route({
    method: 'POST',
    url: '/units/import',
    summary: '导入单位（Excel）',
    tag,
    access: { roles: editors },
    multipart: true,
    schema: {},
    async handler(ctx) {
      const upload = await readUpload(ctx.request, { extensions: ['xlsx'] });
      return importUnits(ctx, upload.buffer);
    },
  }),
  route({
    method: 'GET',
    url: '/units/:id',
    summary: '单位详情',
    tag,
    access: 'any-user',
    entity: 'unit',
    schema: { params: idParams },
    handler: (ctx) => getUnit(ctx, ctx.params.id),
  }),
  route({
    method: 'POST',
    url: '/units',
    summary: '新建单位',
    tag,
    access: { roles: editors },
    schema: { body: unitInput },
    handler: (ctx) => createUnit(ctx, ctx.body),
  }),
  route({
    method: 'PATCH',
    url: '/units/:id',
    summary: '修改单位',
    tag,
    access: { roles: editors },
    entity: 'unit',
    schema: { params: idParams, body: unitPatch },
    handler: (ctx) => updateUnit(ctx, ctx.params.id, ctx.body),
  }),
  route({
    method: 'GET',
    url: '/people',
    summary: '人员列表',
    tag,
    access: { roles: readers },
    schema: { querystring: personListQuery },
    handler: (ctx) => listPeople(ctx, ctx.query),
  }),
  route({
    method: 'GET',
    url: '/people/export',
    summary: '导出人员（Excel）',
    tag,
    access: { roles: readers },
    schema: {},
    async handler(ctx) {
      const file = await exportPeople(ctx);
      await ctx.audit({ action: 'person.export', entity: 'person' });
      return sendFile(ctx.reply, '人员.xlsx', XLSX_MIME, file);
    },
  }),
  route({
    method: 'POST',
    url: '/people/import',
    summary: '导入人员（Excel）',
    tag,
    access: { roles: editors },
    multipart: true,
    schema: {},
    async handler(ctx) {
      const upload = await readUpload(ctx.request, { extensions: ['xlsx'] });
      return importPeople(ctx, upload.buffer);
    },
  }),
  route({
    method: 'GET',
    url: '/people/:id',
    summary: '人员详情',
    tag,
    access: { roles: readers },
    entity: 'person',
    schema: { params: idParams },
    handler: (ctx) => getPerson(ctx, ctx.params.id),
  }),
  route({
    method: 'POST',
    url: '/people',
    summary: '新建人员',
    tag,
    access: { roles: editors },
    schema: { body: personInput },
    handler: (ctx) => createPerson(ctx, ctx.body),
  }),
  route({
    method: 'PATCH',
    url: '/people/:id',
    summary: '修改人员',
    tag,
    access: { roles: editors },
    entity: 'person',
    schema: { params: idParams, body: personPatch },
    handler: (ctx) => updatePerson(ctx, ctx.params.id, ctx.body),
  }),
];
