// A small government-style website served on 127.0.0.1 for the positions tests and the browser
// test (test support only: production code never imports it). `defective` mode plants a broken
// link on the homepage and five blank columns (an aggregate veto); `mend()` fixes both.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestSite {
  url: string;
  /** Fixes the site: the broken link goes, every column gets a recent item. */
  mend(): void;
  /** Breaks it again. */
  spoil(): void;
  /** Requests served so far (a check really crawled it). */
  readonly hits: number;
  close(): Promise<void>;
}

const columns: [string, string][] = [
  ['/gzdt/', '工作动态'],
  ['/bmyw/', '部门要闻'],
  ['/tzgg/', '通知公告'],
  ['/zcwj/', '政策文件'],
  ['/ghjh/', '规划计划'],
  ['/rsxx/', '人事信息'],
];

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li>${columns
    .map(([href, name]) => `<li><a href="${href}">${name}</a></li>`)
    .join('')}</ul></div>
<div class="main">${body}</div><div class="footer">版权所有 测试市交通运输局</div></body></html>`;

/**
 * `day` is the site's "recent" publication date (the tests' today, or a day before it);
 * `delayMs` > 0 answers one request at a time, each after that delay, so a check's progress
 * moves steadily enough for a browser to watch it.
 */
export async function startTestSite(day: string, delayMs = 0): Promise<TestSite> {
  let defective = true;
  let hits = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const list = (title: string, items: [string, string][]) =>
    page(
      title,
      `<h2>${title}</h2><ul class="list">${items
        .map(([href, t]) => `<li><a href="${href}">${t}</a><span>${day}</span></li>`)
        .join('')}</ul>${items.length ? '' : '<p>暂无信息</p>'}`,
    );
  const routes = (): Map<string, string> => {
    const map = new Map<string, string>();
    map.set(
      '/',
      page(
        '测试市交通运输局',
        `<div class="news"><h3><a href="/gzdt/">工作动态</a></h3><ul>
<li><a href="/gzdt/a1.html">市局召开意识形态工作专题会议</a><span>${day}</span></li></ul></div>
${defective ? '<p><a href="/gone.html">旧版办事指南入口</a></p>' : ''}`,
      ),
    );
    for (const [i, [href, name]] of columns.entries()) {
      const article = `${href}a1.html`;
      const filled = i === 0 || !defective;
      map.set(href, list(name, filled ? [[article, `${name}：一项近期工作安排的说明`]] : []));
      if (filled)
        map.set(
          article,
          page(
            name,
            `<h1>${name}：一项近期工作安排的说明</h1><div class="info">发布时间：${day}</div><div class="content">按照年度工作安排推进各项任务。</div>`,
          ),
        );
    }
    return map;
  };
  const server = http.createServer(async (req, res) => {
    hits++;
    if (delayMs) {
      const turn = queue.then(() => new Promise((r) => setTimeout(r, delayMs)));
      queue = turn;
      await turn;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = routes().get(path);
    if (path === '/robots.txt') {
      res.writeHead(404).end();
      return;
    }
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>404</h1>');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    mend: () => {
      defective = false;
    },
    spoil: () => {
      defective = true;
    },
    get hits() {
      return hits;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
