import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Failures per account within the window that lock it for the window. */
  accountLockFailures: number;
  /** Failures per IP address within the window that refuse further attempts from it. */
  ipLockFailures: number;
  lockWindowMinutes: number;
  /** How often reports past their acknowledgement deadline are moved up the chain. */
  escalationIntervalSeconds: number;
  version: string;
}

function numberFrom(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}

export const VERSION = '0.1.0';

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  return {
    port: numberFrom(env.PORT, 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.LINLI_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    sessionIdleMinutes: numberFrom(env.LINLI_SESSION_IDLE_MINUTES, 30),
    sessionAbsoluteHours: numberFrom(env.LINLI_SESSION_ABSOLUTE_HOURS, 12),
    accountLockFailures: 10,
    ipLockFailures: numberFrom(env.LINLI_IP_LOCK_FAILURES, 50),
    lockWindowMinutes: 15,
    escalationIntervalSeconds: numberFrom(env.LINLI_ESCALATION_INTERVAL_SECONDS, 15),
    version: VERSION,
    ...overrides,
  };
}
