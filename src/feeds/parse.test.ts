import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FeedParseError, MAX_FEED_ITEMS, parseFeed } from './parse.js';

// A municipal bureau's CMS feed: GBK bytes, CDATA titles with markup, a relative link, CST dates.
const gbkRss = `<?xml version="1.0" encoding="GBK"?>
<rss version="2.0">
<channel>
  <title><![CDATA[某市人力资源和社会保障局]]></title>
  <link>https://rsj.example.gov.cn/</link>
  <description>本局动态</description>
  <item>
    <title><![CDATA[<b>市人社局</b>召开党组理论学习中心组（扩大）学习会]]></title>
    <link>/art/2026/3/5/art_1201_88.html</link>
    <pubDate>Thu, 05 Mar 2026 10:00:00 CST</pubDate>
    <description><![CDATA[<p style="text-indent:2em">3月5日上午，局党组书记主持召开学习会。</p><p>会议强调&nbsp;要抓好意识形态工作。</p>]]></description>
  </item>
  <item>
    <title>关于2026年度职称评审工作的通知</title>
    <link>https://rsj.example.gov.cn/art/2026/2/20/art_1202_71.html</link>
    <pubDate>2026-02-20 09:30</pubDate>
  </item>
  <item>
    <title>就业创业政策问答</title>
    <link>javascript:void(0)</link>
    <description>常见问题解答。</description>
  </item>
</channel>
</rss>`;

// RSSHub's shape for a WeChat official account (mp.weixin.qq.com links, GMT dates, generator).
const wechatBridge = `<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
  <channel>
    <title><![CDATA[某市发布]]></title>
    <link>https://mp.weixin.qq.com/</link>
    <atom:link href="https://bridge.example.org/wechat/mp/msgalbum/abc" rel="self" type="application/rss+xml" />
    <description><![CDATA[某市发布 - Powered by RSSHub]]></description>
    <generator>RSSHub</generator>
    <webMaster>contact@rsshub.app (RSSHub)</webMaster>
    <language>zh-cn</language>
    <lastBuildDate>Mon, 07 Dec 2026 03:00:00 GMT</lastBuildDate>
    <ttl>5</ttl>
    <item>
      <title><![CDATA[学习贯彻习近平新时代中国特色社会主义思想主题教育读书班开班]]></title>
      <description><![CDATA[<section><p><span>12月3日，市委理论学习中心组举行集体学习。</span></p><img src="https://mmbiz.qpic.cn/x.jpg" referrerpolicy="no-referrer"></section>]]></description>
      <pubDate>Thu, 03 Dec 2026 01:30:00 GMT</pubDate>
      <guid isPermaLink="false">https://mp.weixin.qq.com/s/Abc123XyZ</guid>
      <link>https://mp.weixin.qq.com/s/Abc123XyZ</link>
      <author><![CDATA[某市发布]]></author>
    </item>
    <item>
      <title><![CDATA[今日天气]]></title>
      <description><![CDATA[<p>晴。</p>]]></description>
      <pubDate>Wed, 02 Dec 2026 23:10:00 GMT</pubDate>
      <guid isPermaLink="false">https://mp.weixin.qq.com/s/Def456</guid>
      <link>https://mp.weixin.qq.com/s/Def456</link>
    </item>
  </channel>
</rss>`;

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">某区融媒体中心</title>
  <id>tag:example.gov.cn,2026:feed</id>
  <updated>2026-03-06T08:00:00+08:00</updated>
  <link rel="self" href="https://media.example.gov.cn/atom.xml"/>
  <entry>
    <title type="html">&lt;em&gt;区委&lt;/em&gt;召开意识形态工作专题会议</title>
    <link rel="enclosure" href="https://media.example.gov.cn/a.mp4"/>
    <link rel="alternate" type="text/html" href="https://media.example.gov.cn/news/1.html"/>
    <id>tag:example.gov.cn,2026:1</id>
    <published>2026-03-06T08:00:00+08:00</published>
    <updated>2026-03-07T09:00:00+08:00</updated>
    <summary type="html">&lt;p&gt;会议研究部署今年工作。&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>只有更新时间的条目</title>
    <link href="news/2.html"/>
    <id>tag:example.gov.cn,2026:2</id>
    <updated>2026-02-01T12:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">正文</div></content>
  </entry>
</feed>`;

const jsonFeed = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: '某市文明办',
  home_page_url: 'https://wmb.example.gov.cn/',
  feed_url: 'https://wmb.example.gov.cn/feed.json',
  language: 'zh-CN',
  items: [
    {
      id: '1001',
      url: 'https://wmb.example.gov.cn/p/1001',
      title: '志愿服务进社区',
      content_html: '<p>志愿者走进社区开展宣讲。</p>',
      summary: '宣讲活动',
      date_published: '2026-03-01T09:00:00+08:00',
    },
    {
      id: '1002',
      external_url: 'https://weibo.example.com/status/1002',
      content_text: '一条没有标题的微博，内容较长，用来生成标题。文明城市创建人人参与。',
      date_modified: '2026-03-02T10:00:00+08:00',
    },
  ],
});

describe('parseFeed', () => {
  it('decodes a GBK RSS 2.0 feed with CDATA, markup and a relative link', () => {
    const feed = parseFeed(iconv.encode(gbkRss, 'gbk'), 'application/rss+xml');
    expect(feed.format).toBe('rss');
    expect(feed.encoding).toBe('gb18030');
    expect(feed.title).toBe('某市人力资源和社会保障局');
    expect(feed.items).toHaveLength(3);
    const [first, second, third] = feed.items;
    expect(first).toEqual({
      title: '市人社局召开党组理论学习中心组（扩大）学习会',
      link: 'https://rsj.example.gov.cn/art/2026/3/5/art_1201_88.html',
      publishedAt: '2026-03-05T02:00:00.000Z',
      summary: '3月5日上午，局党组书记主持召开学习会。 会议强调 要抓好意识形态工作。',
    });
    expect(second?.publishedAt).toBe('2026-02-20T01:30:00.000Z');
    expect(second?.summary).toBeUndefined();
    // javascript: is no post link; a post without a date is kept and counted as undated.
    expect(third?.link).toBeUndefined();
    expect(third?.publishedAt).toBeUndefined();
    expect(third?.undated).toBe(true);
    expect(first?.undated).toBeUndefined();
    expect(feed.undated).toBe(1);
  });

  it('reads GBK bytes whose HTTP header wrongly says UTF-8', () => {
    const feed = parseFeed(iconv.encode(gbkRss, 'gbk'), 'text/xml; charset=utf-8');
    expect(feed.items[0]?.title).toContain('理论学习中心组');
  });

  it('reads UTF-8 bytes under a GBK declaration, and UTF-16 with a byte-order mark', () => {
    const mislabelled = parseFeed(Buffer.from(gbkRss, 'utf8'));
    expect(mislabelled.encoding).toBe('utf8');
    expect(mislabelled.title).toBe('某市人力资源和社会保障局');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(gbkRss, 'utf16le')]);
    expect(parseFeed(utf16).items[0]?.title).toBe('市人社局召开党组理论学习中心组（扩大）学习会');
  });

  it('reads an RSSHub-style WeChat bridge feed', () => {
    const feed = parseFeed(Buffer.from(wechatBridge), 'application/xml; charset=utf-8');
    expect(feed.title).toBe('某市发布');
    expect(feed.items.map((i) => i.link)).toEqual([
      'https://mp.weixin.qq.com/s/Abc123XyZ',
      'https://mp.weixin.qq.com/s/Def456',
    ]);
    expect(feed.items[0]?.summary).toBe('12月3日，市委理论学习中心组举行集体学习。');
    // 23:10 GMT on 2 December is 07:10 on 3 December in Beijing.
    expect(feed.items[1]?.publishedAt).toBe('2026-12-02T23:10:00.000Z');
  });

  it('reads Atom: the alternate link, published before updated, HTML titles as text', () => {
    const feed = parseFeed(atom, undefined, { baseUrl: 'https://media.example.gov.cn/atom.xml' });
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('某区融媒体中心');
    expect(feed.items[0]).toEqual({
      title: '区委召开意识形态工作专题会议',
      link: 'https://media.example.gov.cn/news/1.html',
      publishedAt: '2026-03-06T00:00:00.000Z',
      summary: '会议研究部署今年工作。',
    });
    expect(feed.items[1]?.link).toBe('https://media.example.gov.cn/news/2.html');
    expect(feed.items[1]?.publishedAt).toBe('2026-02-01T12:00:00.000Z');
  });

  it('reads JSON Feed 1.1 and titles an untitled post from its text', () => {
    const feed = parseFeed(jsonFeed, 'application/feed+json');
    expect(feed.format).toBe('json');
    expect(feed.title).toBe('某市文明办');
    expect(feed.items[0]).toEqual({
      title: '志愿服务进社区',
      link: 'https://wmb.example.gov.cn/p/1001',
      publishedAt: '2026-03-01T01:00:00.000Z',
      summary: '宣讲活动',
    });
    expect(feed.items[1]?.title).toBe(
      '一条没有标题的微博，内容较长，用来生成标题。文明城市创建人人参与。'.slice(0, 40),
    );
    expect(feed.items[1]?.link).toBe('https://weibo.example.com/status/1002');
    expect(feed.items[1]?.publishedAt).toBe('2026-03-02T02:00:00.000Z');
  });

  it('keeps posts whose date cannot be read, undated, with the text given', () => {
    const feed = parseFeed(
      '<rss version="2.0"><channel><title>t</title><item><title>一</title><pubDate>3天前</pubDate></item></channel></rss>',
    );
    expect(feed.items[0]).toEqual({ title: '一', undated: true, unreadableDate: '3天前' });
    expect(feed.undated).toBe(1);
  });

  it('returns an empty list for a feed without items', () => {
    const feed = parseFeed(
      '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>某局</title><link>https://example.gov.cn/</link><description>暂无内容</description></channel></rss>',
    );
    expect(feed).toMatchObject({ format: 'rss', title: '某局', items: [], undated: 0 });
  });

  it('refuses an HTML error page answered with 200, naming the page', () => {
    const page =
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Welcome to RSSHub! 路由不存在</title></head><body><h1>Looks like something went wrong</h1></body></html>';
    let error: unknown;
    try {
      parseFeed(Buffer.from(page), 'text/html; charset=utf-8');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FeedParseError);
    expect((error as FeedParseError).code).toBe('not-a-feed');
    expect((error as FeedParseError).message).toMatch(
      /^不是有效的 RSS\/Atom\/JSON Feed 订阅源：返回的是网页（“Welcome to RSSHub! 路由不存在”）/,
    );
  });

  it('refuses empty, truncated and unrelated bodies with Chinese reasons', () => {
    const cases: [string, string][] = [
      ['', 'empty'],
      ['   \n', 'empty'],
      ['<rss version="2.0"><channel><title>x</title><item><title>a</item></channel>', 'malformed'],
      ['<note><to>x</to></note>', 'not-a-feed'],
      ['{"data":[]}', 'not-a-feed'],
      ['服务暂不可用', 'not-a-feed'],
    ];
    for (const [body, code] of cases) {
      expect(() => parseFeed(body), body).toThrow(FeedParseError);
      try {
        parseFeed(body);
      } catch (e) {
        expect((e as FeedParseError).code, body).toBe(code);
        expect((e as FeedParseError).message, body).toMatch(/^不是有效的 RSS\/Atom\/JSON Feed/);
      }
    }
  });

  it('refuses more than 5 MB without parsing', () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x20);
    expect(() => parseFeed(big)).toThrow(/超过 5 MB/);
  });

  it('keeps at most 5,000 items and says so', () => {
    const items = Array.from(
      { length: MAX_FEED_ITEMS + 3 },
      (_, i) => `<item><title>第${i}条</title><pubDate>2026-03-05</pubDate></item>`,
    ).join('');
    const feed = parseFeed(`<rss version="2.0"><channel><title>x</title>${items}</channel></rss>`);
    expect(feed.items).toHaveLength(MAX_FEED_ITEMS);
    expect(feed.truncated).toBe(true);
  });

  it('does not expand nested entity declarations (no billion laughs)', () => {
    const entities = Array.from(
      { length: 8 },
      (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`,
    ).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e0 "ha">${entities}]><rss version="2.0"><channel><title>&e8;</title><item><title>一</title></item></channel></rss>`;
    const started = Date.now();
    let titleLength = 0;
    try {
      titleLength = parseFeed(xml).title?.length ?? 0;
    } catch (e) {
      expect(e).toBeInstanceOf(FeedParseError);
    }
    expect(titleLength).toBeLessThan(1000);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

// Scenarios adapted from feedsmith's own suite (src/common/parse.test.ts, MIT licence,
// © Maciej Lamberski): one minimal document of each format and the inputs it must refuse,
// rewritten here against this engine's output.
describe('parseFeed on the cases of feedsmith’s universal parser', () => {
  it('accepts an Atom feed with a title and an id but no entries', () => {
    const feed = parseFeed(
      '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>动态</title><id>urn:x:1</id></feed>',
    );
    expect(feed).toMatchObject({ format: 'atom', title: '动态', items: [] });
  });

  it('accepts a JSON Feed 1.1 whose post has only content_html', () => {
    const feed = parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: '示例',
        items: [
          {
            id: '1',
            content_html: '<p>你好</p>',
            url: 'https://example.com/post/1',
            title: '第一篇',
            date_published: '2023-01-01T00:00:00Z',
          },
        ],
      }),
    );
    expect(feed.items).toEqual([
      {
        title: '第一篇',
        link: 'https://example.com/post/1',
        publishedAt: '2023-01-01T00:00:00.000Z',
        summary: '你好',
      },
    ]);
  });

  it('accepts an RSS 2.0 channel without items', () => {
    expect(
      parseFeed(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>频道</title><link>https://example.com/</link><description>d</description></channel></rss>',
      ),
    ).toMatchObject({ format: 'rss', title: '频道', items: [] });
  });

  it('reads RSS 1.0 (RDF) as rss, items outside the channel', () => {
    const feed = parseFeed(
      '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="http://example.org/rss"><title>RDF</title><link>http://example.org</link></channel><item rdf:about="http://example.org/item/1"><title>条目</title><link>http://example.org/item/1</link><dc:date>2026-03-05T10:00:00+08:00</dc:date></item></rdf:RDF>',
    );
    expect(feed.format).toBe('rss');
    expect(feed.items).toEqual([
      {
        title: '条目',
        link: 'http://example.org/item/1',
        publishedAt: '2026-03-05T02:00:00.000Z',
      },
    ]);
  });

  it('reads element names in any case, as old CMSs write them', () => {
    const feed = parseFeed(
      '<RSS version="2.0"><CHANNEL><TITLE>大写</TITLE><ITEM><TITLE>条目</TITLE><LINK>https://a.example/1</LINK><PUBDATE>Thu, 05 Mar 2026 10:00:00 +0800</PUBDATE></ITEM></CHANNEL></RSS>',
    );
    expect(feed.items).toEqual([
      { title: '条目', link: 'https://a.example/1', publishedAt: '2026-03-05T02:00:00.000Z' },
    ]);
  });

  it('dates Atom 0.3 entries by issued, not modified', () => {
    const feed = parseFeed(
      '<feed xmlns="http://purl.org/atom/ns#" version="0.3"><title>旧版</title><entry><title>e</title><link rel="alternate" href="https://a.example/3"/><issued>2026-03-05T10:00:00+08:00</issued><modified>2026-03-06T10:00:00+08:00</modified></entry></feed>',
    );
    expect(feed.items[0]?.publishedAt).toBe('2026-03-05T02:00:00.000Z');
  });

  it('refuses plain text, an array, an empty object and a number', () => {
    for (const body of ['not a feed', '[]', '{}', '123']) {
      expect(() => parseFeed(body), body).toThrow(FeedParseError);
    }
  });
});
