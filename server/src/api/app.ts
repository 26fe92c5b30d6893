import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { redactText } from '../domain/index.js';
import { attachSocketGateway, type LiveGateway, type VigilSocketServer } from '../live/index.js';
import { argon2Hasher, LoginRateLimiter, PrincipalResolver, readSessionCookie } from '../auth/index.js';
import { authenticateRequests } from './auth.js';
import type { ApiDeps } from './deps.js';
import { installErrorHandling } from './error-handler.js';
import { registerAlertRoutes } from './routes/alert.routes.js';
import { registerAuditRoutes } from './routes/audit.routes.js';
import { registerEvidenceExportRoutes } from './routes/evidence-export.routes.js';
import { registerAuthRoutes } from './routes/auth.routes.js';
import { registerCameraRoutes } from './routes/camera.routes.js';
import { dashboardBuilt, registerDashboardRoutes, sendDashboard } from './routes/dashboard.routes.js';
import { registerDeliveryRoutes } from './routes/delivery.routes.js';
import { registerEvidenceRoutes } from './routes/evidence.routes.js';
import { registerHealthRoutes } from './routes/health.routes.js';
import { registerLiveVideoRoutes } from './routes/live-video.routes.js';
import { registerReasoningRoutes } from './routes/reasoning.routes.js';
import { registerRobotEvidenceRoutes, registerRobotFleetRoutes } from './routes/robot.routes.js';
import { registerRuleRoutes, YAML_CONTENT_TYPES } from './routes/rule.routes.js';
import { registerSystemRoutes } from './routes/system.routes.js';
import { registerPublishTokenRoutes, registerWhipRoutes } from './routes/whip.routes.js';
import { registerStatusPageRoutes } from './routes/status-page.routes.js';
import { registerTokenRoutes } from './routes/token.routes.js';
import { registerUserRoutes } from './routes/user.routes.js';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** A JSON content type with an empty body (a bodiless `POST /ack` from fetch) reads as no body, not a 400. */
function acceptEmptyJsonBodies(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    return parseJson(request, text, done);
  });
}

export interface BuildAppOptions {
  /** Largest accepted request body in bytes (1 MiB by default). */
  bodyLimit?: number;
}

export interface VigilApp {
  fastify: FastifyInstance;
  io: VigilSocketServer;
  live: LiveGateway;
  /** Starts listening; port 0 picks a free port. Resolves with the bound address. */
  listen(port: number, host?: string): Promise<{ host: string; port: number; url: string }>;
  /** Disconnects live clients, then closes the HTTP server. */
  close(): Promise<void>;
}

/** The HTTP API, the status page and the live gateway on one server. */
export async function buildApp(deps: ApiDeps, options: BuildAppOptions = {}): Promise<VigilApp> {
  const fastify = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // One redacted line per request from the onResponse hook below instead of Fastify's own.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    return503OnClosing: true,
  });
  const webDir = deps.webDir && dashboardBuilt(deps.webDir) ? deps.webDir : null;
  installErrorHandling(fastify, deps.logger, webDir ? (_request, reply) => sendDashboard(reply) : undefined);
  acceptEmptyJsonBodies(fastify);
  fastify.addContentTypeParser(YAML_CONTENT_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  fastify.addHook('onResponse', async (request, reply) => {
    // Query strings may carry ?token=: the path is logged redacted.
    deps.logger.debug(
      { method: request.method, path: redactText(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  const now = deps.access?.now ?? Date.now;
  const hasher = deps.access?.hasher ?? argon2Hasher;
  const resolver = new PrincipalResolver({ apiToken: deps.apiToken, store: deps.store, proxy: deps.access?.proxy ?? null, now });
  fastify.decorateRequest('principal', null);

  // The live gateway first: signing out and access changes disconnect a user's live clients.
  const version = deps.health().version;
  const { io, live } = attachSocketGateway(fastify.server, {
    authenticate: async (handshake) => {
      const resolved = await resolver.resolve({
        bearer: handshake.token,
        sessionId: readSessionCookie(handshake.headers.cookie),
        remoteAddress: handshake.address,
        headers: handshake.headers,
      });
      return resolved.ok ? { cameras: resolved.principal.cameras, userId: resolved.principal.user?.id ?? null } : null;
    },
    metrics: deps.metrics,
    logger: deps.logger,
    version,
  });
  const disconnectUser = (userId: string) => live.disconnectUser(userId);

  registerHealthRoutes(fastify, deps);
  // Without a built dashboard (`npm run build:web`), `/` shows the plain status page.
  if (webDir) await registerDashboardRoutes(fastify, webDir);
  else registerStatusPageRoutes(fastify, deps);
  await fastify.register(
    async (api) => {
      api.addHook('onRequest', authenticateRequests(resolver));
      registerAuthRoutes(api, deps, { hasher, limiter: new LoginRateLimiter(now), resolver, setup: deps.access?.setup ?? null, now, disconnectUser });
      registerUserRoutes(api, deps, { hasher, disconnectUser });
      registerTokenRoutes(api, deps, { disconnectUser });
      registerCameraRoutes(api, deps);
      registerAlertRoutes(api, deps);
      registerEvidenceRoutes(api, deps);
      registerDeliveryRoutes(api, deps);
      registerRuleRoutes(api, deps);
      registerReasoningRoutes(api, deps);
      registerSystemRoutes(api, deps);
      registerLiveVideoRoutes(api, deps, resolver);
      registerRobotEvidenceRoutes(api, deps);
      registerPublishTokenRoutes(api, deps);
      registerAuditRoutes(api, deps);
      registerEvidenceExportRoutes(api, deps);
    },
    { prefix: '/api' },
  );
  // The robot fleet authenticates with its channel's token, outside the API token hook.
  await fastify.register(async (fleet) => registerRobotFleetRoutes(fleet, deps));
  // WHIP publishers authenticate with their camera's publisher token, or as an operator of the API.
  await fastify.register(async (whip) => registerWhipRoutes(whip, deps, resolver));

  // Upgraded websocket connections would otherwise hold the HTTP server open.
  fastify.addHook('preClose', async () => {
    await live.close();
  });
  await fastify.ready();

  return {
    fastify,
    io,
    live,
    async listen(port, host = '0.0.0.0') {
      await fastify.listen({ port, host });
      const address = fastify.server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return { host: address.address, port: address.port, url: `http://${shownHost}:${address.port}` };
    },
    close: () => fastify.close(),
  };
}
