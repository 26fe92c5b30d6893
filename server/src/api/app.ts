import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { redactText } from '../domain/index.js';
import { attachSocketGateway, type LiveGateway, type VigilSocketServer } from '../live/index.js';
import { requireApiToken } from './auth.js';
import type { ApiDeps } from './deps.js';
import { installErrorHandling } from './error-handler.js';
import { registerAlertRoutes } from './routes/alert.routes.js';
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
import { tokensMatch } from './token-match.js';

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

  registerHealthRoutes(fastify, deps);
  // Without a built dashboard (`npm run build:web`), `/` shows the plain status page.
  if (webDir) await registerDashboardRoutes(fastify, webDir);
  else registerStatusPageRoutes(fastify, deps);
  await fastify.register(
    async (api) => {
      api.addHook('onRequest', requireApiToken(deps.apiToken));
      registerCameraRoutes(api, deps);
      registerAlertRoutes(api, deps);
      registerEvidenceRoutes(api, deps);
      registerDeliveryRoutes(api, deps);
      registerRuleRoutes(api, deps);
      registerReasoningRoutes(api, deps);
      registerSystemRoutes(api, deps);
      registerLiveVideoRoutes(api, deps);
      registerRobotEvidenceRoutes(api, deps);
      registerPublishTokenRoutes(api, deps);
    },
    { prefix: '/api' },
  );
  // The robot fleet authenticates with its channel's token, outside the API token hook.
  await fastify.register(async (fleet) => registerRobotFleetRoutes(fleet, deps));
  // WHIP publishers authenticate with their camera's publisher token (or the API token).
  await fastify.register(async (whip) => registerWhipRoutes(whip, deps));

  const version = deps.health().version;
  const { io, live } = attachSocketGateway(fastify.server, {
    authenticate: (token) => tokensMatch(token, deps.apiToken),
    metrics: deps.metrics,
    logger: deps.logger,
    version,
  });
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
