/** Public surface of the cadence engine; other folders import from here only. */
export { defaultRequirements } from './defaults.js';
export { compilePredicate, evaluate, evaluateEach } from './evaluate.js';
export {
  DAY_MS,
  formatDate,
  type PeriodSpan,
  parsePeriodKey,
  periodKeyOf,
  periodsOfYear,
  SHANGHAI_OFFSET_MS,
  shanghaiDate,
  toEpochMs,
} from './periods.js';
export {
  type GroupRollup,
  groupRollup,
  type StatusTally,
  statusSeverity,
  type UnitRollup,
  unitRollup,
  worstStatus,
} from './rollup.js';
export {
  attrConditionSchema,
  type RequirementInput,
  requirementSchema,
  requirementSetSchema,
} from './schema.js';
export * from './types.js';
