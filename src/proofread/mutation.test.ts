import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { defaultEntries, defaultProofreader, type ProofFinding } from './index.js';
import { glyphsOf, readingsOf } from './similar.js';
import { readCorpus, seededRandom } from './testing.js';

/**
 * Seeded mutation tests over real official text: a formulation of the dictionary is found in the
 * corpus (or, for one the corpus lacks, put into a sentence of ours inside real context), one
 * character of it is damaged, and the proofreader must report that span — with no finding
 * elsewhere in the 160-character window that the undamaged window did not already have.
 *
 * Two kinds of damage, measured apart:
 * - edit: a one-character mutation — a character replaced by a glyph-similar or same-pinyin one
 *   (any position), a character dropped or an extra one typed (inside the term: dropping the first
 *   or last character leaves another, usually correct, term);
 * - pinyin: a character (any position) replaced by a common character of the same toneless
 *   syllable, as a pinyin input method offers it (四个以识, 全面从验治党, 以人民为中新).
 * "Common" means ≥ 20 occurrences in the corpus, so the replacements are characters people use.
 */

const pr = defaultProofreader();
// gwr-1954 is in traditional characters: its characters are not what a simplified-Chinese
// input method offers, and the dictionary's formulations do not occur in it.
const corpus = readCorpus().filter((f) => f.name !== 'gwr-1954.txt');
const all = corpus.map((f) => f.text).join('\n');
const HAN = /^[\u4e00-\u9fff]$/;

const frequency = new Map<string, number>();
for (const ch of all) if (HAN.test(ch)) frequency.set(ch, (frequency.get(ch) ?? 0) + 1);
const common = [...frequency].filter(([, n]) => n >= 20).map(([ch]) => ch);
const commonBySyllable = new Map<string, string[]>();
for (const ch of common) {
  for (const r of readingsOf(ch.charCodeAt(0))) {
    const list = commonBySyllable.get(r) ?? [];
    list.push(ch);
    commonBySyllable.set(r, list);
  }
}

const valid = new Set<string>();
for (const e of defaultEntries) {
  if (e.kind === 'typo') continue;
  valid.add(e.canonical);
  for (const v of e.alsoValid ?? []) valid.add(v);
  for (const m of e.members ?? []) valid.add(m);
}

const formulations = defaultEntries.filter(
  (e) => e.kind !== 'typo' && e.enabled !== false && [...e.canonical].length >= 4,
);

// Sentences of our own that carry a formulation the corpus does not contain.
const hosts = [
  (c: string) => `各单位要认真落实${c}的要求，`,
  (c: string) => `引导党员干部深刻把握${c}，`,
  (c: string) => `会议强调，${c}是一项重要工作。`,
];
const sentenceEnds: number[] = [];
for (
  let i = all.indexOf('。');
  i !== -1 && sentenceEnds.length < 20000;
  i = all.indexOf('。', i + 1)
)
  sentenceEnds.push(i + 1);

interface Site {
  text: string;
  at: number;
}

function sitesOf(canonical: string): Site[] {
  const out: Site[] = [];
  for (let i = all.indexOf(canonical); i !== -1; i = all.indexOf(canonical, i + 1)) {
    out.push({ text: all, at: i });
  }
  return out;
}
const siteCache = new Map<string, Site[]>();

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

/** One site of the formulation with 80 characters of real context on either side. */
function siteFor(random: () => number, canonical: string): Site {
  let sites = siteCache.get(canonical);
  if (!sites) {
    sites = sitesOf(canonical);
    siteCache.set(canonical, sites);
  }
  if (sites.length > 0) {
    const s = pick(random, sites);
    const start = Math.max(0, s.at - 80);
    return { text: s.text.slice(start, s.at + canonical.length + 80), at: s.at - start };
  }
  const end = pick(random, sentenceEnds);
  const sentence = pick(random, hosts)(canonical);
  const before = all.slice(Math.max(0, end - 80), end);
  return {
    text: before + sentence + all.slice(end, end + 80),
    at: before.length + sentence.indexOf(canonical),
  };
}

/** The term in quotes inside a sentence of ours, in real context. */
function quotedSite(random: () => number, canonical: string): Site {
  const end = pick(random, sentenceEnds);
  const sentence = `要把“${canonical}”的要求落到实处。`;
  const before = all.slice(Math.max(0, end - 80), end);
  return {
    text: before + sentence + all.slice(end, end + 80),
    at: before.length + sentence.indexOf(canonical),
  };
}

type Kind = 'edit' | 'pinyin' | 'short-del' | 'short-del-quoted';

function samePinyinChoices(canonical: string, k: number): string[] {
  const syllable = pinyin(canonical, { toneType: 'none', type: 'array' })[k];
  return (commonBySyllable.get(syllable) ?? []).filter((c) => c !== canonical[k]);
}

/** Damages one character of the canonical form; undefined when this draw does not apply. */
function mutate(random: () => number, kind: Kind, c: string): string | undefined {
  const L = c.length;
  if (kind === 'pinyin') {
    const k = Math.floor(random() * L);
    if (!HAN.test(c[k])) return undefined;
    const choices = samePinyinChoices(c, k);
    if (choices.length === 0) return undefined;
    return c.slice(0, k) + pick(random, choices) + c.slice(k + 1);
  }
  if (kind === 'short-del' || kind === 'short-del-quoted') {
    if (L > 5) return undefined;
    const k = 1 + Math.floor(random() * (L - 2));
    return HAN.test(c[k]) ? c.slice(0, k) + c.slice(k + 1) : undefined;
  }
  const op = pick(random, ['sub', 'del', 'ins'] as const);
  // A character dropped from a term of four or five characters leaves a string that ordinary
  // words contain (制度建设 → 制建设 as in 法制建设): measured apart as short-del.
  if (op === 'del' && L < 6) return undefined;
  if (op === 'sub') {
    const k = Math.floor(random() * L);
    if (!HAN.test(c[k])) return undefined;
    const glyphs = glyphsOf(c[k]);
    const choices = glyphs.length > 0 && random() < 0.5 ? glyphs : samePinyinChoices(c, k);
    if (choices.length === 0) return undefined;
    return c.slice(0, k) + pick(random, choices) + c.slice(k + 1);
  }
  const k = 1 + Math.floor(random() * (L - 2));
  if (!HAN.test(c[k])) return undefined;
  if (op === 'del') return c.slice(0, k) + c.slice(k + 1);
  // An extra character: the same one typed twice, or a same-pinyin one next to it.
  const extra = random() < 0.5 ? c[k] : pick(random, [c[k], ...samePinyinChoices(c, k)]);
  return c.slice(0, k + 1) + extra + c.slice(k + 1);
}

interface Measure {
  tried: number;
  caught: number;
  falseAlarms: number;
  recall: number;
  precision: number;
  misses: string[];
  alarms: string[];
}

const key = (f: ProofFinding, shift: number) => `${f.offset + shift}:${f.rule}:${f.text}`;

function measure(kind: Kind, seed: number, count: number): Measure {
  const random = seededRandom(seed);
  const m: Measure = {
    tried: 0,
    caught: 0,
    falseAlarms: 0,
    recall: 0,
    precision: 0,
    misses: [],
    alarms: [],
  };
  for (let draw = 0; m.tried < count && draw < count * 20; draw++) {
    const entry = pick(random, formulations);
    const c = entry.canonical;
    const mutated = mutate(random, kind, c);
    if (mutated === undefined || mutated === c || valid.has(mutated)) continue;
    const site = kind === 'short-del-quoted' ? quotedSite(random, c) : siteFor(random, c);
    const text = site.text.slice(0, site.at) + mutated + site.text.slice(site.at + c.length);
    // Findings the undamaged window already had (a real error of the corpus copy) are not ours.
    const shift = [...mutated].length - [...c].length;
    const atCp = [...site.text.slice(0, site.at)].length;
    const before = new Set(
      pr.check(site.text).map((f) => key(f, f.offset >= atCp + [...c].length ? shift : 0)),
    );
    const end = atCp + [...mutated].length;
    let caught = false;
    for (const f of pr.check(text)) {
      const overlaps = f.offset < end && f.offset + f.length > atCp;
      if (overlaps && (f.code === 'formulation-error' || f.code === 'typo')) caught = true;
      else if (!before.has(key(f, 0))) {
        m.falseAlarms++;
        m.alarms.push(`${c} → ${mutated}: ${f.rule} “${f.text}”`);
      }
    }
    m.tried++;
    if (caught) m.caught++;
    else m.misses.push(`${c} → ${mutated}`);
  }
  m.recall = m.caught / m.tried;
  m.precision = m.caught / (m.caught + m.falseAlarms);
  return m;
}

function report(kind: Kind, m: Measure): void {
  console.log(
    `${kind}: ${m.tried} mutations, caught ${m.caught}, false alarms ${m.falseAlarms}: ` +
      `recall ${m.recall.toFixed(3)}, precision ${m.precision.toFixed(3)}\n` +
      `missed (first 50):\n${m.misses.slice(0, 50).join('\n')}\n` +
      `false alarms:\n${m.alarms.slice(0, 30).join('\n')}`,
  );
}

describe('seeded mutations of formulations in real official text', () => {
  it('finds one-character mutations (recall ≥ 0.95, precision ≥ 0.98)', () => {
    const m = measure('edit', 20261201, 1500);
    report('edit', m);
    expect(m.tried).toBe(1500);
    expect(m.recall).toBeGreaterThanOrEqual(0.95);
    expect(m.precision).toBeGreaterThanOrEqual(0.98);
  });

  it('finds a character dropped from a short term when the term stands in quotes', () => {
    const m = measure('short-del-quoted', 20261203, 300);
    report('short-del-quoted', m);
    expect(m.recall).toBeGreaterThanOrEqual(0.95);
    expect(m.precision).toBeGreaterThanOrEqual(0.98);
    // Without quotes such a deletion is reported only when it breaks no word of the text beside
    // it; the recall there is printed, not asserted (see docs/proofread-quality.md).
    report('short-del', measure('short-del', 20261204, 300));
  });

  it('finds pinyin-input errors (recall ≥ 0.95, precision ≥ 0.98)', () => {
    const m = measure('pinyin', 20261202, 1500);
    report('pinyin', m);
    expect(m.tried).toBe(1500);
    expect(m.recall).toBeGreaterThanOrEqual(0.95);
    expect(m.precision).toBeGreaterThanOrEqual(0.98);
  });
});
