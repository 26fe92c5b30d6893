import type { FastifyInstance } from 'fastify';
import type { ReasoningDto } from '../../contracts/index.js';
import type { ApiDeps } from '../deps.js';

/** `/api/reasoning`: which model answers hazard questions, how it is doing, and what it was asked lately. */
export function registerReasoningRoutes(api: FastifyInstance, deps: ApiDeps): void {
  api.get('/reasoning', async (): Promise<ReasoningDto> => deps.reasoning());
}
