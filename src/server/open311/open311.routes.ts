import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type TOpen311Error,
  ZOpen311Created,
  ZOpen311KeyQuery,
  ZOpen311NewRequest,
  ZOpen311Request,
  ZOpen311RequestsQuery,
  ZOpen311Service,
} from '../../shared/contracts/open311';
import { errorMessage } from '../../shared/errors';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { AppError } from '../http/errors';
import { requestLanguage } from '../http/language';
import type { FeedBus } from '../reports/feed';
import { createRequest, getRequest, listRequests, listServices } from './open311.usecases';

export const OPEN311_PREFIX = '/open311/v2';

/** Errors in the spec's own shape: a list of `{code, description}`, the code being the HTTP status. */
function sendOpen311Error(reply: FastifyReply, req: FastifyRequest, error: AppError) {
  const body: TOpen311Error = [
    { code: error.status, description: errorMessage(error.code, requestLanguage(req), error.params) },
  ];
  return reply.status(error.status).send(body);
}

function toAppError(error: FastifyError): AppError | null {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0];
    const field = issue?.instancePath.replace(/^\//, '').replaceAll('/', '.') || undefined;
    return new AppError(
      'request.invalid',
      { detail: `${field ?? error.validationContext ?? ''} ${issue?.message ?? ''}`.trim() },
      field,
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('request.malformed_json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('request.too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('request.unsupported_media_type');
  }
  if (error.validation || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
    return new AppError('request.invalid', { detail: error.message });
  }
  return null;
}

const ZRequestPath = z.object({ '*': z.string() });
const ZIdempotency = z.object({ 'idempotency-key': z.string().trim().min(8).max(200).optional() });

/**
 * Open311 GeoReport v2, JSON format, under /open311/v2: services, requests (GET and POST) and one
 * request. Outside Linli's own API (and its OpenAPI document): no session, the spec's field names and
 * its error shape. Reading is public and shows nothing personal; posting takes an api_key.
 */
export function open311Routes(deps: { database: Database; clock: Clock; feed: FeedBus }) {
  return async (root: FastifyInstance) => {
    await root.register(
      async (app) => {
        app.setErrorHandler((error: FastifyError, req, reply) => {
          const known = toAppError(error);
          if (known) return sendOpen311Error(reply, req, known);
          req.log.error({ err: error }, 'unhandled error');
          return sendOpen311Error(reply, req, new AppError('server.internal'));
        });
        app.setNotFoundHandler((req, reply) => sendOpen311Error(reply, req, new AppError('route.not_found')));
        // The spec posts form-encoded bodies; JSON is taken too.
        app.addContentTypeParser(
          'application/x-www-form-urlencoded',
          { parseAs: 'string' },
          (_req, body, done) => {
            done(null, Object.fromEntries(new URLSearchParams(body as string)));
          },
        );

        const api = app.withTypeProvider<ZodTypeProvider>();
        const ctx = (req: FastifyRequest) => ({
          db: deps.database.db,
          clock: deps.clock,
          feed: deps.feed,
          lang: requestLanguage(req),
          ip: req.ip,
        });
        const hide = true;

        api.get(
          '/services.json',
          { schema: { hide, querystring: ZOpen311KeyQuery, response: { 200: z.array(ZOpen311Service) } } },
          async (req) => listServices(ctx(req)),
        );
        api.get(
          '/requests.json',
          {
            schema: { hide, querystring: ZOpen311RequestsQuery, response: { 200: z.array(ZOpen311Request) } },
          },
          async (req) => listRequests(ctx(req), req.query),
        );
        // A wildcard rather than `:id.json`: an overlong id is the spec's 404 here, not the router's 414.
        api.get(
          '/requests/*',
          {
            schema: {
              hide,
              params: ZRequestPath,
              querystring: ZOpen311KeyQuery,
              response: { 200: z.array(ZOpen311Request) },
            },
          },
          async (req) => {
            const path = req.params['*'];
            if (!path.endsWith('.json')) throw new AppError('route.not_found');
            return getRequest(ctx(req), path.slice(0, -'.json'.length), req.query.api_key);
          },
        );
        api.post(
          '/requests.json',
          {
            // Authenticated by api_key, not by a session: no CSRF token to check.
            config: { skipCsrf: true },
            schema: {
              hide,
              headers: ZIdempotency,
              querystring: ZOpen311KeyQuery,
              body: ZOpen311NewRequest,
              response: { 200: ZOpen311Created },
            },
          },
          async (req) =>
            createRequest(
              ctx(req),
              req.body,
              req.body.api_key ?? req.query.api_key,
              req.headers['idempotency-key'],
            ),
        );
      },
      { prefix: OPEN311_PREFIX },
    );
  };
}
