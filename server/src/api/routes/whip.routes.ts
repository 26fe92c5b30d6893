import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound, redactUrl, VigilError, type Camera } from '../../domain/index.js';
import { Id, type PublishTokenDto } from '../../contracts/index.js';
import { recordAudit, SYSTEM_AUDIT_ACTOR } from '../../audit/audit-service.js';
import type { ApiDeps } from '../deps.js';
import { bearerToken } from '../token-match.js';
import { requestCredentials } from '../auth.js';
import { allows, canSeeCamera, csrfAccepted, CSRF_HEADER, matchesDigest, newSecret, sha256Hex, type PrincipalResolver } from '../../auth/index.js';
import { parseInput } from '../validation.js';

const CameraParams = z.object({ cameraId: Id });
const SessionParams = z.object({ cameraId: Id, sessionId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a WHIP session id') });
const IdParams = z.object({ id: Id });
const SDP = 'application/sdp';
const SDP_FRAGMENT = 'application/trickle-ice-sdpfrag';
/** An SDP offer is a few kilobytes; this leaves room for many candidates. */
const SDP_BODY_LIMIT = 64 * 1024;

const isWhipCamera = (camera: Camera): boolean => /^whip:\/\//i.test(camera.url);

/**
 * WHIP (RFC 9725): `POST /api/whip/:cameraId` with an SDP offer answers 201 with the SDP answer and the
 * session's `Location`; `PATCH` there trickles ICE candidates, `DELETE` ends publishing. A publisher presents its
 * camera's publisher token as a bearer token (or signs in like any API client), so these routes sit outside the
 * API's access hook.
 */
export function registerWhipRoutes(app: FastifyInstance, deps: ApiDeps, resolver: PrincipalResolver): void {
  app.addContentTypeParser([SDP, SDP_FRAGMENT], { parseAs: 'string', bodyLimit: SDP_BODY_LIMIT }, (_request, body, done) => done(null, body));

  /**
   * The camera's publisher token, or a principal of the API (the root token, a stored token, a signed-in session
   * with its CSRF token) with the operator role that may see the camera: the dashboard's publish page.
   */
  const authorise = async (request: FastifyRequest, reply: FastifyReply, cameraId: string): Promise<void> => {
    void reply.header('WWW-Authenticate', 'Bearer realm="vigil-whip"');
    const presented = bearerToken(request.headers.authorization);
    if (presented && (await publisherTokenMatches(cameraId, presented))) {
      reply.removeHeader('WWW-Authenticate');
      return;
    }
    const resolved = await resolver.resolve(requestCredentials(request));
    if (!resolved.ok) {
      throw new VigilError('unauthorized', presented ? `invalid publisher token for camera ${cameraId}` : 'missing publisher token: send Authorization: Bearer <token>');
    }
    reply.removeHeader('WWW-Authenticate');
    if (resolved.csrfSha256 && !csrfAccepted(request.method, request.headers[CSRF_HEADER], resolved.csrfSha256)) {
      throw new VigilError('forbidden', 'missing or wrong CSRF token: send the csrfToken of /api/auth/me as the X-CSRF-Token header');
    }
    if (!allows(resolved.principal.access, 'operate')) throw new VigilError('forbidden', 'publishing a camera needs the operator role');
    if (!canSeeCamera(resolved.principal, cameraId)) throw notFound('camera', cameraId);
  };
  const publisherTokenMatches = async (cameraId: string, presented: string): Promise<boolean> => {
    const stored = await deps.store.cameras.publishTokenHash(cameraId);
    return stored !== null && matchesDigest(presented, stored);
  };
  const requireType = (request: FastifyRequest, type: string) => {
    const given = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (given !== type) throw new VigilError('unsupported_media_type', `send the body as Content-Type: ${type}${given ? ` (not ${given})` : ''}`);
  };
  const whipCamera = (cameraId: string): Camera => {
    const camera = deps.cameras.list().find((c) => c.id === cameraId);
    if (!camera) throw notFound('camera', cameraId);
    if (!isWhipCamera(camera)) throw new VigilError('conflict', `camera ${cameraId} reads ${redactUrl(camera.url).split('://')[0]}:// video; only whip:// cameras take publishers`);
    if (!camera.enabled) throw new VigilError('conflict', `camera ${cameraId} is disabled`);
    return camera;
  };
  const publishers = () => {
    if (!deps.whip) throw new VigilError('unavailable', 'WebRTC ingest is off on this server');
    return deps.whip;
  };
  const body = (request: FastifyRequest, what: string): string => {
    const text = typeof request.body === 'string' ? request.body : '';
    if (text.trim().length === 0) throw new VigilError('invalid_input', `the request has no ${what}`);
    return text;
  };

  app.post('/api/whip/:cameraId', async (request, reply) => {
    const { cameraId } = parseInput(CameraParams, request.params, 'params');
    await authorise(request, reply, cameraId);
    requireType(request, SDP);
    whipCamera(cameraId);
    const whip = publishers();
    const published = await whip.publish(cameraId, body(request, 'SDP offer'));
    // One Link header per server (an array: a single value would be replaced by the next).
    if (whip.iceLinks.length > 0) void reply.header('Link', [...whip.iceLinks]);
    return reply
      .code(201)
      .header('Location', `/api/whip/${encodeURIComponent(cameraId)}/${published.sessionId}`)
      .header('ETag', published.etag)
      .header('Accept-Patch', SDP_FRAGMENT)
      .type(SDP)
      .send(published.answerSdp);
  });

  app.patch('/api/whip/:cameraId/:sessionId', async (request, reply) => {
    const { cameraId, sessionId } = parseInput(SessionParams, request.params, 'params');
    await authorise(request, reply, cameraId);
    requireType(request, SDP_FRAGMENT);
    const ifMatch = request.headers['if-match'];
    await publishers().trickle(cameraId, sessionId, body(request, 'ICE fragment'), Array.isArray(ifMatch) ? ifMatch[0] : ifMatch);
    return reply.code(204).send();
  });

  app.delete('/api/whip/:cameraId/:sessionId', async (request, reply) => {
    const { cameraId, sessionId } = parseInput(SessionParams, request.params, 'params');
    await authorise(request, reply, cameraId);
    await publishers().end(cameraId, sessionId);
    return reply.code(200).send();
  });
}

/** `POST /api/cameras/:id/publish-token` (API token): a new publisher token for a WHIP camera, shown once. */
export function registerPublishTokenRoutes(api: FastifyInstance, deps: ApiDeps): void {
  api.post('/cameras/:id/publish-token', async (request): Promise<PublishTokenDto> => {
    const { id } = parseInput(IdParams, request.params, 'params');
    const camera = deps.cameras.list().find((c) => c.id === id);
    if (!camera) throw notFound('camera', id);
    if (!isWhipCamera(camera)) throw new VigilError('conflict', `camera ${id} is not a WHIP camera (its URL must be whip://NAME)`);
    const token = newSecret();
    await deps.store.cameras.savePublishTokenHash(id, sha256Hex(token));
    await recordAudit(
      deps.audit,
      { actor: request.principal?.auditActor ?? SYSTEM_AUDIT_ACTOR, action: 'camera.publish_token', targetType: 'camera', targetId: id, details: {} },
      deps.logger,
    );
    const origin = deps.publicUrl ?? `${request.protocol}://${request.host}`;
    return { cameraId: id, token, whipUrl: `${origin.replace(/\/$/, '')}/api/whip/${encodeURIComponent(id)}` };
  });
}
