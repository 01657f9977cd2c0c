// The timeline of any workflow record: `GET /timeline/<kind>/:id`. One route per declared kind
// (generated from the workflow registry when the app is built), so every kind is an `entity` the
// access-matrix test probes with its own fixture; the record is loaded through its kind's scoped
// load and its policy's read roles (404 outside the caller's scope).
import { type RouteSpec, route } from './http.js';
import { idParams } from './validation.js';
import { allWorkflows, timeline } from './workflow.js';

/** Call after the domains are imported (their workflows register themselves on import). */
export function workflowRoutes(): RouteSpec[] {
  return allWorkflows().map((wf) =>
    route({
      method: 'GET',
      url: `/timeline/${wf.kind}/:id`,
      summary: `${wf.label}的办理记录（状态流转时间线）`,
      tag: '流程',
      access: { roles: wf.policy.read },
      entity: wf.kind,
      schema: { params: idParams },
      handler: async (ctx) => ({ items: await timeline(ctx, wf.kind, ctx.params.id) }),
    }),
  );
}
