// Access-matrix fixture of rectifications (test support only: production code never imports it).
import { randomBytes } from 'node:crypto';
import { openRectification } from './rectification.js';
import { registerEntityFixture } from './testing.js';

registerEntityFixture('rectification', async (ctx, unitId) => {
  const { rectification } = await openRectification(ctx, {
    source: 'committee',
    subject: { entity: 'unit', id: unitId },
    code: 'directive',
    target: `夹具-${randomBytes(4).toString('hex')}`,
    title: '夹具整改事项',
    unitId,
  });
  return rectification.id;
});
