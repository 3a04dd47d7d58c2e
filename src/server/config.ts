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
  /** The Ed25519 key that signs audit checkpoints: a file of its own, outside the data folder (0600). */
  auditKeyFile: string;
  /** Each checkpoint is appended here too, outside the data folder, to be copied off the machine. */
  auditCheckpointFile: string;
  auditCheckpointMinutes: number;
  version: string;
}

function numberFrom(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}

export const VERSION = '0.1.0';

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(overrides.dataDir ?? env.LINLI_DATA_DIR ?? 'data');
  return {
    port: numberFrom(env.PORT, 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    sessionIdleMinutes: numberFrom(env.LINLI_SESSION_IDLE_MINUTES, 30),
    sessionAbsoluteHours: numberFrom(env.LINLI_SESSION_ABSOLUTE_HOURS, 12),
    accountLockFailures: 10,
    ipLockFailures: numberFrom(env.LINLI_IP_LOCK_FAILURES, 50),
    lockWindowMinutes: 15,
    escalationIntervalSeconds: numberFrom(env.LINLI_ESCALATION_INTERVAL_SECONDS, 15),
    // Beside the data folder, not in it: a copy of the data folder (a backup) must not carry the key.
    auditKeyFile: path.resolve(env.LINLI_AUDIT_KEY_FILE || path.join(dataDir, '..', 'linli-audit-key.pem')),
    auditCheckpointFile: path.resolve(
      env.LINLI_AUDIT_CHECKPOINTS || path.join(dataDir, '..', 'linli-audit-checkpoints.jsonl'),
    ),
    auditCheckpointMinutes: numberFrom(env.LINLI_AUDIT_CHECKPOINT_MINUTES, 5),
    version: VERSION,
    ...overrides,
  };
}
