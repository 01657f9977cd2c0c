import { randomBytes } from 'node:crypto';
import { registerEntityFixture } from '../platform/testing.js';
import { createRequirement } from './requirements.js';

// A requirement is city-wide; the fixture's one applies only to the given unit.
registerEntityFixture('requirement', async (ctx, unitId) => {
  const suffix = randomBytes(3).toString('hex');
  const created = await createRequirement(ctx, {
    requirement: {
      id: `fixture-${unitId}-${suffix}`,
      group: 'activities',
      name: '夹具要求',
      recordType: 'activity:*',
      appliesTo: { unitIds: [unitId] },
      period: 'year',
      minCount: 1,
      dueOffsetDays: 0,
      dueSoonDays: 14,
      enabled: true,
    },
  });
  return created.versionId;
});
