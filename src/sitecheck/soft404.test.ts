import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHtml } from './encoding.js';
import { html, serve, type TestServer } from './fixtures/serve.js';
import { analyzePage } from './html.js';
import { checkSite, type SiteCheckReport } from './index.js';
import { isErrorPage } from './soft404.js';

const NOW = '2026-11-27';
const LONG =
  '经核查，网传信息与事实不符。市场监管部门依法开展了专项检查，未发现相关问题，' +
  '将继续加强日常监管，欢迎社会各界监督。'.repeat(6);

describe('error pages are told from the page, not the URL', () => {
  it.each([
    // title, main text, error page?
    ['404', '', true],
    ['404 Not Found', 'nginx', true],
    ['页面不存在_某市人民政府', '返回首页', true],
    ['对不起，您访问的页面不存在', '返回首页 网站地图', true],
    ['提示信息', '对不起，您访问的页面不存在或已被删除！ 3秒后返回首页', true],
    ['', '该信息已删除', true],
    ['某县人民政府', '抱歉，您要查看的页面已删除。 首页 政务动态 通知公告', true],
    ['Error 500', '', true],
    // Precision: news items that mention 不存在 / 404, articles with real content.
    ['市场监管局：网传“某超市不存在食品安全问题”属实_某市人民政府', LONG, false],
    ['关于某企业不存在违规收费问题的情况说明', `经调查，该企业不存在违规收费问题。${LONG}`, false],
    ['404路公交线路调整的通知', '自12月1日起，404路公交线路调整，途经人民路。', false],
    ['国道G404改造工程进展顺利', LONG, false],
    ['某县人民政府', `首页 政务动态 通知公告 ${LONG}`, false],
    ['网站地图', '首页 政务动态 通知公告 政策文件 规划计划 人事信息', false],
  ])('%j → %s', (title, mainText, expected) => {
    expect(isErrorPage({ title, mainText })).toBe(expected);
  });

  it('classifies none of the 69 real pages of zh-web-extraction-handlabelled as an error page', () => {
    const dir = path.resolve(
      import.meta.dirname,
      '../../test/data/zh-web-extraction-handlabelled/original',
    );
    const flagged: string[] = [];
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.html'));
    for (const file of files) {
      const facts = analyzePage(decodeHtml(fs.readFileSync(path.join(dir, file))), {
        url: new URL('http://example.test/a.html'),
        now: NOW,
        collectItems: false,
      });
      if (isErrorPage(facts)) flagged.push(`${file}: ${facts.title}`);
    }
    expect(files.length).toBe(69);
    expect(flagged).toEqual([]);
  });
});

describe('soft 404s on a site are broken links', () => {
  let server: TestServer;
  let other: TestServer;
  let report: SiteCheckReport;
  beforeAll(async () => {
    // Another site (another port: another host) whose deleted page redirects to its error page.
    other = await serve((req, res) => {
      if (req.url === '/old-article.html') res.writeHead(302, { location: '/404.html' }).end();
      else if (req.url === '/404.html')
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(html('<p>抱歉，您访问的页面不存在</p>', '页面不存在'));
      else if (req.url === '/moved-ok.html') res.writeHead(301, { location: '/new.html' }).end();
      else if (req.url === '/new.html')
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(html(`<p>${LONG}</p>`, '上级部门文章'));
      else res.writeHead(404).end();
    });
    const page = (body: string, title?: string) => html(body, title);
    const routes: Record<string, [number, string, Record<string, string>?]> = {
      '/': [
        200,
        page(
          '<a href="/deleted.html">已删除的通知</a> <a href="/moved.html">旧地址文章</a> ' +
            '<a href="/news/denial.html">关于某企业不存在违规收费问题的情况说明</a> <a href="/ok.html">正常文章</a>' +
            `<a href="${other.base}/old-article.html">上级部门旧文章</a> <a href="${other.base}/moved-ok.html">上级部门新文章</a>`,
          '某县人民政府',
        ),
      ],
      '/deleted.html': [
        200,
        page('对不起，您访问的页面不存在或已被删除！ <a href="/">返回首页</a>', '提示信息'),
      ],
      '/moved.html': [302, '', { location: '/error/404.html' }],
      '/error/404.html': [200, page('<p>页面走丢了</p>', '404 - 某县人民政府')],
      '/news/denial.html': [
        200,
        page(
          `<h1>关于某企业不存在违规收费问题的情况说明</h1><p>发布时间：2026-11-20</p><p>${LONG}</p>`,
          '关于某企业不存在违规收费问题的情况说明_某县人民政府',
        ),
      ],
      '/ok.html': [200, page(`<p>${LONG}</p>`, '正常文章')],
    };
    server = await serve((req, res) => {
      const route = routes[req.url ?? ''];
      if (!route) return void res.writeHead(404).end();
      res
        .writeHead(route[0], { 'content-type': 'text/html; charset=utf-8', ...route[2] })
        .end(route[1]);
    });
    report = await checkSite({ url: `${server.base}/`, now: NOW, allowPrivate: true });
  });
  afterAll(async () => {
    await server.close();
    await other.close();
  });

  it('reports the 200 error page and the redirect to one, not the article mentioning 不存在', () => {
    const broken = report.findings
      .filter((f) => f.code === 'link-broken')
      .map((f) => [f.target!.replace(server.base, ''), f.status, f.onHomepage]);
    expect(broken.sort()).toEqual([
      ['/deleted.html', 200, true],
      ['/moved.html', 200, true],
      [`${other.base}/old-article.html`, 200, true],
    ]);
  });
});
