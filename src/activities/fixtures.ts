import { registerEntityFixture } from '../platform/testing.js';
import { createActivity } from './service.js';

registerEntityFixture('activity', async (ctx, unitId) => {
  const row = await createActivity(ctx, {
    unitId,
    type: 'lecture',
    title: '夹具宣讲活动',
    heldOn: '2026-05-04',
    sessions: 3,
    participants: 120,
    beneficiaries: 300,
  });
  return row.id;
});
