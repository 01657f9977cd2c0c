// Anchor for bench/proofread.ts: mint-filter (Aho–Corasick) holding every one-edit miswriting of
// the formulations, reading the same file in 1 MB pieces (with an overlap so seams lose nothing).
import { createReadStream, readFileSync } from 'node:fs';
import Mint from 'mint-filter';

const [file, wordsFile] = process.argv.slice(2);
const words = JSON.parse(readFileSync(wordsFile, 'utf8'));
const mint = new (Mint.default ?? Mint)(words);
const decoder = new TextDecoder('utf-8');
let tail = '';
let hits = 0;
let chars = 0;
for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
  const text = tail + decoder.decode(chunk, { stream: true });
  chars += text.length - tail.length;
  hits += mint.filter(text, { replace: false }).words.length;
  tail = text.slice(-40);
}
process.stdout.write(JSON.stringify({ chars, hits, words: words.length }));
