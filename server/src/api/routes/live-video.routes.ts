import type { FastifyInstance, FastifyRequest } from 'fastify';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { z } from 'zod';
import { notFound, VigilError, type Camera } from '../../domain/index.js';
import { Id, LiveOptionsDto, SdpOfferDto, type SdpAnswerDto } from '../../contracts/index.js';
import type { ApiDeps } from '../deps.js';
import { errorBody } from '../error-handler.js';
import { canSeeCamera, readSessionCookie, type PrincipalResolver } from '../../auth/index.js';
import { principalOf, requestCredentials } from '../auth.js';
import { bearerToken } from '../token-match.js';
import { parseInput } from '../validation.js';

const CameraParams = z.object({ id: Id });
const JSMPEG_PATH = /^\/api\/cameras\/([^/]+)\/live\/jsmpeg$/;

/**
 * `/api/cameras/:id/live`: how the dashboard can watch a camera. WebRTC (`POST …/live/webrtc`, non-trickle SDP
 * offer/answer) relays the camera's H.264; the JSMpeg WebSocket (`…/live/jsmpeg`, the session cookie or a token as
 * `?token=` because browsers cannot set headers on a WebSocket) is the transcoded fallback.
 */
export function registerLiveVideoRoutes(api: FastifyInstance, deps: ApiDeps, resolver: PrincipalResolver): void {
  const { cameras, liveVideo } = deps;
  /** A camera the viewer may not see is not found. */
  const find = (id: string, viewer: { cameras: readonly string[] | null }): Camera => {
    const camera = cameras.list().find((c) => c.id === id && canSeeCamera(viewer, c.id));
    if (!camera) throw notFound('camera', id);
    return camera;
  };
  /** Why the camera cannot be watched whatever its stream: live video off, or the camera offline. */
  const blocker = (id: string): string | null => {
    if (!liveVideo) return 'live video is off on this server';
    const status = cameras.status(id);
    if (status?.state === 'offline') return `the camera is offline: ${status.reason}`;
    return null;
  };

  api.get('/cameras/:id/live', async (request): Promise<LiveOptionsDto> => {
    const { id } = parseInput(CameraParams, request.params, 'params');
    find(id, principalOf(request));
    const blocked = blocker(id);
    const availability = blocked === null && liveVideo ? liveVideo.availability(id) : null;
    if (!availability?.ready) {
      return { cameraId: id, webrtc: false, jsmpeg: null, unavailable: blocked ?? (availability && !availability.ready ? availability.reason : null) };
    }
    return { cameraId: id, webrtc: true, jsmpeg: jsmpegUrl(request, id, requestCredentials(request).bearer), unavailable: null };
  });

  // Watching changes nothing: viewers may.
  api.post('/cameras/:id/live/webrtc', { config: { access: 'read' } }, async (request): Promise<SdpAnswerDto> => {
    const { id } = parseInput(CameraParams, request.params, 'params');
    find(id, principalOf(request));
    const offer = parseInput(SdpOfferDto, request.body ?? {}, 'body');
    const blocked = blocker(id);
    if (blocked !== null || !liveVideo) throw new VigilError('unavailable', `no live video for camera ${id}: ${blocked}`);
    return { type: 'answer', sdp: await liveVideo.answerWebRtc(id, offer.sdp) };
  });

  api.get('/cameras/:id/live/jsmpeg', async (request, reply) => {
    const { id } = parseInput(CameraParams, request.params, 'params');
    find(id, principalOf(request));
    return reply.code(426).header('Upgrade', 'websocket').send(errorBody('invalid_input', 'this is a WebSocket endpoint: connect with ws:// or wss://'));
  });

  const onUpgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://vigil.invalid');
    const match = JSMPEG_PATH.exec(url.pathname);
    if (!match) return; // another upgrade (socket.io)
    try {
      const resolved = await resolver.resolve({
        bearer: bearerToken(request.headers.authorization) ?? (url.searchParams.get('token') || null),
        sessionId: readSessionCookie(request.headers.cookie),
        remoteAddress: request.socket.remoteAddress,
        headers: request.headers,
      });
      if (!resolved.ok) throw new VigilError('unauthorized', resolved.reason === 'none' ? 'missing API token: sign in, or add ?token=<token>' : resolved.message);
      const { id } = parseInput(CameraParams, { id: decodeURIComponent(match[1] ?? '') }, 'params');
      find(id, resolved.principal);
      const blocked = blocker(id);
      if (blocked !== null || !liveVideo) throw new VigilError('unavailable', `no live video for camera ${id}: ${blocked}`);
      liveVideo.acceptJsmpeg(id, request, socket, head);
    } catch (error) {
      refuseUpgrade(socket, error);
    }
  };
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => void onUpgrade(request, socket, head);
  api.server.on('upgrade', upgrade);
  api.addHook('preClose', async () => {
    await liveVideo?.disconnectAll();
  });
  api.addHook('onClose', async () => {
    api.server.off('upgrade', upgrade);
  });
}

/**
 * The WebSocket URL on the host the dashboard reached Vigil by. It carries the token the request presented (browsers
 * cannot set headers on a WebSocket); a signed-in browser sends its session cookie instead, so none is added.
 */
function jsmpegUrl(request: FastifyRequest, cameraId: string, token: string | null): string {
  const scheme = request.protocol === 'https' ? 'wss' : 'ws';
  const url = `${scheme}://${request.host}/api/cameras/${encodeURIComponent(cameraId)}/live/jsmpeg`;
  return token ? `${url}?token=${encodeURIComponent(token)}` : url;
}

const UPGRADE_STATUS: Partial<Record<string, number>> = { unauthorized: 401, invalid_input: 400, not_found: 404, conflict: 409, unavailable: 503 };

function refuseUpgrade(socket: Duplex, error: unknown): void {
  const known = error instanceof VigilError ? error : null;
  const status = (known && UPGRADE_STATUS[known.code]) ?? 500;
  const body = JSON.stringify(errorBody(known && status !== 500 ? known.code : 'internal', known && status !== 500 ? known.message : 'internal error'));
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...(status === 401 ? ['WWW-Authenticate: Bearer realm="vigil"'] : []),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
