import type { FastifyReply, FastifyRequest } from 'fastify';
import { allows, csrfAccepted, CSRF_HEADER, readSessionCookie, SCOPE_ROLE, type Credentials, type Principal, type PrincipalResolver, type Scope } from '../auth/index.js';
import { VigilError } from '../domain/index.js';
import { errorBody } from './error-handler.js';
import { bearerToken } from './token-match.js';

/** Who may call a route: anyone (`public`), or a principal holding at least this scope. */
export type RouteAccess = 'public' | Scope;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Also accept `?token=` (GET only): media elements (`<video src>`, `<img src>`) cannot send headers.
     * Request logs redact the parameter.
     */
    queryToken?: boolean;
    /** What the route needs; by default `read` for GET/HEAD and `admin` for anything that changes something. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Who is asking; set on every `/api` route that is not public. */
    principal: Principal | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const routeAccess = (request: FastifyRequest): RouteAccess =>
  request.routeOptions.config?.access ?? (SAFE_METHODS.has(request.method) ? 'read' : 'admin');

/** What a request presents, for the principal resolver. */
export function requestCredentials(request: FastifyRequest): Credentials {
  let bearer = bearerToken(request.headers.authorization);
  if (!bearer && request.routeOptions.config?.queryToken && (request.method === 'GET' || request.method === 'HEAD')) {
    const query = request.query as Record<string, unknown> | undefined;
    bearer = typeof query?.token === 'string' && query.token.length > 0 ? query.token : null;
  }
  return { bearer, sessionId: readSessionCookie(request.headers.cookie), remoteAddress: request.socket.remoteAddress, headers: request.headers };
}

/**
 * onRequest hook for `/api`: resolves the principal (401 without one), checks the CSRF token of cookie sessions on
 * unsafe methods, then the route's access (403 naming the role it needs).
 */
export function authenticateRequests(resolver: PrincipalResolver) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const access = routeAccess(request);
    if (access === 'public') return;
    const resolved = await resolver.resolve(requestCredentials(request));
    if (!resolved.ok) {
      await reply.code(401).header('WWW-Authenticate', 'Bearer realm="vigil"').send(errorBody('unauthorized', resolved.message));
      return;
    }
    const { principal } = resolved;
    if (resolved.csrfSha256 && !csrfAccepted(request.method, request.headers[CSRF_HEADER], resolved.csrfSha256)) {
      await reply
        .code(403)
        .send(errorBody('forbidden', 'missing or wrong CSRF token: send the csrfToken of /api/auth/me as the X-CSRF-Token header'));
      return;
    }
    if (!allows(principal.access, access)) {
      const how = principal.kind === 'token' ? ` (or a token with the ${access} scope)` : '';
      await reply.code(403).send(errorBody('forbidden', `this needs the ${SCOPE_ROLE[access]} role${how}`));
      return;
    }
    request.principal = principal;
  };
}

/** The principal of an authenticated route. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new VigilError('unauthorized', 'sign in, or send Authorization: Bearer <token>');
  return request.principal;
}
