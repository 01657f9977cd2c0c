import formulationsFile from './dictionary/formulations.json' with { type: 'json' };
import numberedFile from './dictionary/numbered.json' with { type: 'json' };
import typosFile from './dictionary/typos.json' with { type: 'json' };
import type { DictionaryEntry } from './types.js';

interface PhraseFile {
  version: string;
  entries: Array<Omit<DictionaryEntry, 'kind'>>;
}

/** Versions of the shipped data files, shown in the UI next to admin edits. */
export const dictionaryVersion = {
  formulations: formulationsFile.version,
  numbered: numberedFile.version,
  typos: typosFile.version,
} as const;

function phraseEntries(file: PhraseFile, kind: 'formulation' | 'numbered'): DictionaryEntry[] {
  return file.entries.map((entry) => ({ ...entry, kind }));
}

// The typo file is a compact list of [wrong, right, exceptions?]; entries sharing the right form
// stay separate so that an admin can switch off one miswriting without touching the others.
function typoEntries(rows: unknown[][]): DictionaryEntry[] {
  return rows.map((row) => {
    const [wrong, right, exceptions] = row as [string, string, string[] | undefined];
    const entry: DictionaryEntry = {
      id: `typo:${wrong}`,
      kind: 'typo',
      canonical: right,
      knownWrong: [wrong],
    };
    if (exceptions) entry.exceptions = exceptions;
    return entry;
  });
}

export const defaultEntries: DictionaryEntry[] = [
  ...phraseEntries(formulationsFile as PhraseFile, 'formulation'),
  ...phraseEntries(numberedFile as PhraseFile, 'numbered'),
  ...typoEntries(typosFile.entries as unknown[][]),
];

/**
 * Admin overrides over the shipped entries, matched by id: an override replaces the fields it
 * sets (so `{ id, enabled: false }` switches an entry off), and an unknown id is a new entry.
 * Order is kept: defaults first, new entries after.
 */
export function mergeEntries(
  defaults: DictionaryEntry[],
  overrides: DictionaryEntry[],
): DictionaryEntry[] {
  const byId = new Map<string, DictionaryEntry>();
  for (const entry of defaults) byId.set(entry.id, entry);
  for (const override of overrides) {
    const base = byId.get(override.id);
    byId.set(override.id, base ? { ...base, ...override } : override);
  }
  return [...byId.values()];
}
