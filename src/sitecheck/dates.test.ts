import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fullDates, inferYear, labelledDate, listDates } from './dates.js';
import { decodeHtml } from './encoding.js';
import { analyzePage } from './html.js';

// Copied into the repo (MIT) so the test runs on a fresh clone; see its SOURCE.md.
const data = path.resolve(import.meta.dirname, '../../test/data');
const NOW = '2026-11-27';

describe('list dates', () => {
  it.each([
    ['2026-11-20', '2026-11-20'],
    ['2026/11/20', '2026-11-20'],
    ['2026.11.20', '2026-11-20'],
    ['2026年11月20日', '2026-11-20'],
    ['[11-20]', '2026-11-20'],
    ['(12-05)', '2025-12-05'], // would be in the future this year
    ['11-27', '2026-11-27'],
    ['12月31日', '2025-12-31'],
  ])('%s → %s', (text, date) => {
    expect(listDates(text, NOW)[0]?.date).toBe(date);
  });

  it('rejects impossible dates and places 29 February in a leap year', () => {
    expect(fullDates('2026-02-30')).toEqual([]);
    expect(inferYear(2, 29, NOW)).toBe('2024-02-29');
    expect(listDates('共 12-3 项', NOW)).toEqual([]);
  });

  it('reads the date after a 发布时间 label first', () => {
    expect(labelledDate('时间：2019-01-01 发布日期：2019-09-23 14:34:05')).toBe('2019-09-23');
  });
});

interface Sample {
  file: string;
  label: string;
}

/** Pages whose label is a full calendar date that actually appears in the page (see docs/sitecheck-dates.md). */
function samples(): Sample[] {
  const out: Sample[] = [];
  const zh = JSON.parse(
    fs.readFileSync(`${data}/zh-web-extraction-handlabelled/expected.json`, 'utf8'),
  ) as { file: string; publish_time: string }[];
  for (const row of zh) {
    const label = fullDates(row.publish_time)[0]?.date;
    if (!label) continue;
    const file = `${data}/zh-web-extraction-handlabelled/${row.file}`;
    if (!fullDates(decodeHtml(fs.readFileSync(file))).some((d) => d.date === label)) continue;
    out.push({ file, label });
  }
  return out;
}

describe('article publication dates on real pages', () => {
  it('extracts at least 90% correctly', () => {
    const all = samples();
    const misses: string[] = [];
    for (const { file, label } of all) {
      const html = decodeHtml(fs.readFileSync(file));
      const got = analyzePage(html, {
        url: new URL('http://example.test/a.html'),
        now: NOW,
        collectItems: false,
      }).published;
      if (got !== label) misses.push(`${path.basename(file)}: ${label} ≠ ${got}`);
    }
    const accuracy = (all.length - misses.length) / all.length;
    console.log(
      `publication dates: ${all.length - misses.length}/${all.length} = ${(accuracy * 100).toFixed(1)}%`,
      misses,
    );
    expect(all.length).toBeGreaterThanOrEqual(45); // the 49 dated MIT pages (GPL gne pages are not in the repo)
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('decodes the GB2312/GBK/UTF-8 pages so their hand-copied content appears', () => {
    const rows = JSON.parse(
      fs.readFileSync(`${data}/zh-web-extraction-handlabelled/expected.json`, 'utf8'),
    ) as { file: string; content_file: string; declared_charset: string | null }[];
    let checked = 0;
    let found = 0;
    const gb = new Set<string>();
    for (const row of rows) {
      const content = fs.readFileSync(
        `${data}/zh-web-extraction-handlabelled/${row.content_file}`,
        'utf8',
      );
      // A run of 8 CJK characters from the labelled content.
      const probe = /[\u4e00-\u9fff]{8}/.exec(content)?.[0];
      if (!probe) continue;
      checked++;
      const text = decodeHtml(
        fs.readFileSync(`${data}/zh-web-extraction-handlabelled/${row.file}`),
      ).replace(/\s+/g, '');
      if (text.includes(probe)) {
        found++;
        if (/gb/i.test(row.declared_charset ?? '')) gb.add(row.file);
      }
    }
    console.log(
      `decoding: ${found}/${checked} pages contain their labelled content; ${gb.size} GB-declared`,
    );
    expect(gb.size).toBeGreaterThanOrEqual(30);
    expect(found / checked).toBeGreaterThanOrEqual(0.9);
  });
});
