import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Every database test runs on embedded PGlite; when DATABASE_URL names a PostgreSQL server the
// same database tests run a second time against it. The database tests are those of every domain
// (a folder of src/ with a module.ts manifest, so a new domain is included by existing) and of
// the demo city; pure engines and browser tests run once.
const domainFolders = readdirSync('src', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`src/${d.name}/module.ts`))
  .map((d) => d.name);
const databaseTests = [`src/{${[...domainFolders, 'demo'].join(',')}}/**/*.test.ts`];

// A CLI a test spawns (node bin/shoutu.mjs …) runs the sources under test, not dist/; uploaded
// files go to a temp dir, never into the working tree.
process.env.SHOUTU_FROM_SOURCE = '1';
process.env.SHOUTU_FILES_DIR ??= path.join(tmpdir(), `shoutu-test-files-${process.pid}`);

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two cores: more workers only fight over them, and each opens its own database.
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'pglite',
          include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/**/*.test.ts'],
          env: { DATABASE_URL: '' },
        },
      },
      ...(process.env.DATABASE_URL
        ? [{ extends: true as const, test: { name: 'postgres', include: databaseTests } }]
        : []),
      // One browser file at a time: the login test runs `npm start`, which rebuilds web/dist.
      {
        extends: true,
        test: { name: 'browser', include: ['e2e/**/*.test.ts'], fileParallelism: false },
      },
    ],
  },
});
