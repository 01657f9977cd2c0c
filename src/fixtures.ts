// Every domain's entity fixtures, for the access-matrix and fuzz tests: each manifest loads its own.
import { loadManifests } from './modules.js';

for (const manifest of await loadManifests()) await manifest.fixtures?.();
