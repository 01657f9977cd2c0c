import { searchAudit } from './audit.js';
import { type RouteSpec, route } from './http.js';
import { type AuditLabels, auditLabels } from './modules.js';
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
      const labels = auditLabels(ctx.request.server.shoutuManifests);
      const result = await searchAudit(ctx.tx, {
        ...q,
        labelled: q.q ? labels.codesMatching(q.q) : undefined,
        // A date range covers whole days in Beijing time.
        from: q.from ? `${q.from}T00:00:00+08:00` : undefined,
        to: q.to ? `${q.to}T23:59:59.999+08:00` : undefined,
        page: q.page ?? 1,
        pageSize: q.pageSize ?? 20,
      });
      return {
        total: result.total,
        items: result.items.map(({ prevHash: _prev, ...r }) => ({
          ...r,
          at: r.at.toISOString(),
          actionLabel: labels.action(r.action),
          entityLabel: labels.entity(r.entity),
          changes: changesOf(labels, r.entity, r.before, r.after),
        })),
      };
    },
  }),
];

/** The fields of a change with their Chinese names, before and after, readable values. */
function changesOf(labels: AuditLabels, entity: string, before: unknown, after: unknown) {
  const asObject = (v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const b = asObject(before);
  const a = asObject(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields.map((field) => ({
    field,
    label: labels.field(entity, field),
    before: field in b ? labels.value(field, b[field]) : null,
    after: field in a ? labels.value(field, a[field]) : null,
    changed: JSON.stringify(b[field]) !== JSON.stringify(a[field]),
  }));
}
