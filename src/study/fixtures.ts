import { registerEntityFixture } from '../platform/testing.js';
import { createPlan, createSession } from './service.js';

registerEntityFixture('study-plan', async (ctx, unitId) => {
  const row = await createPlan(ctx, { unitId, year: 2026, title: '夹具年度学习计划' });
  return row.id;
});

registerEntityFixture('study-session', async (ctx, unitId) => {
  const row = await createSession(ctx, {
    unitId,
    kind: 'central-group',
    heldAt: new Date('2026-03-12T06:00:00Z'),
    title: '夹具中心组学习',
  });
  return row.id;
});
