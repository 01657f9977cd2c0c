import { searchAudit } from './audit.js';
import { type RouteSpec, route } from './http.js';
import { pageQuery, text, z } from './validation.js';

const auditQuery = z.strictObject({
  q: text(100).optional(),
  actor: text(50).optional(),
  action: text(100).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  ...pageQuery,
});

export const auditRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/audit',
    summary: '审计日志查询',
    tag: '审计',
    access: { roles: ['committee_admin'] },
    schema: { querystring: auditQuery },
    async handler(ctx) {
      const q = ctx.query;
      const result = await searchAudit(ctx.tx, {
        ...q,
        // A date range covers whole days in Beijing time.
        from: q.from ? `${q.from}T00:00:00+08:00` : undefined,
        to: q.to ? `${q.to}T23:59:59.999+08:00` : undefined,
        page: q.page ?? 1,
        pageSize: q.pageSize ?? 20,
      });
      return {
        total: result.total,
        items: result.items.map(({ prevHash: _prev, ...r }) => ({ ...r, at: r.at.toISOString() })),
      };
    },
  }),
];
