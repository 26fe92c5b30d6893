import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound, VigilError, type Camera } from '../../domain/index.js';
import { CameraCreate, CameraUpdate, Id, ZonesUpdate, cameraStatusToDto, cameraToDto, type CameraDto, type CameraListDto } from '../../contracts/index.js';
import { frameJpeg } from '../../imaging/index.js';
import { requestSees } from '../camera-access.js';
import { applyCameraUpdate, cameraFromCreate } from '../camera-input.js';
import { principalOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { parseInput } from '../validation.js';

const CameraParams = z.object({ id: Id });

/** `/api/cameras`: the fleet, config cameras read-only. */
export function registerCameraRoutes(api: FastifyInstance, deps: ApiDeps): void {
  const { cameras } = deps;
  const toDto = (camera: Camera): CameraDto => cameraToDto(camera, cameras.status(camera.id));
  /** A camera the principal may not see is not found. */
  const find = (id: string, request: FastifyRequest): Camera => {
    const camera = cameras.list().find((c) => c.id === id && requestSees(request, c.id));
    if (!camera) throw notFound('camera', id);
    return camera;
  };
  const editable = (id: string, request: FastifyRequest): Camera => {
    const camera = find(id, request);
    if (camera.source === 'config') throw new VigilError('forbidden', `camera ${id} comes from vigil.yaml: change it there`);
    return camera;
  };

  api.get('/cameras', async (request): Promise<CameraListDto> => ({ items: cameras.list().filter((c) => requestSees(request, c.id)).map(toDto) }));

  api.post('/cameras', async (request, reply) => {
    const input = parseInput(CameraCreate, request.body ?? {}, 'body');
    const added = await cameras.add(cameraFromCreate(input), principalOf(request).auditActor);
    return reply.code(201).header('Location', `/api/cameras/${added.id}`).send(toDto(added));
  });

  api.get('/cameras/:id', async (request): Promise<CameraDto> => {
    const { id } = parseInput(CameraParams, request.params, 'params');
    return toDto(find(id, request));
  });

  api.put('/cameras/:id', async (request): Promise<CameraDto> => {
    const { id } = parseInput(CameraParams, request.params, 'params');
    const update = parseInput(CameraUpdate, request.body ?? {}, 'body');
    const updated = await cameras.update(applyCameraUpdate(editable(id, request), update), principalOf(request).auditActor);
    return toDto(updated);
  });

  api.put('/cameras/:id/zones', async (request): Promise<CameraDto> => {
    const { id } = parseInput(CameraParams, request.params, 'params');
    find(id, request);
    const { zones } = parseInput(ZonesUpdate, request.body ?? {}, 'body');
    return toDto(await cameras.setZones(id, zones.map((zone) => ({ id: zone.id, name: zone.name, polygon: zone.polygon })), principalOf(request).auditActor));
  });

  api.delete('/cameras/:id', async (request, reply) => {
    const { id } = parseInput(CameraParams, request.params, 'params');
    editable(id, request);
    await cameras.remove(id, principalOf(request).auditActor);
    return reply.code(204).send();
  });

  api.get('/cameras/:id/status', async (request) => {
    const { id } = parseInput(CameraParams, request.params, 'params');
    find(id, request);
    const status = cameras.status(id);
    if (!status) throw new VigilError('not_found', `camera ${id} has not reported a status yet`);
    return cameraStatusToDto(status);
  });

  api.get('/cameras/:id/snapshot.jpg', { config: { queryToken: true } }, async (request, reply) => {
    const { id } = parseInput(CameraParams, request.params, 'params');
    find(id, request);
    const frame = cameras.latestFrame(id);
    if (!frame) throw new VigilError('not_found', `camera ${id} has no frame yet`);
    return reply
      .header('Content-Type', 'image/jpeg')
      .header('Cache-Control', 'no-store')
      .header('Last-Modified', new Date(frame.ts).toUTCString())
      .send(await frameJpeg(frame));
  });
}
