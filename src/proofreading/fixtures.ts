import { registerEntityFixture } from '../platform/testing.js';
import { createEntry } from './service.js';

let sequence = 0;

// Dictionary entries belong to no unit (one dictionary for the city) and are keyed by the engine's
// string id. The access probes address records by number, so the fixture adds an entry whose id
// is a number written out; `unitId` has nothing to own.
registerEntityFixture('dictionary-entry', async (ctx) => {
  sequence++;
  const id = 700_000_000 + (Date.now() % 1_000_000) * 100 + sequence;
  await createEntry(ctx, {
    id: String(id),
    kind: 'formulation',
    canonical: `夹具规范表述${sequence}`,
  });
  return id;
});
