import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserRequired, findChromium, launchBrowser } from './harness.js';

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
    if (found !== undefined) expect(path.isAbsolute(found)).toBe(true);
  });

  // The screenshots and the layout checks of the other browser tests mean something only if
  // Chinese renders in a real font: without one, every character is the same empty box.
  it.runIf(findChromium() !== undefined)(
    'the browser found starts with our flags and draws Chinese with a CJK font',
    async () => {
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        const glyphs = await page.evaluate(() => {
          const canvas = document.createElement('canvas');
          canvas.width = 40;
          canvas.height = 40;
          const ctx = canvas.getContext('2d')!;
          const draw = (text: string) => {
            ctx.clearRect(0, 0, 40, 40);
            ctx.font = '32px sans-serif';
            ctx.fillText(text, 2, 32);
            return Array.from(ctx.getImageData(0, 0, 40, 40).data).join(',');
          };
          return [draw('意'), draw('责')];
        });
        expect(
          glyphs[0],
          '两个不同汉字画出的像素相同：缺少中文字体（fonts-wqy-microhei）',
        ).not.toBe(glyphs[1]);
      } finally {
        await browser.close();
      }
    },
  );
});
