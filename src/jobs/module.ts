import { probeJob } from '../platform/jobs.js';
import { jobRoutes } from '../platform/jobs-routes.js';
import type { ModuleManifest } from '../platform/modules.js';

/**
 * The job queue's admin page (the mechanism itself is src/platform/jobs.ts) and the queue's
 * self-test job, which the multi-process test and `npm run bench:jobs` run.
 */
export const manifest: ModuleManifest = {
  id: 'jobs',
  label: '后台任务',
  routes: jobRoutes,
  menu: [{ id: 'jobs', roles: ['committee_admin'] }],
  entities: { job: { label: '后台任务' } },
  actions: { 'job.retry': '重试后台任务', 'job.cancel': '取消后台任务' },
  jobs: [probeJob as never],
};
