// The timeline of a workflow record: `GET /timeline/<kind>/:id`. A domain adds the routes of its
// kinds to its manifest (`routes: [...domainRoutes, ...timelineRoutes(letterWorkflow)]`), so each
// kind is an `entity` the access-matrix test probes with that kind's fixture. The record is loaded
// through its kind's scoped load and its policy's read roles (404 outside the caller's scope).
import { type RouteSpec, route } from './http.js';
import { idParams } from './validation.js';
import { timeline, type Workflow } from './workflow.js';

type Declared = Pick<Workflow, 'kind' | 'label'> & { policy: Pick<Workflow['policy'], 'read'> };

export function timelineRoutes(...workflows: Declared[]): RouteSpec[] {
  return workflows.map((wf) =>
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
