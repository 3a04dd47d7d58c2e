import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type TOpen311Error,
  ZOpen311Created,
  ZOpen311Discovery,
  ZOpen311KeyQuery,
  ZOpen311NewRequest,
  ZOpen311Request,
  ZOpen311RequestsQuery,
  ZOpen311Service,
  ZOpen311ServiceDefinition,
} from '../../shared/contracts/open311';
import { errorMessage } from '../../shared/errors';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { AppError } from '../http/errors';
import { requestLanguage } from '../http/language';
import type { FeedBus } from '../reports/feed';
import {
  createRequest,
  discovery,
  getRequest,
  getServiceDefinition,
  listRequests,
  listServices,
} from './open311.usecases';
import { OPEN311_FORMATS, type Open311Format, toXml } from './open311.xml';

export const OPEN311_PREFIX = '/open311';

/** The format a path asks for by its extension, as the spec chooses it; JSON when it names neither. */
function formatOf(url: string): Open311Format {
  return (url.split('?')[0] ?? '').endsWith('.xml') ? 'xml' : 'json';
}

/** `{name}.json` or `{name}.xml` from a wildcard's path; any other path is the spec's 404. */
function splitFormat(path: string): { name: string; format: Open311Format } {
  const match = /^(.*)\.(json|xml)$/s.exec(path);
  if (!match) throw new AppError('route.not_found');
  return { name: match[1] as string, format: match[2] as Open311Format };
}

/**
 * One answer in the asked format: the object itself as JSON (checked by the route's response schema), or
 * the same object as an XML document whose outer element is `root`.
 */
function answer(reply: FastifyReply, format: Open311Format, root: string, body: unknown) {
  reply.type(OPEN311_FORMATS[format]);
  return reply.send(format === 'xml' ? toXml(root, body) : body);
}

/** Errors in the spec's own shape: a list of `{code, description}`, the code being the HTTP status. */
function sendOpen311Error(reply: FastifyReply, req: FastifyRequest, error: AppError) {
  const body: TOpen311Error = [
    { code: error.status, description: errorMessage(error.code, requestLanguage(req), error.params) },
  ];
  return answer(reply.status(error.status), formatOf(req.url), 'errors', body);
}

/** A form post's fields, with `attribute[name]` fields gathered into one `attribute` object. */
function formFields(body: string): Record<string, unknown> {
  const fields: [string, string][] = [];
  const attribute: [string, string][] = [];
  for (const [name, value] of new URLSearchParams(body)) {
    const match = /^attribute\[(.+)\]$/s.exec(name);
    if (match) attribute.push([match[1] as string, value]);
    else fields.push([name, value]);
  }
  // fromEntries defines own properties: a field named `__proto__` stays a field.
  return Object.fromEntries(
    attribute.length > 0 ? [...fields, ['attribute', Object.fromEntries(attribute)]] : fields,
  );
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

const ZWildcardPath = z.object({ '*': z.string() });
const ZIdempotency = z.object({ 'idempotency-key': z.string().trim().min(8).max(200).optional() });

/**
 * Open311 GeoReport v2 under /open311/v2, in XML (the spec's required format) and JSON, chosen by the
 * extension: services, one service's definition, requests (GET and POST) and one request; and the service
 * discovery document at /open311/discovery. Outside Linli's own API (and its OpenAPI document): no session,
 * the spec's field names and its error shape. Reading is public and shows nothing personal; posting takes an
 * api_key.
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
            done(null, formFields(body as string));
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

        for (const format of Object.keys(OPEN311_FORMATS) as Open311Format[]) {
          api.get(
            `/discovery.${format}`,
            { schema: { hide, response: { 200: ZOpen311Discovery } } },
            async (req, reply) =>
              answer(
                reply,
                format,
                'discovery',
                discovery(requestLanguage(req), `${req.protocol}://${req.host}`),
              ),
          );
          api.get(
            `/v2/services.${format}`,
            { schema: { hide, querystring: ZOpen311KeyQuery, response: { 200: z.array(ZOpen311Service) } } },
            async (req, reply) => answer(reply, format, 'services', await listServices(ctx(req))),
          );
          api.get(
            `/v2/requests.${format}`,
            {
              schema: {
                hide,
                querystring: ZOpen311RequestsQuery,
                response: { 200: z.array(ZOpen311Request) },
              },
            },
            async (req, reply) =>
              answer(reply, format, 'service_requests', await listRequests(ctx(req), req.query)),
          );
          api.post(
            `/v2/requests.${format}`,
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
            async (req, reply) =>
              answer(
                reply,
                format,
                'service_requests',
                await createRequest(ctx(req), req.body, req.query, req.headers['idempotency-key']),
              ),
          );
        }
        // Wildcards rather than `:id.json`: an overlong id is the spec's 404 here, not the router's 414.
        api.get(
          '/v2/services/*',
          {
            schema: {
              hide,
              params: ZWildcardPath,
              querystring: ZOpen311KeyQuery,
              response: { 200: ZOpen311ServiceDefinition },
            },
          },
          async (req, reply) => {
            const { name, format } = splitFormat(req.params['*']);
            return answer(reply, format, 'service_definition', await getServiceDefinition(ctx(req), name));
          },
        );
        api.get(
          '/v2/requests/*',
          {
            schema: {
              hide,
              params: ZWildcardPath,
              querystring: ZOpen311KeyQuery,
              response: { 200: z.array(ZOpen311Request) },
            },
          },
          async (req, reply) => {
            const { name, format } = splitFormat(req.params['*']);
            return answer(
              reply,
              format,
              'service_requests',
              await getRequest(ctx(req), name, req.query.api_key),
            );
          },
        );
      },
      { prefix: OPEN311_PREFIX },
    );
  };
}
