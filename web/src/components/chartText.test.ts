import { describe, expect, it } from 'vitest';
import { axisTooltip, escapeHtml, tooltipLines } from './chartText.js';

describe('chart tooltip text', () => {
  it('escapes markup and attribute quotes', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">')).toBe(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;',
    );
    expect(escapeHtml("a & b's `c`")).toBe('a &amp; b&#39;s &#96;c&#96;');
    expect(escapeHtml(null)).toBe('');
  });

  it('builds lines of escaped text joined by <br/>', () => {
    expect(tooltipLines(['<b>甲</b>', 12])).toBe('&lt;b&gt;甲&lt;/b&gt;<br/>12');
    expect(
      axisTooltip([
        { axisValueLabel: '1月', seriesName: '<i>x</i>', value: 3 },
        { axisValueLabel: '1月', seriesName: '理论武装', value: 0 },
      ]),
    ).toBe('1月<br/>&lt;i&gt;x&lt;/i&gt;：3<br/>理论武装：0');
  });
});
