import type { ServiceContext } from '../platform/context.js';
import { XLSX_MIME } from '../platform/excel.js';
import { type RouteSpec, route } from '../platform/http.js';
import type { RoleName } from '../platform/tables.js';
import { readUpload, sendFile } from '../platform/uploads.js';
import { id, idParams, z } from '../platform/validation.js';
import {
  assignmentInput,
  assignmentListQuery,
  assignmentPatch,
  leadingGroupInput,
  leadingGroupListQuery,
  letterInput,
  letterIssue,
  letterListQuery,
  letterPatch,
  letterSign,
  meetingInput,
  meetingListQuery,
  meetingPatch,
  reportInput,
  reportListQuery,
  reportPatch,
  year,
} from './contract.js';
import {
  type ExportQuery,
  exportLetters,
  exportMeetings,
  exportReports,
  importLetters,
  importMeetings,
  importReports,
  letterTemplate,
  meetingTemplate,
  reportTemplate,
} from './excel.js';
import {
  createAssignment,
  createLetter,
  createMeeting,
  createReport,
  deleteAssignment,
  deleteLetter,
  deleteMeeting,
  deleteReport,
  getAssignment,
  getLeadingGroup,
  getLetter,
  getMeeting,
  getReport,
  issueLetters,
  listAssignments,
  listLeadingGroups,
  listLetters,
  listMeetings,
  listReports,
  saveLeadingGroup,
  signLetter,
  updateAssignment,
  updateLetter,
  updateMeeting,
  updateReport,
} from './service.js';

/** The liaison keeps the ledgers; the leader reads them and signs letters; the committee all. */
export const editors: readonly RoleName[] = ['committee_admin', 'unit_liaison'];
export const readers: readonly RoleName[] = ['committee_admin', 'unit_liaison', 'unit_leader'];
const tag = '责任制';

export const exportQuery = z.strictObject({ unitId: id.optional(), year: year.optional() });

/** Template, export and all-or-nothing import of one ledger, under `/<base>/…`. */
export function excelRoutes(spec: {
  base: string;
  label: string;
  entity: string;
  tag: string;
  template: () => Promise<Buffer>;
  exporter: (ctx: ServiceContext, query: ExportQuery) => Promise<Buffer>;
  importer: (ctx: ServiceContext, file: Buffer) => Promise<{ imported: number }>;
}): RouteSpec[] {
  return [
    route({
      method: 'GET',
      url: `/${spec.base}/template`,
      summary: `下载${spec.label}导入模板（Excel）`,
      tag: spec.tag,
      access: { roles: readers },
      schema: {},
      async handler(ctx) {
        return sendFile(ctx.reply, `${spec.label}模板.xlsx`, XLSX_MIME, await spec.template());
      },
    }),
    route({
      method: 'GET',
      url: `/${spec.base}/export`,
      summary: `导出${spec.label}（Excel）`,
      tag: spec.tag,
      access: { roles: readers },
      schema: { querystring: exportQuery },
      async handler(ctx) {
        const file = await spec.exporter(ctx, ctx.query);
        await ctx.audit({ action: `${spec.entity}.export`, entity: spec.entity, after: ctx.query });
        return sendFile(ctx.reply, `${spec.label}.xlsx`, XLSX_MIME, file);
      },
    }),
    route({
      method: 'POST',
      url: `/${spec.base}/import`,
      summary: `导入${spec.label}（Excel，全部通过才写入）`,
      tag: spec.tag,
      access: { roles: editors },
      multipart: true,
      schema: {},
      async handler(ctx) {
        const upload = await readUpload(ctx.request, { extensions: ['xlsx'] });
        return spec.importer(ctx, upload.buffer);
      },
    }),
  ];
}

export const responsibilityRoutes: RouteSpec[] = [
  // leading groups
  route({
    method: 'GET',
    url: '/leading-groups',
    summary: '意识形态工作领导小组列表',
    tag,
    access: { roles: readers },
    schema: { querystring: leadingGroupListQuery },
    handler: (ctx) => listLeadingGroups(ctx, ctx.query),
  }),
  route({
    method: 'PUT',
    url: '/leading-groups',
    summary: '设立或调整单位的领导小组（整体替换成员）',
    tag,
    access: { roles: editors },
    schema: { body: leadingGroupInput },
    handler: (ctx) => saveLeadingGroup(ctx, ctx.body),
  }),
  route({
    method: 'GET',
    url: '/leading-groups/:id',
    summary: '领导小组详情',
    tag,
    access: { roles: readers },
    entity: 'leading-group',
    schema: { params: idParams },
    handler: (ctx) => getLeadingGroup(ctx, ctx.params.id),
  }),
  // responsibility assignments
  route({
    method: 'GET',
    url: '/responsibility-assignments',
    summary: '责任分工列表',
    tag,
    access: { roles: readers },
    schema: { querystring: assignmentListQuery },
    handler: (ctx) => listAssignments(ctx, ctx.query),
  }),
  route({
    method: 'POST',
    url: '/responsibility-assignments',
    summary: '新建责任分工',
    tag,
    access: { roles: editors },
    schema: { body: assignmentInput },
    handler: (ctx) => createAssignment(ctx, ctx.body),
  }),
  route({
    method: 'GET',
    url: '/responsibility-assignments/:id',
    summary: '责任分工详情',
    tag,
    access: { roles: readers },
    entity: 'responsibility-assignment',
    schema: { params: idParams },
    handler: (ctx) => getAssignment(ctx, ctx.params.id),
  }),
  route({
    method: 'PATCH',
    url: '/responsibility-assignments/:id',
    summary: '修改责任分工',
    tag,
    access: { roles: editors },
    entity: 'responsibility-assignment',
    schema: { params: idParams, body: assignmentPatch },
    handler: (ctx) => updateAssignment(ctx, ctx.params.id, ctx.body),
  }),
  route({
    method: 'DELETE',
    url: '/responsibility-assignments/:id',
    summary: '删除责任分工',
    tag,
    access: { roles: editors },
    entity: 'responsibility-assignment',
    schema: { params: idParams },
    handler: (ctx) => deleteAssignment(ctx, ctx.params.id),
  }),
  // letters
  ...excelRoutes({
    base: 'responsibility-letters',
    label: '意识形态工作责任书',
    entity: 'responsibility-letter',
    tag,
    template: letterTemplate,
    exporter: exportLetters,
    importer: importLetters,
  }),
  route({
    method: 'GET',
    url: '/responsibility-letters',
    summary: '责任书列表',
    tag,
    access: { roles: readers },
    schema: { querystring: letterListQuery },
    handler: (ctx) => listLetters(ctx, ctx.query),
  }),
  route({
    method: 'POST',
    url: '/responsibility-letters',
    summary: '新建责任书',
    tag,
    access: { roles: editors },
    schema: { body: letterInput },
    handler: (ctx) => createLetter(ctx, ctx.body),
  }),
  route({
    method: 'POST',
    url: '/responsibility-letters/issue',
    summary: '向领导小组全体成员下发本年度责任书（待签订）',
    tag,
    access: { roles: editors },
    schema: { body: letterIssue },
    handler: (ctx) => issueLetters(ctx, ctx.body),
  }),
  route({
    method: 'GET',
    url: '/responsibility-letters/:id',
    summary: '责任书详情',
    tag,
    access: { roles: readers },
    entity: 'responsibility-letter',
    schema: { params: idParams },
    handler: (ctx) => getLetter(ctx, ctx.params.id),
  }),
  route({
    method: 'PATCH',
    url: '/responsibility-letters/:id',
    summary: '修改责任书',
    tag,
    access: { roles: editors },
    entity: 'responsibility-letter',
    schema: { params: idParams, body: letterPatch },
    handler: (ctx) => updateLetter(ctx, ctx.params.id, ctx.body),
  }),
  route({
    method: 'POST',
    url: '/responsibility-letters/:id/sign',
    summary: '签订责任书（登记签订日期和签字件）',
    tag,
    access: { roles: readers },
    entity: 'responsibility-letter',
    schema: { params: idParams, body: letterSign },
    handler: (ctx) => signLetter(ctx, ctx.params.id, ctx.body),
  }),
  route({
    method: 'DELETE',
    url: '/responsibility-letters/:id',
    summary: '删除责任书',
    tag,
    access: { roles: editors },
    entity: 'responsibility-letter',
    schema: { params: idParams },
    handler: (ctx) => deleteLetter(ctx, ctx.params.id),
  }),
  // agenda meetings
  ...excelRoutes({
    base: 'agenda-meetings',
    label: '意识形态工作会议',
    entity: 'agenda-meeting',
    tag,
    template: meetingTemplate,
    exporter: exportMeetings,
    importer: importMeetings,
  }),
  route({
    method: 'GET',
    url: '/agenda-meetings',
    summary: '专题研究、分析研判会议列表',
    tag,
    access: { roles: readers },
    schema: { querystring: meetingListQuery },
    handler: (ctx) => listMeetings(ctx, ctx.query),
  }),
  route({
    method: 'POST',
    url: '/agenda-meetings',
    summary: '登记会议',
    tag,
    access: { roles: editors },
    schema: { body: meetingInput },
    handler: (ctx) => createMeeting(ctx, ctx.body),
  }),
  route({
    method: 'GET',
    url: '/agenda-meetings/:id',
    summary: '会议详情',
    tag,
    access: { roles: readers },
    entity: 'agenda-meeting',
    schema: { params: idParams },
    handler: (ctx) => getMeeting(ctx, ctx.params.id),
  }),
  route({
    method: 'PATCH',
    url: '/agenda-meetings/:id',
    summary: '修改会议',
    tag,
    access: { roles: editors },
    entity: 'agenda-meeting',
    schema: { params: idParams, body: meetingPatch },
    handler: (ctx) => updateMeeting(ctx, ctx.params.id, ctx.body),
  }),
  route({
    method: 'DELETE',
    url: '/agenda-meetings/:id',
    summary: '删除会议',
    tag,
    access: { roles: editors },
    entity: 'agenda-meeting',
    schema: { params: idParams },
    handler: (ctx) => deleteMeeting(ctx, ctx.params.id),
  }),
  // yearly reports
  ...excelRoutes({
    base: 'yearly-reports',
    label: '年度落实情况报告',
    entity: 'yearly-report',
    tag,
    template: reportTemplate,
    exporter: exportReports,
    importer: importReports,
  }),
  route({
    method: 'GET',
    url: '/yearly-reports',
    summary: '向市委报告落实意识形态工作责任制情况列表',
    tag,
    access: { roles: readers },
    schema: { querystring: reportListQuery },
    handler: (ctx) => listReports(ctx, ctx.query),
  }),
  route({
    method: 'POST',
    url: '/yearly-reports',
    summary: '登记年度报告',
    tag,
    access: { roles: editors },
    schema: { body: reportInput },
    handler: (ctx) => createReport(ctx, ctx.body),
  }),
  route({
    method: 'GET',
    url: '/yearly-reports/:id',
    summary: '年度报告详情',
    tag,
    access: { roles: readers },
    entity: 'yearly-report',
    schema: { params: idParams },
    handler: (ctx) => getReport(ctx, ctx.params.id),
  }),
  route({
    method: 'PATCH',
    url: '/yearly-reports/:id',
    summary: '修改年度报告',
    tag,
    access: { roles: editors },
    entity: 'yearly-report',
    schema: { params: idParams, body: reportPatch },
    handler: (ctx) => updateReport(ctx, ctx.params.id, ctx.body),
  }),
  route({
    method: 'DELETE',
    url: '/yearly-reports/:id',
    summary: '删除年度报告',
    tag,
    access: { roles: editors },
    entity: 'yearly-report',
    schema: { params: idParams },
    handler: (ctx) => deleteReport(ctx, ctx.params.id),
  }),
];
