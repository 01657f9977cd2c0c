import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL server URL; when empty the embedded PGlite database in dataDir is used. */
  databaseUrl: string;
  dataDir: string;
  /** Demo mode: loads the demo city into an empty database and allows demo accounts. */
  demo: boolean;
  /** Secure cookies; only turned off for plain-http test setups that are not localhost. */
  secureCookies: boolean;
  /** Login attempts allowed per IP per minute. */
  loginRateLimit: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.SHOUTU_DATA_DIR || 'data');
  return {
    port: Number(env.PORT || 8080),
    host: env.HOST || 'localhost',
    databaseUrl: env.DATABASE_URL || '',
    dataDir,
    demo: env.SHOUTU_DEMO !== '0',
    secureCookies: env.SHOUTU_INSECURE_COOKIES !== '1',
    loginRateLimit: Number(env.SHOUTU_LOGIN_RATE_LIMIT || 30),
  };
}
