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
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs); empty: none, the
   * client address is the socket's. Trusting any sender would let a client pick its own address
   * for the per-IP login limit and the audit log.
   */
  trustedProxies: string[];
}

/** `SHOUTU_TRUST_PROXY=10.0.0.1,192.168.0.0/24` → the list Fastify's `trustProxy` accepts. */
export function trustedProxies(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.SHOUTU_TRUST_PROXY ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Fastify's `trustProxy` option: false unless the operator listed proxies. */
export function trustProxyOption(env: NodeJS.ProcessEnv = process.env): string[] | false {
  const list = trustedProxies(env);
  return list.length ? list : false;
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
    trustedProxies: trustedProxies(env),
  };
}
