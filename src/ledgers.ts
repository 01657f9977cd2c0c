import { loadManifests } from './modules.js';
import type { LedgerEntry } from './platform/modules.js';

/** Every Excel ledger by its command-line name, from the domains' manifests. */
export async function loadLedgers(): Promise<Record<string, LedgerEntry>> {
  const ledgers: Record<string, LedgerEntry> = {};
  for (const manifest of await loadManifests()) {
    for (const [name, ledger] of Object.entries(manifest.ledgers ?? {})) {
      if (ledgers[name]) throw new Error(`台账名称重复：${name}`);
      ledgers[name] = ledger;
    }
  }
  return ledgers;
}
