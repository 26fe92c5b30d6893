import type { FastifyInstance } from 'fastify';
import type { HealthDto } from '../../contracts/index.js';
import type { ApiDeps } from '../deps.js';

const PING_TIMEOUT_MS = 2000;

/** `GET /healthz` and `GET /metrics`: no token, nothing sensitive. */
export function registerHealthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const startedAt = Date.now();

  app.get('/healthz', async (_request, reply) => {
    const report = deps.health();
    const databaseUp = await pingWithin(deps, PING_TIMEOUT_MS);
    const body: HealthDto = {
      status: !databaseUp ? 'down' : report.disk?.status === 'low' ? 'degraded' : report.status,
      cameras: report.cameras,
      database: report.database,
      databaseUp,
      reasoner: report.reasoner,
      disk: report.disk ?? null,
      version: report.version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
    return reply.code(databaseUp ? 200 : 503).header('Cache-Control', 'no-store').send(body);
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.header('Content-Type', deps.metrics.registry.contentType).header('Cache-Control', 'no-store').send(text);
  });
}

async function pingWithin(deps: ApiDeps, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([deps.store.ping().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
