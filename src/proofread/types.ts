/** The kinds of text finding the proofreader reports (meanings in docs/contracts site-check.md). */
export type ProofCode =
  | 'formulation-error'
  | 'typo'
  | 'pii-idcard'
  | 'pii-mobile'
  | 'secret-marking';

export interface ProofFinding {
  code: ProofCode;
  /** Start in Unicode code points of the input. */
  offset: number;
  /** Length in Unicode code points. */
  length: number;
  text: string;
  suggestion?: string;
  /** Which rule fired, e.g. `formulation:xjp-thought`, `typo:再接再励`, `pii:idcard`. */
  rule: string;
}

/**
 * One rule of the dictionary. Plain JSON so that admin edits can be stored in the database and
 * merged over the shipped defaults by id.
 */
export interface DictionaryEntry {
  id: string;
  kind: 'formulation' | 'numbered' | 'typo';
  /** The correct wording (for a typo entry: the correct word). */
  canonical: string;
  /** Wrong forms reported whenever they occur (for a typo entry: the miswritings). */
  knownWrong?: string[];
  /** Other wordings that are correct and must never be reported as a miswriting of this entry. */
  alsoValid?: string[];
  /** Numbered formulation: its members, for checking enumerations (e.g. 政治意识、大局意识…). */
  members?: string[];
  /** Numbered formulation: the verbs it goes with (增强“四个意识”). The first is the usual one. */
  verbs?: string[];
  /** Typo entry: longer correct words that contain the wrong form (so it is not reported there). */
  exceptions?: string[];
  /** Why the entry is as it is, e.g. why its canonical form is absent from the reference corpus. */
  note?: string;
  /** false switches a shipped entry off. */
  enabled?: boolean;
}

export interface Proofreader {
  check(text: string): ProofFinding[];
}

/** A finding in UTF-16 indices of the scanned string, before conversion to code points. */
export interface RawFinding {
  code: ProofCode;
  start: number;
  end: number;
  suggestion?: string;
  rule: string;
}

/** The engine's lower-level entry point used for chunked input (see stream.ts). */
export interface RangeProofreader extends Proofreader {
  /**
   * Reports findings that start in [from, to) of `text`; characters outside the range are read as
   * context only. `atDocumentStart` says whether text[0] is the start of the document (for marks
   * that count only at the head of a document).
   */
  scanRange(text: string, from: number, to: number, atDocumentStart: boolean): RawFinding[];
  /** Longest context (UTF-16 units) a rule reads on either side of a finding. */
  readonly contextLength: number;
}
