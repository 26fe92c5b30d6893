import type { FastifyInstance } from 'fastify';
import { notFound } from '../../domain/index.js';
import type { AlertDeliveriesDto } from '../../contracts/index.js';
import { deliveryLogOn } from '../../notify/delivery-log.js';
import type { ApiDeps } from '../deps.js';
import { parseInput } from '../validation.js';
import { assertAlertVisible } from '../camera-access.js';
import { AlertParams } from './alert.routes.js';

/** `GET /api/alerts/:id/deliveries`: each email, webhook and robot delivery the alert owed, with every try. */
export function registerDeliveryRoutes(api: FastifyInstance, deps: ApiDeps): void {
  const log = deps.deliveries ?? deliveryLogOn(deps.store);
  api.get('/alerts/:id/deliveries', async (request): Promise<AlertDeliveriesDto> => {
    const { id } = parseInput(AlertParams, request.params, 'params');
    await assertAlertVisible(request, deps.store, id);
    const found = await log.forAlert(id);
    if (!found) throw notFound('alert', id);
    return found;
  });
}
