import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ERRORS, type ErrorCode, errorMessage, type TErrorBody } from '../../shared/errors';
import { requestLanguage } from './language';

/** The one error type use cases throw; the handler below turns it into the JSON answer. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly field?: string,
  ) {
    super(code);
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

export function sendError(reply: FastifyReply, req: FastifyRequest, error: AppError) {
  const body: TErrorBody = {
    error: {
      code: error.code,
      message: errorMessage(error.code, requestLanguage(req), error.params),
      ...(error.field ? { field: error.field } : {}),
    },
  };
  return reply.status(error.status).send(body);
}

/** Fastify's own errors carry codes; map the ones a caller can cause to ours. */
function fromFastifyError(error: FastifyError): AppError | null {
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
  if (error.validation) return new AppError('request.invalid', { detail: error.message });
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('request.invalid', { detail: error.message });
  }
  return null;
}

/**
 * `unknownGet` answers GETs no route matched (the web app's client-side routes) before they become 404s.
 */
/** Errors the router raises before any route runs (a malformed or overlong URL). */
export function frameworkErrors(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const code = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'request.uri_too_long' : 'request.invalid';
  return sendError(reply, req, new AppError(code, { detail: 'URL' }));
}

export function registerErrorHandling(
  app: FastifyInstance,
  unknownGet?: (req: FastifyRequest, reply: FastifyReply) => FastifyReply | null,
): void {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (error instanceof AppError) return sendError(reply, req, error);
    const known = fromFastifyError(error);
    if (known) return sendError(reply, req, known);
    req.log.error({ err: error }, 'unhandled error');
    return sendError(reply, req, new AppError('server.internal'));
  });
  app.setNotFoundHandler((req, reply) => {
    const answered = req.method === 'GET' && unknownGet ? unknownGet(req, reply) : null;
    return answered ?? sendError(reply, req, new AppError('route.not_found'));
  });
}
