import { registerEntityFixture } from '../platform/testing.js';
import { createPerson, createUnit } from './service.js';

registerEntityFixture('unit', async (ctx, unitId) => {
  const unit = await createUnit(ctx, {
    name: `夹具处室${unitId}-${Date.now()}`,
    parentId: unitId,
    kind: 'department',
  });
  return unit.id;
});

registerEntityFixture('person', async (ctx, unitId) => {
  const person = await createPerson(ctx, { name: '夹具人员', unitId });
  return person.id;
});
