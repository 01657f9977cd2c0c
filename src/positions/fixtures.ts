// Access-matrix and fuzz fixtures of the positions domain (test support only).
import { randomBytes } from 'node:crypto';
import { registerEntityFixture } from '../platform/testing.js';
import { addMonitorAllow } from './checks.js';
import { createLecture } from './lectures.js';
import { createPosition } from './service.js';
import { positionChecks } from './tables.js';

registerEntityFixture('position', async (ctx, unitId) => {
  const created = await createPosition(ctx, {
    unitId,
    kind: 'website',
    name: '夹具门户网站',
    url: 'http://127.0.0.1:9/',
  });
  return created.id;
});

registerEntityFixture('position-check', async (ctx, unitId) => {
  const position = await createPosition(ctx, {
    unitId,
    kind: 'website',
    name: '夹具受检网站',
    url: 'http://127.0.0.1:9/',
  });
  const [row] = await ctx.tx
    .insert(positionChecks)
    .values({
      positionId: position.id,
      unitId,
      status: 'done',
      url: position.url,
      queuedAt: ctx.clock.now(),
      startedAt: ctx.clock.now(),
      finishedAt: ctx.clock.now(),
      pages: 1,
      findings: [
        {
          code: 'link-broken',
          severity: 'deduct',
          page: position.url,
          target: 'http://127.0.0.1:9/gone.html',
          status: 404,
          onHomepage: true,
        },
      ],
      counts: { veto: 0, deduct: 1, info: 0 },
      score: 98,
    })
    .returning({ id: positionChecks.id });
  // As the request that queued it would have.
  await ctx.audit({
    action: 'position.check',
    entity: 'position',
    entityId: position.id,
    unitId,
    after: { checkId: row!.id, url: position.url },
  });
  return row!.id;
});

// The allow-list is the committee's (not unit-owned): the fixture only needs a row to point at.
registerEntityFixture('monitor-allow', async (ctx) => {
  const row = await addMonitorAllow(ctx, {
    entry: `fixture-${randomBytes(4).toString('hex')}.intranet`,
  });
  return row.id;
});

registerEntityFixture('lecture-request', async (ctx, unitId) => {
  const created = await createLecture(ctx, {
    unitId,
    kind: 'report',
    topic: '夹具报告会',
    speaker: '夹具报告人',
    outsideSpeaker: true,
    startsAt: new Date(ctx.clock.now().getTime() + 30 * 86_400_000),
  });
  return created.id;
});
