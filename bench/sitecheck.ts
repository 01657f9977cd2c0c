/**
 * Site-check benchmark: a deterministic synthetic municipal site on 127.0.0.1 is checked by
 * linkinator 7 (recurse, same concurrency; the anchor) and by our checker, each in its own child
 * process so that peak RSS (VmHWM) is measured separately. Then our checker alone at 10k and 50k
 * pages to show memory stays bounded as sites grow.
 *
 *   npm run bench:sitecheck            (8,000 articles ≈ 8,400 pages; then 10k, 50k)
 *   BENCH_PAGES=2000 BENCH_SCALE=0 npm run bench:sitecheck   (quick)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const COLUMNS = [
  '工作动态',
  '通知公告',
  '政策文件',
  '规划计划',
  '人事信息',
  '部门动态',
  '媒体关注',
  '专题专栏',
];
const PER_LIST = 20;
const FILLER =
  '会议强调，要坚持以习近平新时代中国特色社会主义思想为指导，全面落实意识形态工作责任制，' +
  '压实一岗双责，推动各项工作落地见效。各处室要结合实际，细化任务分工，确保按时保质完成。';

function pad(n: number) {
  return String(n).padStart(2, '0');
}
function dateOf(id: number) {
  const d = new Date(Date.UTC(2026, 10, 27) - (id % 400) * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A site of `articles` articles spread over 8 columns with paginated lists. */
function makeSite(articles: number) {
  const perColumn = Math.ceil(articles / COLUMNS.length);
  const listPages = Math.ceil(perColumn / PER_LIST);
  const nav = COLUMNS.map((name, c) => `<li><a href="/c${c}/index.html">${name}</a></li>`).join('');
  const frame = (title: string, body: string) =>
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
    `<link rel="stylesheet" href="/css/main.css"><script src="/js/site.js"></script></head><body>` +
    `<div class="header"><img src="/img/logo.png"><ul class="nav"><li><a href="/">首页</a></li>${nav}</ul></div>` +
    `<div class="main">${body}</div><div class="footer">版权所有 某市某局 <a href="/about.html">关于我们</a></div></body></html>`;
  const article = (id: number) => {
    const c = id % COLUMNS.length;
    const related = [1, 2, 3]
      .map((k) => (id + k * 97) % articles)
      .map((r) => `<li><a href="/c${r % COLUMNS.length}/a${r}.html">相关文章标题第${r}号</a></li>`)
      .join('');
    const broken = id % 100 === 0 ? `<a href="/c${c}/missing${id}.html">失效的附件链接</a>` : '';
    return frame(
      `文章${id}`,
      `<h1>${COLUMNS[c]}第${id}号文章</h1><div class="info">发布时间：${dateOf(id)} 来源：办公室</div>` +
        `<div class="content">${`<p>${FILLER}</p>`.repeat(6)}<img src="/img/p${id % 50}.jpg">${broken}</div>` +
        `<ul class="related">${related}</ul>`,
    );
  };
  const list = (c: number, k: number) => {
    const items: string[] = [];
    for (let j = 0; j < PER_LIST; j++) {
      const id = c + COLUMNS.length * (k * PER_LIST + j);
      if (id >= articles) break;
      items.push(
        `<li><a href="/c${c}/a${id}.html">${COLUMNS[c]}第${id}号文章标题</a><span>${dateOf(id)}</span></li>`,
      );
    }
    const next = k + 1 < listPages ? `<a href="index_${k + 1}.html">下一页</a>` : '';
    return frame(
      COLUMNS[c]!,
      `<ul class="list">${items.join('')}</ul><div class="page">${next}</div>`,
    );
  };
  const home = frame(
    '某市某局',
    `<ul class="list">${[0, 1, 2, 3, 4, 5, 6, 7].map((id) => `<li><a href="/c${id % 8}/a${id}.html">首页要闻第${id}号文章标题</a><span>${dateOf(id)}</span></li>`).join('')}</ul>`,
  );
  const pages = 1 + 1 + COLUMNS.length * listPages + articles;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url ?? '/';
    let body: string | undefined;
    let type = 'text/html; charset=utf-8';
    const articleMatch = /^\/c(\d)\/a(\d+)\.html$/.exec(url);
    const listMatch = /^\/c(\d)\/index(?:_(\d+))?\.html$/.exec(url);
    if (url === '/') body = home;
    else if (url === '/about.html') body = frame('关于我们', '<p>本局主要职责。</p>');
    else if (articleMatch && Number(articleMatch[2]) < articles)
      body = article(Number(articleMatch[2]));
    else if (listMatch && Number(listMatch[2] ?? 0) < listPages) {
      body = list(Number(listMatch[1]), Number(listMatch[2] ?? 0));
    } else if (/^\/(img|css|js)\//.test(url)) {
      type = url.endsWith('.css')
        ? 'text/css'
        : url.endsWith('.js')
          ? 'text/javascript'
          : 'image/jpeg';
      body = 'x'.repeat(2048);
    }
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  return { pages, handler };
}

interface Run {
  seconds: number;
  peakRssMb: number;
  stdout: string;
  code: number | null;
}

/** Runs a child, polling /proc/<pid>/status for VmHWM (the kernel's peak resident set). */
function runChild(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const began = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        if (kb > peakKb) peakKb = kb;
      } catch {
        // exited between polls
      }
    }, 50);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({
        seconds: Number(process.hrtime.bigint() - began) / 1e9,
        peakRssMb: peakKb / 1024,
        stdout: Buffer.concat(out).toString('utf8'),
        code,
      });
    });
  });
}

async function serve(articles: number) {
  const site = makeSite(articles);
  const server = http.createServer({ keepAliveTimeout: 30_000 }, site.handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    pages: site.pages,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

/**
 * How our CLI is started: the compiled bundle (`npm run build` → dist/main.js) when present, as
 * users run it; otherwise the TypeScript sources through tsx (start-up includes transpiling).
 */
const COMPILED = fs.existsSync('dist/main.js');
const OUR_COMMAND = COMPILED ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];

async function ours(url: string, maxPages: number) {
  const run = await runChild(process.execPath, [
    ...OUR_COMMAND,
    'check-site',
    url,
    '--allow-private',
    '--json',
    '--now',
    '2026-11-27',
    '--concurrency',
    String(CONCURRENCY),
    '--max-pages',
    String(maxPages),
  ]);
  const report = JSON.parse(run.stdout) as {
    pages: number;
    findings: { code: string }[];
    columns: unknown[];
  };
  return {
    ...run,
    pages: report.pages,
    findings: report.findings.length,
    columns: report.columns.length,
  };
}

function linkinatorRun(url: string) {
  return runChild(process.execPath, [
    'node_modules/linkinator/build/src/cli.js',
    url,
    '--recurse',
    '--concurrency',
    String(CONCURRENCY),
    '--format',
    'csv',
    '--timeout',
    '15000',
  ]);
}

/** A one-page site: the time to check it is (almost) all start-up and shut-down. */
async function startupSeconds() {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><head><title>空站点</title></head><body>只有首页</body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const best = async (run: () => Promise<Run>) => {
    let min = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) min = Math.min(min, (await run()).seconds);
    return min;
  };
  const linkinator = await best(() => linkinatorRun(url));
  const mine = await best(async () => ({ ...(await ours(url, 10)), stdout: '' }));
  server.closeAllConnections();
  server.close();
  return { linkinator, mine };
}

async function main() {
  const articles = Number(process.env.BENCH_PAGES ?? 8000);
  const scale = process.env.BENCH_SCALE !== '0';
  console.log(
    `机器：${os.cpus().length} 核，Node ${process.version}，并发 ${CONCURRENCY}，负载 ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `shoutu 启动方式：${COMPILED ? 'node dist/main.js（编译产物）' : 'node --import tsx src/main.ts（源码，dist/main.js 不存在；先运行 npm run build）'}`,
  );
  const startup = await startupSeconds();
  console.log(
    `启动开销（检查只有一页的站点，3 次取最短）：linkinator ${startup.linkinator.toFixed(2)} s，shoutu ${startup.mine.toFixed(2)} s`,
  );

  const site = await serve(articles);
  console.log(`合成站点：${site.pages} 个页面 ${site.url}`);
  const linkinator = await linkinatorRun(site.url);
  const linkinatorRows = linkinator.stdout
    .split('\n')
    .filter((l) => l.includes(site.url.slice(0, -1)) && /\.html|\/,/.test(l)).length;
  const mine = await ours(site.url, site.pages + 1000);
  await site.close();

  const lRate = site.pages / linkinator.seconds;
  const oRate = mine.pages / mine.seconds;
  const lCrawl = site.pages / Math.max(0.001, linkinator.seconds - startup.linkinator);
  const oCrawl = mine.pages / Math.max(0.001, mine.seconds - startup.mine);
  console.log(
    `linkinator 7: ${linkinator.seconds.toFixed(1)} s, ${lRate.toFixed(0)} 页/秒（不含启动 ${lCrawl.toFixed(0)} 页/秒）, 峰值 RSS ${linkinator.peakRssMb.toFixed(0)} MB (结果行 ${linkinatorRows}, 退出码 ${linkinator.code})`,
  );
  console.log(
    `shoutu:       ${mine.seconds.toFixed(1)} s, ${oRate.toFixed(0)} 页/秒（不含启动 ${oCrawl.toFixed(0)} 页/秒）, 峰值 RSS ${mine.peakRssMb.toFixed(0)} MB (页面 ${mine.pages}, 栏目 ${mine.columns}, 问题 ${mine.findings})`,
  );
  console.log(
    `速度比 shoutu/linkinator = ${(oRate / lRate).toFixed(2)}×（含启动），${(oCrawl / lCrawl).toFixed(2)}×（不含启动）；RSS 比 = ${(mine.peakRssMb / linkinator.peakRssMb).toFixed(2)}`,
  );

  if (scale) {
    for (const n of [10_000, 50_000]) {
      const big = await serve(n);
      const run = await ours(big.url, big.pages + 1000);
      await big.close();
      console.log(
        `shoutu @ ${run.pages} 页: ${run.seconds.toFixed(1)} s, ${(run.pages / run.seconds).toFixed(0)} 页/秒, 峰值 RSS ${run.peakRssMb.toFixed(0)} MB`,
      );
    }
  }
}

if (process.env.BENCH_SERVE_ONLY) {
  const s = await serve(Number(process.env.BENCH_PAGES ?? 8000));
  console.log(s.url);
} else await main();
