import type { RouteSpec } from '../platform/http.js';
import { route } from '../platform/http.js';
import {
  ledgerEditors as editors,
  excelRoutes,
  ledgerReaders as readers,
} from '../platform/ledger-routes.js';
import { idParams } from '../platform/validation.js';
import {
  personInput,
  personListQuery,
  personPatch,
  unitInput,
  unitListQuery,
  unitPatch,
} from './contract.js';
import {
  exportPeople,
  exportUnits,
  importPeople,
  importUnits,
  peopleTemplate,
  unitTemplate,
} from './excel.js';
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

// The organisation is kept like the ledgers: the committee everywhere, a liaison in their own unit.
const tag = '组织';

export const orgRoutes: RouteSpec[] = [
  ...excelRoutes({
    base: 'units',
    label: '单位',
    entity: 'unit',
    tag,
    template: unitTemplate,
    exporter: exportUnits,
    importer: importUnits,
  }),
  ...excelRoutes({
    base: 'people',
    label: '人员',
    entity: 'person',
    tag,
    template: peopleTemplate,
    exporter: exportPeople,
    importer: importPeople,
  }),
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
