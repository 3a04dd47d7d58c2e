import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZLoginRequest, ZOk, ZSessionResponse } from '../../shared/contracts/auth';
import { AppError } from '../http/errors';
import { type AuthDeps, login, logout, presentSession } from './auth.usecases';
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
      async (req) => {
        const actor = requireActor(req);
        return presentSession(actor.user, actor.csrfToken);
      },
    );
  };
}
