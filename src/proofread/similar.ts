import { polyphonic } from 'pinyin-pro';
import { areConfusable } from './confusables.js';
import glyphFile from './dictionary/glyphs.json' with { type: 'json' };
import wordsFile from './dictionary/words.json' with { type: 'json' };

/**
 * Whether one character is a likely miswriting of another: typed through a pinyin input method
 * (a character of the same toneless syllable), similar in shape (the glyph groups of the shipped
 * dictionary), or one of the older hand-made near-homophone groups (confusables.ts). Pinyin
 * readings come from pinyin-pro and are cached per character, so a character costs one lookup
 * the first time it is seen at a mismatch and a Map read after that.
 */

export const glyphVersion: string = glyphFile.version;

const glyphPairs = new Set<number>();
for (const group of glyphFile.groups) {
  const chars = [...new Set(group)];
  for (const a of chars) {
    for (const b of chars) {
      if (a !== b) glyphPairs.add(a.charCodeAt(0) * 65536 + b.charCodeAt(0));
    }
  }
}

function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

const readings = new Map<number, readonly string[]>();
const NONE: readonly string[] = [];

/** Toneless pinyin readings of a Han character (all readings of a polyphone), [] otherwise. */
export function readingsOf(code: number): readonly string[] {
  let r = readings.get(code);
  if (r === undefined) {
    if (!isHan(code)) r = NONE;
    else {
      const out = polyphonic(String.fromCharCode(code), { toneType: 'none', type: 'array' });
      const list = (out[0] ?? []).filter((s) => /^[a-zü]+$/.test(s));
      r = list.length > 0 ? list : NONE;
    }
    readings.set(code, r);
  }
  return r;
}

/** Whether two Han characters share a toneless reading (意/以 yi, 严/验 yan, 心/新 xin). */
export function samePinyin(a: number, b: number): boolean {
  if (a === b) return false;
  const ra = readingsOf(a);
  if (ra.length === 0) return false;
  const rb = readingsOf(b);
  for (const x of ra) for (const y of rb) if (x === y) return true;
  return false;
}

/** Whether two characters are in one glyph group (思/恩, 维/推, 己/已). */
export function glyphSimilar(a: number, b: number): boolean {
  return glyphPairs.has(a * 65536 + b);
}

/** Whether `got` in place of `want` looks like a slip of the pen, the eye or the input method. */
export function confusableChars(want: number, got: number): boolean {
  return areConfusable(want, got) || glyphSimilar(want, got) || samePinyin(want, got);
}

/** Every glyph-similar character of `ch` (for tests that generate miswritings). */
export function glyphsOf(ch: string): string[] {
  const out = new Set<string>();
  for (const group of glyphFile.groups) {
    if (group.includes(ch)) for (const c of group) if (c !== ch) out.add(c);
  }
  return [...out];
}

const words = new Set<number>();
for (const w of wordsFile.words.split(' ')) {
  if (w.length === 2) words.add(w.charCodeAt(0) * 65536 + w.charCodeAt(1));
}
export const wordsVersion: string = wordsFile.version;

/** Whether two adjacent characters make one of the common two-character words. */
export function isWord(a: number, b: number): boolean {
  return words.has(a * 65536 + b);
}

// Characters that exist only in traditional writing and are frequent there (們 個 這 國 …).
const TRADITIONAL = new Set([
  ...'們個這國會發經來為說時學對實現進動關產業開專門問題議論認識與戰區黨運農書長幾還邊過點義體決應當從頭務權條結濟歷雖難讓種總稱導華資級創徹階衛軍東區萬',
]);

/** Whether the text around position i is written in traditional characters. */
export function looksTraditional(text: string, i: number): boolean {
  let n = 0;
  const to = Math.min(text.length, i + 40);
  for (let j = Math.max(0, i - 40); j < to; j++) {
    if (TRADITIONAL.has(text[j]) && ++n >= 2) return true;
  }
  return false;
}
