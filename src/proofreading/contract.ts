import { pageQuery, patchOf, plainString, storable, text, z } from '../platform/validation.js';
import { dictionaryEntrySchema } from '../proofread/index.js';
import { entryKinds, entryStates } from './tables.js';

/** The most text one request may proofread (code points); the editor checks drafts, not books. */
export const MAX_PROOFREAD_CHARS = 200_000;

export const proofreadInput = z.strictObject({
  text: plainString()
    .refine((value) => [...value].length <= MAX_PROOFREAD_CHARS, {
      error: `不能超过 ${MAX_PROOFREAD_CHARS} 字`,
    })
    // A UTF-16 bound first so that a huge body is refused before it is split into code points.
    .max(MAX_PROOFREAD_CHARS * 2, { error: `不能超过 ${MAX_PROOFREAD_CHARS} 字` }),
});
export type ProofreadInput = z.output<typeof proofreadInput>;

// The engine's own schema is the authority on what an entry is; the request shapes reuse its
// fields so the messages stay the engine's Chinese ones, and the whole entry is checked again by
// `dictionaryEntrySchema` (its cross-field rules) once an edit is merged.
const fields = dictionaryEntrySchema.shape;

export const entryIdParams = z.strictObject({ id: fields.id });

export const dictionaryEntryInput = storable(
  z.strictObject({
    id: fields.id.optional(),
    kind: fields.kind,
    canonical: fields.canonical,
    knownWrong: fields.knownWrong,
    alsoValid: fields.alsoValid,
    members: fields.members,
    verbs: fields.verbs,
    exceptions: fields.exceptions,
    note: fields.note,
    enabled: fields.enabled,
  }),
);
export type DictionaryEntryInput = z.output<typeof dictionaryEntryInput>;

export const dictionaryEntryPatch = storable(
  patchOf(
    z.strictObject({
      kind: fields.kind.optional(),
      canonical: fields.canonical.optional(),
      knownWrong: fields.knownWrong,
      alsoValid: fields.alsoValid,
      members: fields.members,
      verbs: fields.verbs,
      exceptions: fields.exceptions,
      note: fields.note,
      enabled: fields.enabled,
    }),
  ),
);
export type DictionaryEntryPatch = z.output<typeof dictionaryEntryPatch>;

export const dictionaryListQuery = z.strictObject({
  q: text(60).optional(),
  kind: z.enum(entryKinds).optional(),
  state: z.enum(entryStates).optional(),
  ...pageQuery,
});
export type DictionaryListQuery = z.output<typeof dictionaryListQuery>;
