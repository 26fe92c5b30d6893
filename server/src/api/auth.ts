import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './error-handler.js';
import { bearerToken, tokensMatch } from './token-match.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Also accept `?token=` (GET only): media elements (`<video src>`, `<img src>`) cannot send headers.
     * Request logs redact the parameter.
     */
    queryToken?: boolean;
  }
}

/** onRequest hook for `/api`: a bearer token equal to the API token, else 401. */
export function requireApiToken(apiToken: string) {
  return async function checkToken(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let presented = bearerToken(request.headers.authorization);
    if (!presented && request.routeOptions.config.queryToken && (request.method === 'GET' || request.method === 'HEAD')) {
      const query = request.query as Record<string, unknown> | undefined;
      presented = typeof query?.token === 'string' ? query.token : null;
    }
    if (tokensMatch(presented, apiToken)) return;
    const message = presented ? 'invalid API token' : 'missing API token: send Authorization: Bearer <token>';
    await reply.code(401).header('WWW-Authenticate', 'Bearer realm="vigil"').send(errorBody('unauthorized', message));
  };
}
