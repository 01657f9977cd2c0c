import { fail } from './errors.js';
import { type RouteSpec, route } from './http.js';
import {
  cancelJob,
  findJob,
  type JobListState,
  type JobRow,
  jobLabel,
  jobsRunning,
  listJobs,
  retryJob,
} from './jobs.js';
import { pageQuery, text, z } from './validation.js';

export const jobListStates = ['queued', 'running', 'failed', 'done', 'cancelled'] as const;

const stateOf: Record<JobRow['state'], JobListState> = {
  created: 'queued',
  retry: 'queued',
  active: 'running',
  failed: 'failed',
  completed: 'done',
  cancelled: 'cancelled',
};

const jobsQuery = z.strictObject({
  state: z.enum(jobListStates).optional(),
  name: text(100).optional(),
  ...pageQuery,
});
// Jobs belong to no unit (committee admin only), and their ids are pg-boss's UUIDs: the
// parameter is `:jobId`, not the unit-scoped `:id` records the access matrix probes by entity.
const jobParams = z.strictObject({ jobId: z.uuid() });

/** The error a failed attempt left (pg-boss stores the handler's output or a serialized error). */
function errorOf(job: JobRow): string | null {
  if (job.state !== 'failed' && job.state !== 'retry') return null;
  const output = job.output as { message?: unknown } | null;
  return typeof output?.message === 'string'
    ? output.message
    : output
      ? JSON.stringify(output)
      : null;
}

function present(job: JobRow) {
  return {
    id: job.id,
    name: job.name,
    label: jobLabel(job.name),
    state: stateOf[job.state],
    attempt: job.attempt,
    retryLimit: job.retryLimit,
    singletonKey: job.singletonKey,
    createdAt: job.createdAt.toISOString(),
    startAfter: job.startAfter.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    completedAt: job.completedAt?.toISOString() ?? null,
    progress: job.progress ? { ...job.progress, at: job.progress.at.toISOString() } : null,
    error: errorOf(job),
  };
}

async function loadJob(ctx: { tx: Parameters<typeof findJob>[0] }, id: string) {
  const job = await findJob(ctx.tx, id);
  if (!job || job.name.startsWith('__')) throw fail('NOT_FOUND');
  if (!jobsRunning()) throw fail('CONFLICT', ['本服务进程没有启动任务队列']);
  return job;
}

/** The committee admin's view of the job queue: what waits, runs (with progress) and failed. */
export const jobRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/jobs',
    summary: '后台任务列表（排队、运行中及进度、失败及原因）',
    tag: '后台任务',
    access: { roles: ['committee_admin'] },
    schema: { querystring: jobsQuery },
    async handler(ctx) {
      const q = ctx.query;
      const result = await listJobs(ctx.tx, {
        state: q.state,
        name: q.name,
        page: q.page ?? 1,
        pageSize: q.pageSize ?? 20,
      });
      return { total: result.total, items: result.items.map(present) };
    },
  }),
  route({
    method: 'POST',
    url: '/jobs/:jobId/retry',
    summary: '重试失败或已取消的后台任务',
    tag: '后台任务',
    access: { roles: ['committee_admin'] },
    schema: { params: jobParams },
    async handler(ctx) {
      const job = await loadJob(ctx, ctx.params.jobId);
      if (job.state !== 'failed' && job.state !== 'cancelled')
        throw fail('CONFLICT', ['只有失败或已取消的任务可以重试']);
      await retryJob(job.name, job.id, ctx.tx);
      await ctx.audit({
        action: 'job.retry',
        entity: 'job',
        entityId: job.id,
        before: { name: job.name, state: stateOf[job.state as JobRow['state']] },
        after: { name: job.name, state: 'queued' },
      });
      return { id: job.id, state: 'queued' };
    },
  }),
  route({
    method: 'POST',
    url: '/jobs/:jobId/cancel',
    summary: '取消排队中或运行中的后台任务',
    tag: '后台任务',
    access: { roles: ['committee_admin'] },
    schema: { params: jobParams },
    async handler(ctx) {
      const job = await loadJob(ctx, ctx.params.jobId);
      if (!['created', 'retry', 'active'].includes(job.state))
        throw fail('CONFLICT', ['只有排队中或运行中的任务可以取消']);
      await cancelJob(job.name, job.id, ctx.tx);
      await ctx.audit({
        action: 'job.cancel',
        entity: 'job',
        entityId: job.id,
        before: { name: job.name, state: stateOf[job.state as JobRow['state']] },
        after: { name: job.name, state: 'cancelled' },
      });
      return { id: job.id, state: 'cancelled' };
    },
  }),
];
