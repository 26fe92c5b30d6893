import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound, type AlertAction } from '../../domain/index.js';
import {
  AlertActionBody,
  AlertListQuery,
  alertDetailToDto,
  alertToDto,
  type AlertDetailDto,
  type AlertPageDto,
} from '../../contracts/index.js';
import { alertActor, canSeeCamera, visibleCameraFilter } from '../../auth/index.js';
import type { AlertFilter } from '../../store/ports.js';
import { principalOf } from '../auth.js';
import { assertAlertVisible } from '../camera-access.js';
import type { ApiDeps } from '../deps.js';
import { parseInput } from '../validation.js';

export const AlertParams = z.object({ id: z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, 'not an alert id') });

const ACTION_PATHS: Record<string, AlertAction> = { ack: 'ack', resolve: 'resolve', 'false-positive': 'false-positive' };

/** `/api/alerts`: newest first with filters and cursor paging, one alert's timeline, lifecycle actions. */
export function registerAlertRoutes(api: FastifyInstance, deps: ApiDeps): void {
  const { store } = deps;

  api.get('/alerts', async (request): Promise<AlertPageDto> => {
    const query = parseInput(AlertListQuery, request.query ?? {}, 'query');
    const filter: AlertFilter = {};
    if (query.status) filter.status = query.status;
    const cameraIds = visibleCameraFilter(principalOf(request), query.camera);
    if (cameraIds?.length === 0) return { items: [], nextCursor: null };
    if (cameraIds) filter.cameraId = cameraIds;
    if (query.severity) filter.severity = query.severity;
    if (query.rule) filter.ruleId = query.rule;
    if (query.since !== undefined) filter.since = query.since;
    if (query.until !== undefined) filter.until = query.until;
    const page = await store.alerts.list(filter, query.cursor ? { limit: query.limit, cursor: query.cursor } : { limit: query.limit });
    const evidence = await store.evidence.forAlerts(page.items.map((alert) => alert.id));
    return { items: page.items.map((alert) => alertToDto(alert, evidence.get(alert.id) ?? [])), nextCursor: page.nextCursor };
  });

  api.get('/alerts/:id', async (request): Promise<AlertDetailDto> => {
    const { id } = parseInput(AlertParams, request.params, 'params');
    const found = await store.alerts.get(id);
    if (!found || !canSeeCamera(principalOf(request), found.alert.cameraId)) throw notFound('alert', id);
    return alertDetailToDto(found);
  });

  for (const [path, action] of Object.entries(ACTION_PATHS)) {
    api.post(`/alerts/:id/${path}`, { config: { access: 'operate' } }, async (request): Promise<AlertDetailDto> => {
      const { id } = parseInput(AlertParams, request.params, 'params');
      const body = parseInput(AlertActionBody, request.body ?? {}, 'body');
      await assertAlertVisible(request, store, id);
      const result = await deps.alerts.act({
        alertId: id,
        action,
        // A signed-in person is named by their account; only the root token may name someone itself.
        actor: alertActor(principalOf(request), body.actor),
        note: body.note ?? null,
        at: Date.now(),
      });
      return alertDetailToDto(result);
    });
  }
}
