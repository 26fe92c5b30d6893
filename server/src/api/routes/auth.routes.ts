import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  clearedSessionCookie,
  LoginRateLimiter,
  principalScopes,
  readSessionCookie,
  sessionCookie,
  SESSION_MAX_AGE_SECONDS,
  startSession,
  userActor,
  verifyNobody,
  type PasswordHasher,
  type PrincipalResolver,
  type SetupGate,
} from '../../auth/index.js';
import { LoginBody, SetupBody, type MeDto, type SetupStatusDto, type SignedInDto } from '../../contracts/index.js';
import { conflict, VigilError } from '../../domain/index.js';
import type { UserRecord } from '../../store/ports.js';
import { userToDto } from '../access-dto.js';
import { principalOf } from '../auth.js';
import { recordAudit } from '../../audit/audit-service.js';
import type { ApiDeps } from '../deps.js';
import { errorBody } from '../error-handler.js';
import { parseInput } from '../validation.js';

export interface AuthRouteOptions {
  hasher: PasswordHasher;
  limiter: LoginRateLimiter;
  resolver: PrincipalResolver;
  setup: SetupGate | null;
  now: () => number;
  /** Ends the user's live connections (they reconnect with what credentials they still hold). */
  disconnectUser: (userId: string) => void;
}

const isHttps = (request: FastifyRequest): boolean => request.protocol === 'https';
const clientAddress = (request: FastifyRequest): string => request.socket.remoteAddress ?? 'unknown';

/** `/api/auth`: sign in and out with a password, who am I, and the first admin's setup. */
export function registerAuthRoutes(api: FastifyInstance, deps: ApiDeps, options: AuthRouteOptions): void {
  const { store } = deps;
  const { hasher, limiter, now } = options;

  const tooMany = (reply: FastifyReply, seconds: number) =>
    reply
      .code(429)
      .header('Retry-After', String(seconds))
      .send(errorBody('rate_limited', `too many failed sign-ins: try again in ${Math.ceil(seconds / 60)} minute(s)`));

  const signIn = async (request: FastifyRequest, reply: FastifyReply, user: UserRecord, action: 'auth.sign_in' | 'auth.setup') => {
    const session = await startSession(store.sessions, user, { ip: clientAddress(request), userAgent: request.headers['user-agent'] ?? null, now: now() });
    await recordAudit(deps.audit, { actor: userActor(user), action, targetType: 'user', targetId: user.id, details: { ip: clientAddress(request) } }, deps.logger);
    const body: SignedInDto = { user: userToDto(user), csrfToken: session.csrfToken };
    return reply
      .code(200)
      .header('Set-Cookie', sessionCookie(session.sessionId, { secure: isHttps(request), maxAgeSeconds: SESSION_MAX_AGE_SECONDS }))
      .header('Cache-Control', 'no-store')
      .send(body);
  };

  api.post('/auth/login', { config: { access: 'public' } }, async (request, reply) => {
    const { username, password } = parseInput(LoginBody, request.body ?? {}, 'body');
    const address = clientAddress(request);
    const decision = limiter.check(username, address);
    if (!decision.allowed) return tooMany(reply, decision.retryAfterSeconds);
    const user = await store.users.byUsername(username);
    const ok = user?.passwordHash && user.disabledAt === null ? await hasher.verify(user.passwordHash, password) : await verifyNobody(hasher, password);
    if (!ok || !user) {
      limiter.fail(username, address);
      await recordAudit(deps.audit, { actor: `user:${username}`, action: 'auth.sign_in_failed', targetType: 'user', targetId: user?.id ?? null, details: { ip: address } }, deps.logger);
      throw new VigilError('unauthorized', 'wrong username or password');
    }
    limiter.succeed(username);
    return signIn(request, reply, user, 'auth.sign_in');
  });

  api.post('/auth/logout', { config: { access: 'read' } }, async (request, reply) => {
    const principal = principalOf(request);
    if (principal.sessionIdSha256) await store.sessions.remove(principal.sessionIdSha256);
    if (principal.user) options.disconnectUser(principal.user.id);
    await recordAudit(deps.audit, { actor: principal.auditActor, action: 'auth.sign_out', targetType: 'user', targetId: principal.user?.id ?? null }, deps.logger);
    return reply.code(204).header('Set-Cookie', clearedSessionCookie(isHttps(request))).send();
  });

  api.get('/auth/me', { config: { access: 'read' } }, async (request, reply): Promise<MeDto> => {
    const principal = principalOf(request);
    void reply.header('Cache-Control', 'no-store');
    return {
      user: principal.user ? userToDto(principal.user) : null,
      principal: principal.kind,
      scopes: principalScopes(principal),
      csrfToken: options.resolver.csrfToken(principal, readSessionCookie(request.headers.cookie)),
    };
  });

  api.get('/auth/setup', { config: { access: 'public' } }, async (): Promise<SetupStatusDto> => ({ needed: (await options.setup?.needed()) ?? false }));

  api.post('/auth/setup', { config: { access: 'public' } }, async (request, reply) => {
    const input = parseInput(SetupBody, request.body ?? {}, 'body');
    const setup = options.setup;
    if (!setup?.pending() || (await store.users.count()) > 0) throw conflict('Vigil is set up already: sign in instead');
    const address = clientAddress(request);
    const decision = limiter.check('setup', address);
    if (!decision.allowed) return tooMany(reply, decision.retryAfterSeconds);
    if (!setup.matches(input.code)) {
      limiter.fail('setup', address);
      throw new VigilError('unauthorized', 'wrong setup code: use the one Vigil printed at start');
    }
    const user = await store.users.insertFirst({
      username: input.username,
      displayName: input.displayName ?? input.username,
      passwordHash: await hasher.hash(input.password),
      role: 'admin',
      cameras: null,
    });
    if (!user) throw conflict('Vigil is set up already: sign in instead');
    setup.consume();
    return signIn(request, reply, user, 'auth.setup');
  });
}
