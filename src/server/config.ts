import path from 'node:path';
import { DEFAULT_THROTTLE, type ThrottleConfig } from './auth/throttle';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Growing waits after failed sign-ins, per account and per address (no lock). */
  throttle: ThrottleConfig;
  /** How often reports past their acknowledgement deadline are moved up the chain. */
  escalationIntervalSeconds: number;
  /** The Ed25519 key that signs audit checkpoints: a file of its own, outside the data folder (0600). */
  auditKeyFile: string;
  /** Each checkpoint is appended here too, outside the data folder, to be copied off the machine. */
  auditCheckpointFile: string;
  auditCheckpointMinutes: number;
  /**
   * Addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
   * believed; empty believes nobody, so a client cannot claim another address or HTTPS.
   */
  trustProxy: string[];
  /** Certificate and key files (PEM) to serve HTTPS directly; both or neither. */
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  /**
   * Hosts a browser's push subscription may point at (RFC 8030 push services): the server sends to no
   * other address, so a subscription cannot make it call into the local network.
   */
  pushHosts: string[];
  /** The contact the push services are given with the VAPID key (`mailto:` or `https:`). */
  pushSubject: string;
  version: string;
}

/** The push services of Chrome and Android, Firefox, Edge and Windows, and Safari. */
const PUSH_HOSTS = [
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  '*.notify.windows.com',
  'web.push.apple.com',
];

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
    throttle: {
      ...DEFAULT_THROTTLE,
      account: {
        ...DEFAULT_THROTTLE.account,
        maxWaitSeconds: numberFrom(
          env.LINLI_SIGNIN_ACCOUNT_MAX_WAIT_SECONDS,
          DEFAULT_THROTTLE.account.maxWaitSeconds,
        ),
      },
      address: {
        ...DEFAULT_THROTTLE.address,
        free: numberFrom(env.LINLI_SIGNIN_ADDRESS_FREE_FAILURES, DEFAULT_THROTTLE.address.free),
      },
    },
    escalationIntervalSeconds: numberFrom(env.LINLI_ESCALATION_INTERVAL_SECONDS, 15),
    // Beside the data folder, not in it: a copy of the data folder (a backup) must not carry the key.
    auditKeyFile: path.resolve(env.LINLI_AUDIT_KEY_FILE || path.join(dataDir, '..', 'linli-audit-key.pem')),
    auditCheckpointFile: path.resolve(
      env.LINLI_AUDIT_CHECKPOINTS || path.join(dataDir, '..', 'linli-audit-checkpoints.jsonl'),
    ),
    auditCheckpointMinutes: numberFrom(env.LINLI_AUDIT_CHECKPOINT_MINUTES, 5),
    trustProxy: (env.LINLI_TRUST_PROXY ?? '').split(/[\s,]+/).filter((entry) => entry !== ''),
    tlsCertFile: env.LINLI_TLS_CERT || undefined,
    tlsKeyFile: env.LINLI_TLS_KEY || undefined,
    pushHosts: env.LINLI_PUSH_HOSTS
      ? env.LINLI_PUSH_HOSTS.split(/[\s,]+/).filter((entry) => entry !== '')
      : PUSH_HOSTS,
    pushSubject: env.LINLI_PUSH_SUBJECT || 'mailto:linli@localhost',
    version: VERSION,
    ...overrides,
  };
}
