#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm install` or `npm start`; rebuilt here when a
// source file is newer). SHOUTU_FROM_SOURCE=1 runs the TypeScript sources through tsx instead:
// the test suite sets it so that a test always runs the code it sits beside.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (!entry.name.includes('.test.')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

if (process.env.SHOUTU_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(root, 'src/main.ts')).href);
} else {
  const compiled = path.join(root, 'dist/main.js');
  const stale =
    !existsSync(compiled) || statSync(compiled).mtimeMs < newestSource(path.join(root, 'src'));
  if (stale) {
    const { buildServer } = await import('./build.mjs');
    await buildServer();
  }
  await import(pathToFileURL(compiled).href);
}
