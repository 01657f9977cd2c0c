import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Test data copied into the repository (each set with its SOURCE.md and licence text). */
export const testData = path.resolve(import.meta.dirname, '../../test/data');

export interface CorpusFile {
  name: string;
  text: string;
}

export function readCorpus(): CorpusFile[] {
  const root = path.join(testData, 'zh-gov-reports-corpus');
  const files: CorpusFile[] = [];
  for (const dir of ['government-work-reports', 'npc-resolutions', 'cpc-congress-reports']) {
    for (const name of readdirSync(path.join(root, dir)).sort()) {
      if (name.endsWith('.txt')) {
        files.push({ name, text: readFileSync(path.join(root, dir, name), 'utf8') });
      }
    }
  }
  return files;
}

/** A small seeded generator (mulberry32) so that mutation tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
