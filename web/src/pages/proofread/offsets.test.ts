import { describe, expect, it } from 'vitest';
import type { ProofFinding } from '../../api/proofread.js';
import {
  applySuggestion,
  codePointsBetween,
  highlightSegments,
  placeFindings,
  remapFindings,
} from './offsets.js';

const typo = (offset: number, text = '再接再励'): ProofFinding => ({
  code: 'typo',
  offset,
  length: [...text].length,
  text,
  suggestion: '再接再厉',
  rule: 'typo:再接再励',
});

describe('placing code point findings in a JS string', () => {
  it('converts offsets after characters outside the BMP', () => {
    const text = '𠮷😀要再接再励';
    const [placed] = placeFindings(text, [typo(3)]);
    expect(placed).toMatchObject({ start: 5, end: 9 });
    expect(text.slice(placed!.start, placed!.end)).toBe('再接再励');
    expect(codePointsBetween(text, 0, placed!.start)).toBe(3);
  });

  it('counts a lone surrogate as one code point, like the server', () => {
    const text = `\ud800再接再励`;
    expect(placeFindings(text, [typo(1)])).toHaveLength(1);
  });

  it('drops findings that do not match the text (a stale answer)', () => {
    expect(placeFindings('再接再厉', [typo(0)])).toEqual([]);
    expect(placeFindings('短', [typo(5)])).toEqual([]);
  });
});

describe('editing around findings', () => {
  it('accepting a suggestion replaces exactly the span', () => {
    const text = '😀我们要再接再励。';
    const [placed] = placeFindings(text, [typo(4)]);
    expect(applySuggestion(text, placed!)).toBe('😀我们要再接再厉。');
  });

  it('keeps findings before an edit, shifts those after, drops those it touches', () => {
    const before = '再接再励，好，再接再励，再接再励';
    const placed = placeFindings(before, [typo(0), typo(7), typo(12)]);
    const after = before.replace('好', '😀很好');
    const moved = remapFindings(before, after, placed);
    expect(moved.map((f) => after.slice(f.start, f.end))).toEqual([
      '再接再励',
      '再接再励',
      '再接再励',
    ]);
    expect(moved.map((f) => f.offset)).toEqual([0, 9, 14]);
    const touched = before.slice(0, 8) + before.slice(9);
    expect(remapFindings(before, touched, placed)).toHaveLength(2);
  });

  it('splits text into plain and highlighted segments without overlaps', () => {
    const text = 'a再接再励b';
    const placed = placeFindings(text, [typo(1), { ...typo(2, '接再'), rule: 'x' }]);
    const segments = highlightSegments(text, placed);
    expect(segments.map((s) => s.text)).toEqual(['a', '再接再励', 'b']);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });
});
