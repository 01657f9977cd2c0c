import { defineConfig } from 'vitest/config';

// Every database test runs on embedded PGlite; when DATABASE_URL names a PostgreSQL server the
// same database tests run a second time against it. Pure engines and browser tests run once.
const databaseTests = [
  'src/{platform,org,demo,responsibility,study,activities,compliance,proofreading}/**/*.test.ts',
];

// A CLI a test spawns (node bin/shoutu.mjs …) runs the sources under test, not dist/.
process.env.SHOUTU_FROM_SOURCE = '1';

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
