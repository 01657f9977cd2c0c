import type { ModuleManifest } from '../platform/modules.js';
import { proofreadingRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  id: 'proofreading',
  label: '文稿校对',
  routes: proofreadingRoutes,
  menu: [
    { id: 'proofread', roles: 'any-user' },
    { id: 'dictionary', roles: ['committee_admin'] },
  ],
  entities: {
    'dictionary-entry': { label: '校对词条' },
    // Its audit actions are named dictionary.<verb>.
    dictionary: { label: '校对词条' },
  },
  verbs: { reset: '恢复' },
  fixtures: () => import('./fixtures.js'),
};
