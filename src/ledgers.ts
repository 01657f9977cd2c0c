import { exportPeople, exportUnits, importPeople, importUnits } from './org/excel.js';
import type { ServiceContext } from './platform/context.js';

/** Every Excel ledger by its command-line name; each domain adds its own entries here. */
export interface Ledger {
  label: string;
  export(ctx: ServiceContext): Promise<Buffer>;
  import(ctx: ServiceContext, file: Buffer): Promise<{ imported: number }>;
}

export const ledgers: Record<string, Ledger> = {
  units: { label: '单位', export: exportUnits, import: importUnits },
  people: { label: '人员', export: exportPeople, import: importPeople },
};
