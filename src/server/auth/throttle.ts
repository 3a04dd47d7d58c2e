/**
 * Sign-in throttling (NIST SP 800-63B 5.2.2, OWASP ASVS V2.2): no lock, a growing wait. After a few
 * free failures each further one doubles the wait before the next attempt, up to a ceiling. The
 * account's ceiling is short, so a stranger guessing at someone's account slows the owner by at most
 * that much and never shuts them out; the address's ceiling is long, so the one guessing is slowed most.
 */
export interface ThrottleRule {
  /** Failures after which waiting starts: 1 s after this many, then doubling with each further one. */
  free: number;
  maxWaitSeconds: number;
}

export interface ThrottleConfig {
  /** Failures older than this are forgotten. */
  windowMinutes: number;
  account: ThrottleRule;
  address: ThrottleRule;
}

export const DEFAULT_THROTTLE: ThrottleConfig = {
  windowMinutes: 60,
  account: { free: 5, maxWaitSeconds: 60 },
  address: { free: 20, maxWaitSeconds: 15 * 60 },
};

export function waitSeconds(rule: ThrottleRule, failures: number): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.maxWaitSeconds, 2 ** (failures - rule.free));
}

/** Seconds still to wait before `now`'s attempt may be tried; 0 when it may. */
export function secondsToWait(
  rule: ThrottleRule,
  run: { failures: number; lastAt: string | null },
  now: Date,
): number {
  if (!run.lastAt) return 0;
  const allowedAt = new Date(run.lastAt).getTime() + waitSeconds(rule, run.failures) * 1000;
  return Math.max(0, Math.ceil((allowedAt - now.getTime()) / 1000));
}
