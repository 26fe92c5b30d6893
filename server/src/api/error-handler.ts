import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { redactText, VigilError, type ErrorCode } from '../domain/index.js';
import type { ErrorDto, FieldErrorDto } from '../contracts/index.js';
import type { Logger } from '../observability/logger.js';

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  invalid_input: 400,
  invalid_rules: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  unsupported_media_type: 415,
  unprocessable: 422,
  unavailable: 503,
};

export function errorBody(code: string, message: string, fields?: FieldErrorDto[]): ErrorDto {
  return { error: fields ? { code, message, fields } : { code, message } };
}

function fieldsOf(details: unknown): FieldErrorDto[] | undefined {
  if (typeof details !== 'object' || details === null || !('fields' in details)) return undefined;
  const fields = (details as { fields: unknown }).fields;
  return Array.isArray(fields) ? (fields as FieldErrorDto[]) : undefined;
}

/** Answers a GET for a page path (not the API) that no route serves: the dashboard's index.html. */
export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => unknown;

/** Paths the dashboard never answers, so an unknown API path stays a JSON 404. */
const SERVER_PATHS = /^\/(api|socket\.io|healthz|metrics)(\/|$|\?)/;

/** The one place where failures become HTTP replies; a 5xx never shows internals. */
export function installErrorHandling(app: FastifyInstance, logger: Logger, pageFallback?: PageFallback): void {
  app.setErrorHandler((error: FastifyError | VigilError | Error, request, reply) => {
    if (error instanceof VigilError) {
      const status = STATUS_BY_CODE[error.code] ?? 500;
      if (status >= 500) {
        logger.error({ err: redactText(error.message), code: error.code, route: request.routeOptions.url }, 'request failed');
        const message = status === 503 ? redactText(error.message) : 'internal error';
        return reply.code(status).send(errorBody(status === 503 ? 'unavailable' : 'internal', message));
      }
      return reply.code(status).send(errorBody(error.code, redactText(error.message), fieldsOf(error.details)));
    }
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Fastify's own refusals: malformed JSON, body too large, unsupported content type.
      const code = status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'invalid_input';
      return reply.code(status).send(errorBody(code, redactText(error.message)));
    }
    logger.error({ err: redactText(error.stack ?? error.message), route: request.routeOptions.url }, 'request failed');
    return reply.code(500).send(errorBody('internal', 'internal error'));
  });

  app.setNotFoundHandler((request, reply) => {
    if (pageFallback && request.method === 'GET' && !SERVER_PATHS.test(request.url)) return pageFallback(request, reply);
    return reply.code(404).send(errorBody('not_found', `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`));
  });
}
