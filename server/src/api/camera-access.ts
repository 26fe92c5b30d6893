import type { FastifyRequest } from 'fastify';
import { canSeeCamera } from '../auth/index.js';
import { notFound } from '../domain/index.js';
import type { Store } from '../store/ports.js';
import { principalOf } from './auth.js';

/** Whether the principal of the request may see the camera. */
export const requestSees = (request: FastifyRequest, cameraId: string): boolean => canSeeCamera(principalOf(request), cameraId);

/** A camera the principal may not see does not exist for it. */
export function assertCameraVisible(request: FastifyRequest, cameraId: string): void {
  if (!requestSees(request, cameraId)) throw notFound('camera', cameraId);
}

/** An alert of a camera the principal may not see does not exist for it: 404 either way. */
export async function assertAlertVisible(request: FastifyRequest, store: Store, alertId: string): Promise<void> {
  if (principalOf(request).cameras === null) return;
  const found = await store.alerts.get(alertId);
  if (!found || !requestSees(request, found.alert.cameraId)) throw notFound('alert', alertId);
}
