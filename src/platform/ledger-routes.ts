// Routes every Excel ledger shares: its template, an export and an all-or-nothing import.
import type { ServiceContext } from './context.js';
import { XLSX_MIME } from './excel.js';
import { type RouteSpec, route } from './http.js';
import type { RoleName } from './tables.js';
import { readUpload, sendFile } from './uploads.js';
import { id, integer, z } from './validation.js';

/** The liaison keeps the ledgers; the leader reads them and signs letters; the committee all. */
export const ledgerEditors: readonly RoleName[] = ['committee_admin', 'unit_liaison'];
export const ledgerReaders: readonly RoleName[] = [
  'committee_admin',
  'unit_liaison',
  'unit_leader',
];
export const exportQuery = z.strictObject({
  unitId: id.optional(),
  year: integer(2000, 2100).optional(),
});

export interface ExportQuery {
  unitId?: number;
  year?: number;
}

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
      access: { roles: ledgerReaders },
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
      access: { roles: ledgerReaders },
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
      access: { roles: ledgerEditors },
      multipart: true,
      schema: {},
      async handler(ctx) {
        const upload = await readUpload(ctx.request, { extensions: ['xlsx'] });
        return spec.importer(ctx, upload.buffer);
      },
    }),
  ];
}
