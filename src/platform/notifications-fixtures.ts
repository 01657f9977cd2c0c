// Access-matrix fixture of notifications (test support only: production code never imports it).
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { notify } from './notifications.js';
import { notifications } from './notifications-tables.js';
import { users } from './tables.js';
import { registerEntityFixture } from './testing.js';

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
  await notify(ctx, { userIds: [user!.id] }, 'fixture', {
    entity: 'unit',
    id: unitId,
    unitId,
    title: '夹具通知',
  });
  const [row] = await ctx.tx
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.userId, user!.id), eq(notifications.kind, 'fixture')));
  return row!.id;
});
