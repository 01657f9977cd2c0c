#!/usr/bin/env node
// Compiles the server and CLI (src/ → dist/, one ESM bundle with a chunk per lazily loaded
// command) and, with --web, builds the web app first. `npm install` runs it (prepare), `npm start`
// runs it with --web, and bin/shoutu.mjs runs it when dist/ is missing or older than src/.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildServer({ quiet = false } = {}) {
  const started = Date.now();
  if (!quiet) process.stderr.write('正在编译服务端（src → dist）……\n');
  const esbuild = await import('esbuild');
  // The domains' manifests (src/<folder>/module.ts), found now so that src/modules.ts needs no list.
  const src = path.join(root, 'src');
  const folders = readdirSync(src, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(src, d.name, 'module.ts')))
    .map((d) => d.name)
    .sort();
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outdir: 'dist',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    chunkNames: 'chunks/[name]-[hash]',
    define: { SHOUTU_MODULE_FOLDERS: JSON.stringify(folders) },
  });
  if (!quiet)
    process.stderr.write(`服务端编译完成（${((Date.now() - started) / 1000).toFixed(1)} 秒）\n`);
}

async function buildWeb() {
  const started = Date.now();
  process.stderr.write('正在构建网页（vite build）……\n');
  const { build } = await import('vite');
  // vite.config.ts names the web root relative to the checkout: build from there.
  process.chdir(root);
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  process.stderr.write(`网页构建完成（${((Date.now() - started) / 1000).toFixed(1)} 秒）\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes('--web')) await buildWeb();
    await buildServer();
  } catch (error) {
    process.stderr.write(`构建失败：${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
