import { randomBytes } from 'node:crypto';
import { users } from '../platform/tables.js';
import { registerEntityFixture } from '../platform/testing.js';
import { createRequirement } from './requirements.js';
import { notifications } from './tables.js';

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

// A notice belongs to one account: the fixture makes an account in the unit and notifies it.
registerEntityFixture('notification', async (ctx, unitId) => {
  const [user] = await ctx.tx
    .insert(users)
    .values({
      username: `fixture-notice-${randomBytes(4).toString('hex')}`,
      displayName: '夹具通知接收人',
      unitId,
      passwordHash: '!',
      mustChangePassword: false,
    })
    .returning({ id: users.id });
  const [row] = await ctx.tx
    .insert(notifications)
    .values({
      userId: user!.id,
      unitId,
      kind: 'due-soon',
      title: '夹具通知',
      dedupeKey: `fixture:${randomBytes(4).toString('hex')}`,
      createdAt: ctx.clock.now(),
    })
    .returning({ id: notifications.id });
  return row!.id;
});
