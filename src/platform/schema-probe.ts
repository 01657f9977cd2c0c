// Test support: reads zod 4 schemas of routes to build valid sample requests (access matrix) and
// invalid ones (fuzzing). Only the shapes our contracts use are handled; anything else is sampled
// by trial against the schema itself.
import type { z } from 'zod';

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  shape?: Record<string, z.ZodType>;
}

export const defOf = (schema: z.ZodType): Def =>
  (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strips optional/nullable/default/pipe wrappers down to the schema that decides the type. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 10; i++) {
    const def = defOf(current);
    if (
      def.innerType &&
      ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(def.type)
    ) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = defOf(def.in).type === 'transform' && def.out ? def.out : def.in;
    } else return current;
  }
  return current;
}

export function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> | null {
  if (!schema) return null;
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type !== 'object') return null;
  return (inner as unknown as { shape: Record<string, z.ZodType> }).shape;
}

export function fieldKind(schema: z.ZodType): string {
  return defOf(unwrap(schema)).type;
}

const stringCandidates = [
  '测试',
  'x',
  'abc',
  'user-01',
  '13800138000',
  '2026-01-01',
  '2026-01-01T08:00:00+08:00',
  '123456',
  'https://example.org/',
  'a'.repeat(8),
];

/** A value that the field schema accepts, or undefined when none of the tries works. */
export function sampleValue(
  schema: z.ZodType,
  overrides: Record<string, unknown> = {},
  depth = 0,
): unknown {
  const inner = unwrap(schema);
  const def = defOf(inner);
  const tries: unknown[] = [];
  switch (def.type) {
    case 'string':
      tries.push(...stringCandidates);
      break;
    case 'number':
    case 'int':
      tries.push(1, 0, 2026, 100);
      break;
    case 'boolean':
      tries.push(true);
      break;
    case 'enum':
      tries.push(...Object.values(def.entries ?? {}));
      break;
    case 'literal':
      tries.push(...(def.values ?? []));
      break;
    case 'array': {
      const element = def.element ? sampleValue(def.element, overrides, depth + 1) : undefined;
      tries.push([], element === undefined ? [] : [element]);
      break;
    }
    case 'object':
      if (depth < 5) tries.push(sampleObject(inner, overrides, depth + 1));
      break;
    case 'union':
      for (const option of def.options ?? []) tries.push(sampleValue(option, overrides, depth + 1));
      break;
    case 'date':
      tries.push(new Date('2026-01-01'));
      break;
    default:
      tries.push('x', 1, true);
  }
  return tries.find((value) => schema.safeParse(value).success);
}

/** A valid object for the schema: required fields sampled, overrides (e.g. unitId) applied. */
export function sampleObject(
  schema: z.ZodType,
  overrides: Record<string, unknown> = {},
  depth = 0,
): Record<string, unknown> {
  const shape = objectShape(schema) ?? {};
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    if (key in overrides) {
      result[key] = overrides[key];
      continue;
    }
    const optional = field.safeParse(undefined).success;
    const value = sampleValue(field, overrides, depth);
    if (value !== undefined && !optional) result[key] = value;
  }
  // A PATCH needs at least one field (patchOf): add optional ones until the object is accepted.
  for (const [key, field] of Object.entries(shape)) {
    if (schema.safeParse(result).success) break;
    if (key in result) continue;
    const value = sampleValue(field, overrides, depth);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

/** The declared maximum length of a string field, or null when it has none. */
export function maxLength(schema: z.ZodType): number | null {
  const inner = unwrap(schema) as unknown as { maxLength: number | null; format: string | null };
  // A fixed format (ISO date, uuid…) bounds the length by itself: probe it with 1,000 characters.
  return inner.maxLength ?? (inner.format ? 999 : null);
}
