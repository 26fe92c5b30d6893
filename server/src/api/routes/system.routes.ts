import type { FastifyInstance } from 'fastify';
import type { SystemDto } from '../../contracts/index.js';
import type { ApiDeps } from '../deps.js';

/** `/api/system`: the reasoner, per-stage latency and per-camera rate, for the dashboard's System page. */
export function registerSystemRoutes(api: FastifyInstance, deps: ApiDeps): void {
  api.get('/system', async (): Promise<SystemDto> => deps.system());
}
