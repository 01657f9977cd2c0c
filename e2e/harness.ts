// End-to-end harness: Debian's Chromium (never a downloaded browser) driven by playwright-core,
// against a real `shoutu serve` on a fresh embedded database with the demo city.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'e2e', 'screenshots');

const SERVER_START_LIMIT_MS = 120_000;
const BUILD_LIMIT_MS = 180_000;
const LOG_LIMIT_CHARS = 200_000;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium; undefined when neither exists. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(
    (c): c is string => !!c,
  );
  return candidates.find(isExecutable);
}

/** CI sets SHOUTU_REQUIRE_BROWSER=1: a missing browser is then a failure, not a skip. */
export function browserRequired(): boolean {
  return process.env.SHOUTU_REQUIRE_BROWSER === '1';
}

export const hasBrowser = findChromium() !== undefined;

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('找不到 Chromium：请设置 CHROMIUM_PATH 或安装 chromium');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

function webBuildIsFresh(): boolean {
  const built = path.join(REPO_ROOT, 'web', 'dist', 'index.html');
  let builtAt: number;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    return false;
  }
  const sourcesAt = Math.max(
    newestMtime(path.join(REPO_ROOT, 'web', 'src')),
    statSync(path.join(REPO_ROOT, 'web', 'index.html')).mtimeMs,
  );
  return builtAt >= sourcesAt;
}

/** Builds web/dist when it is missing or older than web/src. */
export async function ensureWebBuilt(): Promise<void> {
  if (webBuildIsFresh()) return;
  await promisify(execFile)('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    timeout: BUILD_LIMIT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface TestServer {
  url: string;
  /** Milliseconds from spawning the server to its first healthy answer. */
  startupMs: number;
  /** Everything the server printed so far (stdout and stderr), for failure reports. */
  logs(): string;
  close(): Promise<void>;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
    if (!response.ok) return false;
    const body = (await response.json()) as { status?: string };
    return body.status === 'ok';
  } catch {
    return false;
  }
}

/**
 * Starts `shoutu serve` on a free port with a fresh data dir and the demo city — or, with
 * `viaNpmStart`, exactly what a user runs: `npm start` (web build, migrations, demo, serve).
 */
export async function startTestServer(
  options: { viaNpmStart?: boolean } = {},
): Promise<TestServer> {
  if (!options.viaNpmStart) await ensureWebBuilt();
  const startedAt = Date.now();
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shoutu-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-LOG_LIMIT_CHARS);
  };

  const [program, args] = options.viaNpmStart
    ? ['npm', ['start']]
    : [process.execPath, ['bin/shoutu.mjs', 'serve']];
  const child = spawn(program, args, {
    cwd: REPO_ROOT,
    // Its own process group, so closing stops npm and the server it started.
    detached: options.viaNpmStart === true,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SHOUTU_DATA_DIR: dataDir,
      SHOUTU_DEMO: '1',
      DATABASE_URL: '',
      // `npm start` runs the compiled server exactly as a user gets it; the other servers run
      // the sources the suite sits beside.
      SHOUTU_FROM_SOURCE: options.viaNpmStart ? '' : '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);

  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const signal = (name: NodeJS.Signals) =>
        options.viaNpmStart && child.pid ? process.kill(-child.pid, name) : child.kill(name);
      signal('SIGTERM');
      if (!(await waitForExit(child, 10_000))) {
        signal('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + SERVER_START_LIMIT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await close();
      throw new Error(`shoutu serve 启动失败（退出码 ${child.exitCode}）：\n${output}`);
    }
    if (await isHealthy(url))
      return { url, startupMs: Date.now() - startedAt, logs: () => output, close };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await close();
  throw new Error(`shoutu serve 在 ${SERVER_START_LIMIT_MS / 1000} 秒内没有就绪：\n${output}`);
}
