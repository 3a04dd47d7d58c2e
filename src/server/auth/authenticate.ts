import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../http/errors';
import type { Actor } from './actor';
import { type AuthDeps, resumeSession } from './auth.usecases';

export const SESSION_COOKIE = 'linli_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Sign-in has no session yet, so no CSRF token to check. */
    skipCsrf?: boolean;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves the session cookie to an actor (with scope) once per request, and refuses a state-changing
 * request whose CSRF header does not match the session's token. Routes that need a signed-in caller
 * use `requireActor`.
 */
export function registerAuthentication(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('actor', null);
  app.addHook('preHandler', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    req.actor = token ? await resumeSession(deps, token, req.ip) : null;
    if (
      req.actor &&
      STATE_CHANGING.has(req.method) &&
      !req.routeOptions.config.skipCsrf &&
      req.headers['x-csrf-token'] !== req.actor.csrfToken
    ) {
      throw new AppError('auth.csrf_invalid');
    }
  });
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('auth.not_signed_in');
  return req.actor;
}
