import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ModuleManifest } from './platform/modules.js';
import { projectRoot } from './platform/paths.js';

/**
 * Every domain's manifest, found rather than listed: each `src/<folder>/module.ts` is one. The
 * compiled bundle gets the folder names from the build (bin/build.mjs defines
 * SHOUTU_MODULE_FOLDERS); run from the sources, the folders are read from src/. esbuild bundles
 * every file the template below can name.
 */
declare const SHOUTU_MODULE_FOLDERS: string[] | undefined;

function moduleFolders(): string[] {
  if (typeof SHOUTU_MODULE_FOLDERS !== 'undefined') return SHOUTU_MODULE_FOLDERS;
  const src = path.join(projectRoot, 'src');
  return readdirSync(src, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(src, d.name, 'module.ts')))
    .map((d) => d.name)
    .sort();
}

let loaded: Promise<ModuleManifest[]> | undefined;

export function loadManifests(): Promise<ModuleManifest[]> {
  loaded ??= Promise.all(
    moduleFolders().map(async (folder) => {
      const { manifest } = (await import(`./${folder}/module.ts`)) as { manifest: ModuleManifest };
      if (!manifest?.id) throw new Error(`src/${folder}/module.ts 没有导出 manifest`);
      return manifest;
    }),
  );
  return loaded;
}
