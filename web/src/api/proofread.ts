// Proofreading: checking a draft, and the committee's dictionary (the proofread module).
import { api } from './client.js';
import type { Page, PageQuery } from './types.js';

export const PROOF_CODES = [
  'formulation-error',
  'typo',
  'pii-idcard',
  'pii-mobile',
  'secret-marking',
] as const;
export type ProofCode = (typeof PROOF_CODES)[number];

/** One finding as the server reports it: offsets in Unicode code points (the proofread contract). */
export interface ProofFinding {
  code: ProofCode;
  offset: number;
  length: number;
  text: string;
  suggestion?: string;
  rule: string;
}

export interface ProofreadResult {
  chars: number;
  findings: ProofFinding[];
}

/** The server's limit on one check, in code points. */
export const MAX_PROOFREAD_CHARS = 200_000;

export const ENTRY_KINDS = ['formulation', 'numbered', 'typo'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_STATES = ['shipped', 'edited', 'added', 'disabled'] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

/** The fields an admin edits; the engine's dictionary entry shape. */
export interface DictionaryEntryFields {
  kind: EntryKind;
  canonical: string;
  knownWrong: string[];
  alsoValid: string[];
  members: string[];
  verbs: string[];
  exceptions: string[];
  note: string;
}

export interface DictionaryEntry extends DictionaryEntryFields {
  id: string;
  enabled: boolean;
  origin: 'shipped' | 'added';
  state: EntryState;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface DictionaryPage extends Page<DictionaryEntry> {
  counts: Record<EntryState, number>;
  versions: Record<'formulations' | 'numbered' | 'typos', string>;
}

export interface DictionaryQuery extends PageQuery {
  q?: string;
  kind?: EntryKind;
  state?: EntryState;
}

const entryPath = (id: string) => `/dictionary/${encodeURIComponent(id)}`;

export interface DocxText {
  text: string;
  paragraphs: number;
  chars: number;
}

export const proofreadApi = {
  check: (text: string) => api.post<ProofreadResult>('/proofread', { text }),
  /** The paragraphs of a Word file, read by the server, one per line. */
  readDocx: (file: File) => api.upload<DocxText>('/proofread/docx', file),
};

/**
 * The text as a Word document, one paragraph per line (a tab stays a tab). Built in the browser
 * with `docx`, loaded only when a user exports: the draft never needs another round trip.
 */
export async function textToDocx(text: string): Promise<Blob> {
  const { Document, Packer, Paragraph, Tab, TextRun } = await import('docx');
  const paragraphs = text.split('\n').map(
    (line) =>
      new Paragraph({
        children: line
          .split('\t')
          .flatMap((part, i) => [
            ...(i > 0 ? [new TextRun({ children: [new Tab()] })] : []),
            new TextRun(part),
          ]),
      }),
  );
  return Packer.toBlob(new Document({ sections: [{ children: paragraphs }] }));
}

export const dictionaryApi = {
  list: (query: DictionaryQuery) => api.get<DictionaryPage>('/dictionary', { ...query }),
  get: (id: string) => api.get<DictionaryEntry>(entryPath(id)),
  create: (input: Partial<DictionaryEntryFields> & { id?: string; enabled?: boolean }) =>
    api.post<DictionaryEntry>('/dictionary', input),
  update: (id: string, patch: Partial<DictionaryEntryFields> & { enabled?: boolean }) =>
    api.patch<DictionaryEntry>(entryPath(id), patch),
  setEnabled: (id: string, enabled: boolean) =>
    api.patch<DictionaryEntry>(entryPath(id), { enabled }),
};
