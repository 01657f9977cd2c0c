// The committee admin's jobs page API: queued, running with progress, failed with the error;
// retry and cancel (audited); nobody else may see or touch the queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineJob, enqueue, findJob, startJobs, stopJobs } from './jobs.js';
import { type Agent, agentFor, createTestWorld, type TestWorld } from './testing.js';

let world: TestWorld;
let admin: Agent;
const gates = new Map<string, () => void>();
let brokenRuns = 0;

async function until(what: string, probe: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stateOf = async (id: string) => (await findJob(world.database.db, id))?.state;

beforeAll(async () => {
  world = await createTestWorld();
  await startJobs(
    world.database,
    {
      jobs: [
        defineJob(
          't.broken',
          async () => {
            brokenRuns++;
            throw new Error('网站无法访问：连接超时');
          },
          { retryLimit: 0, label: '测试：必然失败' },
        ),
        defineJob(
          't.slow',
          async (job) => {
            await job.progress(2, 5, '正在检查第 2 页');
            await new Promise<void>((resolve) => {
              gates.set(job.id, resolve);
              job.signal.addEventListener('abort', () => resolve(), { once: true });
            });
          },
          { label: '测试：慢任务' },
        ),
      ] as never,
    },
    { workers: true, clock: world.clock },
  );
  admin = await agentFor(world.app, world.users.committee_admin.username);
});

afterAll(async () => {
  for (const g of gates.values()) g();
  await stopJobs(2_000);
  await world.close();
});

describe('jobs page API', () => {
  it('lists a failed job with its error, and retries it (audited)', async () => {
    const id = (await enqueue('t.broken', {}))!;
    await until('failed', async () => (await stateOf(id)) === 'failed');
    const list = await admin.get('/api/v1/jobs?state=failed');
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((j: { id: string }) => j.id === id);
    expect(item).toMatchObject({
      name: 't.broken',
      label: '测试：必然失败',
      state: 'failed',
      error: '网站无法访问：连接超时',
    });

    const retried = await admin.post(`/api/v1/jobs/${id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toEqual({ id, state: 'queued' });
    await until('ran again', async () => brokenRuns >= 2 && (await stateOf(id)) === 'failed');
    const [audit] = await world.database.query<{ action: string; entity_id: string }>(
      "select action, entity_id from audit_log where action = 'job.retry'",
    );
    expect(audit).toMatchObject({ action: 'job.retry', entity_id: id });
  });

  it('shows a running job with its progress, and cancels it', async () => {
    const id = (await enqueue('t.slow', {}))!;
    await until('running', async () => gates.has(id));
    const list = await admin.get('/api/v1/jobs?state=running');
    const item = list.json().items.find((j: { id: string }) => j.id === id);
    expect(item).toMatchObject({
      state: 'running',
      label: '测试：慢任务',
      progress: { done: 2, total: 5, note: '正在检查第 2 页' },
    });
    expect(item.startedAt).toEqual(expect.any(String));

    // A queued one is listed as queued.
    const queued = (await enqueue('t.slow', {}, { startAfter: 3_600 }))!;
    const waiting = await admin.get('/api/v1/jobs?state=queued');
    expect(waiting.json().items.map((j: { id: string }) => j.id)).toContain(queued);

    const cancelled = await admin.post(`/api/v1/jobs/${id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await stateOf(id)).toBe('cancelled');
    expect((await admin.post(`/api/v1/jobs/${queued}/cancel`)).statusCode).toBe(200);
    expect(await stateOf(queued)).toBe('cancelled');
    const [audit] = await world.database.query<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'job.cancel'",
    );
    expect(audit!.n).toBe(2);
  });

  it('refuses what makes no sense: retry of a running job, cancel of a finished one, unknown ids', async () => {
    const id = (await enqueue('t.slow', {}))!;
    await until('running', async () => gates.has(id));
    const retry = await admin.post(`/api/v1/jobs/${id}/retry`);
    expect(retry.statusCode).toBe(409);
    expect(retry.json().error.message).toContain('只有失败或已取消的任务可以重试');
    gates.get(id)!();
    await until('done', async () => (await stateOf(id)) === 'completed');
    expect((await admin.post(`/api/v1/jobs/${id}/cancel`)).statusCode).toBe(409);
    const done = await admin.get('/api/v1/jobs?state=done');
    expect(done.json().items.map((j: { id: string }) => j.id)).toContain(id);
    expect(
      (await admin.post('/api/v1/jobs/00000000-0000-4000-8000-000000000000/retry')).statusCode,
    ).toBe(404);
    expect((await admin.post('/api/v1/jobs/not-a-uuid/retry')).statusCode).toBe(400);
  });

  it('is for the committee admin only', async () => {
    for (const role of ['unit_liaison', 'unit_leader', 'inspector'] as const) {
      const agent = await agentFor(world.app, world.users[role].username);
      expect((await agent.get('/api/v1/jobs')).statusCode).toBe(403);
      expect(
        (await agent.post('/api/v1/jobs/00000000-0000-4000-8000-000000000000/retry')).statusCode,
      ).toBe(403);
    }
  });
});
