import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserRequired, findChromium, hasBrowser } from './harness.js';

// Browser tests run whenever Chromium is present; CI sets SHOUTU_REQUIRE_BROWSER=1 so that a
// missing browser fails the run here instead of every browser test quietly not running.
describe('browser availability', () => {
  it('finds Chromium whenever the run requires a browser', () => {
    const found = findChromium();
    if (browserRequired()) {
      expect(
        found,
        'SHOUTU_REQUIRE_BROWSER=1 但找不到 Chromium（CHROMIUM_PATH 或 /usr/bin/chromium）',
      ).toBeTypeOf('string');
    }
    // Whatever is found must be an absolute path to a program, never a guess.
    if (found !== undefined) expect(path.isAbsolute(found)).toBe(true);
    expect(hasBrowser).toBe(found !== undefined);
  });
});
