import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZLoginRequest, ZOk, ZPreferences, ZSessionResponse } from '../../shared/contracts/auth';
import { AppError } from '../http/errors';
import {
  type AuthDeps,
  currentSession,
  getPreferences,
  login,
  logout,
  putPreferences,
} from './auth.usecases';
import { requireActor, SESSION_COOKIE } from './authenticate';

export function authRoutes(deps: AuthDeps) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.post(
      '/api/v1/auth/login',
      {
        config: { skipCsrf: true },
        schema: { tags: ['auth'], body: ZLoginRequest, response: { 200: ZSessionResponse } },
      },
      async (req, reply) => {
        const { token, session } = await login(deps, { ...req.body, ip: req.ip }).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'auth.too_many_attempts') {
            reply.header('retry-after', String(error.params.seconds));
          }
          throw error;
        });
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: req.protocol === 'https',
          maxAge: deps.config.sessionAbsoluteHours * 3600,
        });
        return session;
      },
    );

    api.post(
      '/api/v1/auth/logout',
      { schema: { tags: ['auth'], response: { 200: ZOk } } },
      async (req, reply) => {
        await logout(deps, requireActor(req));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    api.get(
      '/api/v1/auth/me',
      { schema: { tags: ['auth'], response: { 200: ZSessionResponse } } },
      async (req) => currentSession(deps, requireActor(req)),
    );

    api.get(
      '/api/v1/auth/me/preferences',
      { schema: { tags: ['auth'], response: { 200: ZPreferences } } },
      async (req) => getPreferences(deps, requireActor(req)),
    );

    // The whole of the preferences each time: a PUT retried after a dropped answer takes effect once.
    api.put(
      '/api/v1/auth/me/preferences',
      { schema: { tags: ['auth'], body: ZPreferences, response: { 200: ZPreferences } } },
      async (req) => putPreferences(deps, requireActor(req), req.body),
    );
  };
}
