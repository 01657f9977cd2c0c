import { defaultEntries } from './dictionary.js';
import { compileProofreader as compileEngine } from './engine.js';
import type { DictionaryEntry, Proofreader, RangeProofreader } from './types.js';

export { areConfusable, confusablesOf } from './confusables.js';
export { defaultEntries, dictionaryVersion, mergeEntries } from './dictionary.js';
export { countCodePoints } from './engine.js';
export { isValidIdNumber, isValidMobile } from './pii.js';
export { type DictionaryEntryInput, dictionaryEntrySchema } from './schema.js';
export { ChunkedChecker } from './stream.js';
export type {
  DictionaryEntry,
  ProofCode,
  ProofFinding,
  Proofreader,
  RangeProofreader,
  RawFinding,
} from './types.js';

/** Compiles a dictionary into a reusable proofreader (compile once, call check many times). */
export function compileProofreader(entries: DictionaryEntry[]): RangeProofreader & Proofreader {
  return compileEngine(entries);
}

let memo: RangeProofreader | undefined;

/** The proofreader of the shipped dictionary, compiled on first use. */
export function defaultProofreader(): RangeProofreader & Proofreader {
  memo ??= compileEngine(defaultEntries);
  return memo;
}
