// The server counts offsets in Unicode code points; a JS string indexes UTF-16 units. Characters
// outside the BMP (e.g. 𠮷, emoji) are two units: every conversion goes through here.
import type { ProofFinding } from '../../api/proofread.js';

/** A finding placed in the editor's string: [start, end) in UTF-16 units. */
export interface PlacedFinding extends ProofFinding {
  start: number;
  end: number;
}

/**
 * Places code point findings (sorted or not) into `text`, in one pass over the string. A lone
 * surrogate counts as one code point, as on the server. Findings that fall outside the text, or
 * whose text does not match what is there, are dropped rather than shown at the wrong place.
 */
export function placeFindings(text: string, findings: readonly ProofFinding[]): PlacedFinding[] {
  const wanted = new Set<number>();
  for (const f of findings) {
    wanted.add(f.offset);
    wanted.add(f.offset + f.length);
  }
  const unitAt = new Map<number, number>();
  let cp = 0;
  let i = 0;
  while (i <= text.length) {
    if (wanted.has(cp)) unitAt.set(cp, i);
    if (i === text.length) break;
    const c = text.charCodeAt(i);
    const pair =
      c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1));
    i += pair ? 2 : 1;
    cp++;
  }
  const placed: PlacedFinding[] = [];
  for (const f of findings) {
    const start = unitAt.get(f.offset);
    const end = unitAt.get(f.offset + f.length);
    if (start === undefined || end === undefined) continue;
    if (text.slice(start, end) !== f.text) continue;
    placed.push({ ...f, start, end });
  }
  return placed.sort((a, b) => a.start - b.start || b.end - a.end);
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Code points in text[from, to), counted as the server counts them. */
export function codePointsBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to && isLowSurrogate(text.charCodeAt(i + 1))) i++;
    n++;
  }
  return n;
}

/**
 * Carries findings across an edit without asking the server: the edit is the span between the
 * common prefix and the common suffix of the two texts; findings before it keep their place,
 * findings after it shift, findings touching it are dropped until the next check answers.
 */
export function remapFindings(
  before: string,
  after: string,
  findings: readonly PlacedFinding[],
): PlacedFinding[] {
  if (before === after) return [...findings];
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  const editEndBefore = before.length - suffix;
  const delta = after.length - before.length;
  const out: PlacedFinding[] = [];
  for (const f of findings) {
    if (f.end <= prefix) {
      out.push(f);
    } else if (f.start >= editEndBefore) {
      const start = f.start + delta;
      const end = f.end + delta;
      out.push({
        ...f,
        start,
        end,
        offset: codePointsBetween(after, 0, start),
      });
    }
  }
  return out;
}

/** The text with one finding's span replaced by its suggestion. */
export function applySuggestion(text: string, finding: PlacedFinding): string {
  if (finding.suggestion === undefined) return text;
  return text.slice(0, finding.start) + finding.suggestion + text.slice(finding.end);
}

/** Non-overlapping spans for highlighting: where findings overlap, the earlier, longer one wins. */
export function highlightSegments(
  text: string,
  findings: readonly PlacedFinding[],
): Array<{ start: number; text: string; finding?: PlacedFinding }> {
  const segments: Array<{ start: number; text: string; finding?: PlacedFinding }> = [];
  let pos = 0;
  for (const f of findings) {
    if (f.start < pos) continue;
    if (f.start > pos) segments.push({ start: pos, text: text.slice(pos, f.start) });
    segments.push({ start: f.start, text: text.slice(f.start, f.end), finding: f });
    pos = f.end;
  }
  if (pos < text.length) segments.push({ start: pos, text: text.slice(pos) });
  return segments;
}
