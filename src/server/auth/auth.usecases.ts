import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TPreferences, TSessionResponse } from '../../shared/contracts/auth';
import { appendAudit } from '../audit/audit.repository';
import { addMinutes, type Clock, localDate } from '../clock';
import type { Config } from '../config';
import { perDatabase } from '../db/perDatabase';
import type { DB } from '../db/schema';
import { AppError } from '../http/errors';
import type { Actor } from './actor';
import { failuresSince, recordLoginAttempt } from './loginAttempts.repository';
import { verifyAgainstNothing, verifyPassword } from './password';
import { findPreferences, upsertPreferences } from './preferences.repository';
import { computeScope, type Scope } from './scope';
import { VersionedCache } from './scopeVersion';
import { findLiveSession, insertSession, revokeSession, touchSession } from './sessions.repository';
import { secondsToWait } from './throttle';
import { findUserById, findUserForLogin, type UserRecord } from './users.repository';

export interface AuthDeps {
  db: Kysely<DB>;
  clock: Clock;
  config: Config;
}

function sessionIdOf(token: string): string {
  // Only the hash is stored, so a copy of the database does not hand out live sessions.
  return createHash('sha256').update(token).digest('hex');
}

export function presentSession(
  user: UserRecord,
  csrfToken: string,
  preferences: TPreferences,
): TSessionResponse {
  return {
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    csrfToken,
    preferences,
  };
}

/** The signed-in person and how Linli looks to them, read afresh (another phone may have changed it). */
export async function currentSession(deps: AuthDeps, actor: Actor): Promise<TSessionResponse> {
  return presentSession(actor.user, actor.csrfToken, await findPreferences(deps.db, actor.user.id));
}

export async function getPreferences(deps: AuthDeps, actor: Actor): Promise<TPreferences> {
  return findPreferences(deps.db, actor.user.id);
}

/**
 * Replaces the person's preferences with the ones sent. Nothing is written when nothing changes, so a
 * PUT retried after a dropped answer takes effect once.
 */
export async function putPreferences(
  deps: AuthDeps,
  actor: Actor,
  preferences: TPreferences,
): Promise<TPreferences> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await findPreferences(trx, actor.user.id);
    const same =
      current.elderMode === preferences.elderMode &&
      current.textStep === preferences.textStep &&
      current.elderOffered === preferences.elderOffered;
    if (!same) await upsertPreferences(trx, actor.user.id, preferences, deps.clock().toISOString());
    return findPreferences(trx, actor.user.id);
  });
}

export async function login(
  deps: AuthDeps,
  input: { username: string; password: string; ip: string },
): Promise<{ token: string; session: TSessionResponse }> {
  const { db, clock } = deps;
  const now = clock();

  // Decided from the name as typed, before the account is looked up: a name that exists and one that
  // does not wait alike, answer alike and cost the same time.
  const wait = await signInWait(deps, input, now);
  if (wait > 0) {
    await auditLogin(deps, input, 'denied', 'throttled');
    throw new AppError('auth.too_many_attempts', { seconds: wait });
  }

  const found = await findUserForLogin(db, input.username);
  const valid = found
    ? !found.user.disabled && (await verifyPassword(found.passwordHash, input.password))
    : await verifyAgainstNothing(input.password);

  if (!found || !valid) {
    await db.transaction().execute(async (trx) => {
      await recordLoginAttempt(trx, {
        username: input.username,
        ip: input.ip,
        at: now.toISOString(),
        succeeded: false,
      });
      await appendAudit(trx, now, [loginAuditEntry(input, found?.user ?? null, 'failure', 'bad_password')]);
    });
    throw new AppError('auth.invalid_credentials');
  }

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await recordLoginAttempt(trx, {
      username: input.username,
      ip: input.ip,
      at: now.toISOString(),
      succeeded: true,
    });
    await insertSession(trx, {
      id: sessionIdOf(token),
      user_id: found.user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
    });
    await appendAudit(trx, now, [loginAuditEntry(input, found.user, 'success', null)]);
  });
  const preferences = await findPreferences(db, found.user.id);
  return { token, session: presentSession(found.user, csrfToken, preferences) };
}

/** The longer of the waits the account's and the address's failures ask for, in seconds. */
async function signInWait(deps: AuthDeps, input: { username: string; ip: string }, now: Date) {
  const { throttle } = deps.config;
  const since = addMinutes(now, -throttle.windowMinutes).toISOString();
  const account = await failuresSince(deps.db, { username: input.username }, since);
  const address = await failuresSince(deps.db, { ip: input.ip }, since);
  return Math.max(
    secondsToWait(throttle.account, account, now),
    secondsToWait(throttle.address, address, now),
  );
}

function loginAuditEntry(
  input: { username: string; ip: string },
  user: UserRecord | null,
  outcome: 'success' | 'failure' | 'denied',
  reason: string | null,
) {
  return {
    action: 'auth.login',
    outcome,
    actorUserId: user?.id ?? null,
    actorRole: user?.role ?? null,
    ip: input.ip,
    detail: { username: input.username, ...(reason ? { reason } : {}) },
  };
}

async function auditLogin(
  deps: AuthDeps,
  input: { username: string; ip: string },
  outcome: 'failure' | 'denied',
  reason: string,
): Promise<void> {
  await deps.db
    .transaction()
    .execute((trx) => appendAudit(trx, deps.clock(), [loginAuditEntry(input, null, outcome, reason)]));
}

/** The session behind a cookie, if it is still alive: not revoked, not idle too long, not too old. */
export async function resumeSession(deps: AuthDeps, token: string, ip: string): Promise<Actor | null> {
  const { db, clock, config } = deps;
  const now = clock();
  const session = await findLiveSession(db, sessionIdOf(token));
  if (!session) return null;
  const idleEnd = addMinutes(new Date(session.last_seen_at), config.sessionIdleMinutes);
  const absoluteEnd = addMinutes(new Date(session.created_at), config.sessionAbsoluteHours * 60);
  if (now >= idleEnd || now >= absoluteEnd) {
    await revokeSession(db, session.id, now.toISOString());
    return null;
  }
  const scopeVersion = Number(session.scope_version ?? 0);
  const known = await userAndScope(db, session.user_id, localDate(now), scopeVersion);
  if (!known) return null;
  // Writing on every request would make reads cost a write; a minute's precision is enough for idling.
  if (now.getTime() - new Date(session.last_seen_at).getTime() > 60_000) {
    await touchSession(db, session.id, now.toISOString());
  }
  return { ...known, scopeVersion, sessionId: session.id, csrfToken: session.csrf_token, ip };
}

/** Scopes for the day, per database, while no account, community, position or assignment changes. */
const scopesOf = perDatabase(() => new VersionedCache<{ user: UserRecord; scope: Scope }>());

async function userAndScope(db: Kysely<DB>, userId: string, today: string, version: number) {
  const key = `${userId}|${today}`;
  const cached = scopesOf(db).get(version, key);
  if (cached) return cached;
  const user = await findUserById(db, userId);
  // A disabled account is never cached: disabling it moves the scope version.
  if (!user || user.disabled) return null;
  const known = { user, scope: await computeScope(db, user, today) };
  scopesOf(db).set(version, key, known);
  return known;
}

export async function logout(deps: AuthDeps, actor: Actor): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await revokeSession(trx, actor.sessionId, now.toISOString());
    await appendAudit(trx, now, [
      {
        action: 'auth.logout',
        outcome: 'success',
        actorUserId: actor.user.id,
        actorRole: actor.user.role,
        ip: actor.ip,
      },
    ]);
  });
}
