import { describe, expect, it } from 'vitest';
import { compileProofreader, defaultEntries, mergeEntries } from '../proofread/index.js';
import { postFindings } from './findings.js';
import { parseFeed } from './parse.js';

const feed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>某局发布</title>
  <item>
    <title><![CDATA[深入学习习近平新时代中国特色社会注义思想]]></title>
    <link>https://mp.weixin.qq.com/s/one</link>
    <pubDate>Thu, 05 Mar 2026 10:00:00 +0800</pubDate>
    <description><![CDATA[<p>全体干部要再接再励。</p><p>咨询电话13812345678</p>]]></description>
  </item>
  <item>
    <title>学习贯彻习近平新时代中国特色社会主义思想主题教育读书班开班</title>
    <link>https://mp.weixin.qq.com/s/two</link>
    <description>正确的表述不应报告。</description>
  </item>
</channel></rss>`;

describe('postFindings', () => {
  it('proofreads titles and summaries of parsed posts and points at the post', () => {
    const findings = postFindings(parseFeed(feed).items);
    expect(findings.map((f) => [f.field, f.code, f.text, f.link])).toEqual([
      [
        'title',
        'formulation-error',
        '习近平新时代中国特色社会注义思想',
        'https://mp.weixin.qq.com/s/one',
      ],
      ['summary', 'typo', '再接再励', 'https://mp.weixin.qq.com/s/one'],
      ['summary', 'pii-mobile', '13812345678', 'https://mp.weixin.qq.com/s/one'],
    ]);
    expect(findings[0]).toMatchObject({
      offset: 4,
      length: 16,
      suggestion: '习近平新时代中国特色社会主义思想',
      rule: 'formulation:xjp-thought',
      postTitle: '深入学习习近平新时代中国特色社会注义思想',
      publishedAt: '2026-03-05T02:00:00.000Z',
    });
  });

  it('uses the dictionary it is given (an entry switched off is not reported)', () => {
    const withoutTypo = compileProofreader(
      mergeEntries(defaultEntries, [
        { id: 'typo:再接再励', kind: 'typo', canonical: '再接再厉', enabled: false },
      ]),
    );
    const findings = postFindings([{ title: '全体干部要再接再励' }], withoutTypo);
    expect(findings).toEqual([]);
    expect(postFindings([{ title: '全体干部要再接再励' }]).map((f) => f.code)).toEqual(['typo']);
  });
});
