import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout's root (the folder holding package.json). The same code runs from src/ through
 * tsx and bundled into dist/, so paths to migrations/ or web/dist/ start from here, never from
 * the calling file's own location.
 */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 10; i++) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'migrations'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('找不到项目根目录（含 package.json 与 migrations/ 的目录）');
}

export const projectRoot = findProjectRoot();
