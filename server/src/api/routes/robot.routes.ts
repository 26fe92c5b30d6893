import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound, VigilError, type Evidence, type EvidenceKind } from '../../domain/index.js';
import { RobotEventBody, type RobotEventReplyDto } from '../../contracts/index.js';
import type { ApiDeps } from '../deps.js';
import { errorBody } from '../error-handler.js';
import { resolveUnderDataDir, sendFileWithRanges } from '../evidence-file.adapter.js';
import { bearerToken } from '../token-match.js';
import { parseInput } from '../validation.js';
import { assertAlertVisible } from '../camera-access.js';
import { AlertParams } from './alert.routes.js';

/** Base64 of the largest frame plus the rest of the report. */
const ROBOT_EVENT_BODY_LIMIT = 6 * 1024 * 1024;

const RobotParams = z.object({ id: z.string().min(1).max(100).regex(/^[a-z0-9][a-z0-9-]*$/, 'not a robot id') });
const RobotAlertParams = RobotParams.extend({ alertId: AlertParams.shape.id });
const RobotFrameParams = AlertParams.extend({ evidenceId: z.string().uuid('not an evidence id') });

/**
 * What the robot fleet calls, with the robot channel's own token (never the API token):
 * `POST /api/robots/:id/events` and the evidence of the alerts it was sent to.
 */
export function registerRobotFleetRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const authorise = async (request: FastifyRequest, reply: FastifyReply): Promise<string | null> => {
    const { id } = parseInput(RobotParams, request.params, 'params');
    const outcome = deps.robots?.authenticate(id, bearerToken(request.headers.authorization)) ?? 'unknown_robot';
    if (outcome === 'ok') return id;
    if (outcome === 'unknown_robot') throw notFound('robot', id);
    await reply.code(401).header('WWW-Authenticate', 'Bearer realm="vigil-robots"').send(errorBody('unauthorized', `invalid token for robot ${id}`));
    return null;
  };

  app.post('/api/robots/:id/events', { bodyLimit: ROBOT_EVENT_BODY_LIMIT }, async (request, reply) => {
    const robotId = await authorise(request, reply);
    if (!robotId) return reply;
    const body = parseInput(RobotEventBody, request.body ?? {}, 'body');
    const result: RobotEventReplyDto = await deps.robots!.report(robotId, body);
    return reply.code(202).send(result);
  });

  for (const [file, kind] of [['snapshot.jpg', 'snapshot'], ['clip.mp4', 'clip']] as const) {
    app.get(`/api/robots/:id/alerts/:alertId/${file}`, async (request, reply) => {
      const robotId = await authorise(request, reply);
      if (!robotId) return reply;
      const { alertId } = parseInput(RobotAlertParams, request.params, 'params');
      const found = await deps.store.alerts.get(alertId);
      // An alert the robot was not sent to does not exist as far as the robot is concerned.
      if (!found || !found.alert.notify.includes(`robot:${robotId}`)) throw notFound('alert', alertId);
      return sendEvidence(request, reply, deps, newest(found.evidence, kind), `vigil-alert-${alertId}-${file}`);
    });
  }
}

/** `GET /api/alerts/:id/robot/:evidenceId.jpg` (API token): a frame a robot sent for the alert. */
export function registerRobotEvidenceRoutes(api: FastifyInstance, deps: ApiDeps): void {
  api.get('/alerts/:id/robot/:evidenceId.jpg', { config: { queryToken: true } }, async (request, reply) => {
    const { id, evidenceId } = parseInput(RobotFrameParams, request.params, 'params');
    await assertAlertVisible(request, deps.store, id);
    const row = await deps.store.evidence.get(evidenceId);
    if (!row || row.alertId !== id || row.kind !== 'robot') throw notFound('robot frame', evidenceId);
    return sendEvidence(request, reply, deps, row, `vigil-alert-${id}-robot-${evidenceId}.jpg`);
  });
}

async function sendEvidence(request: FastifyRequest, reply: FastifyReply, deps: ApiDeps, row: Evidence | undefined, downloadName: string) {
  if (!row) throw new VigilError('not_found', 'the alert has no such evidence yet');
  const path = await resolveUnderDataDir(deps.dataDir, row.path);
  if (!path) throw new VigilError('not_found', `the ${row.kind} file is missing`);
  return sendFileWithRanges(reply, {
    path,
    mime: row.mime,
    sha256: row.sha256,
    range: request.headers.range,
    ifNoneMatch: request.headers['if-none-match'],
    downloadName,
  });
}

function newest(rows: readonly Evidence[], kind: EvidenceKind): Evidence | undefined {
  return rows.filter((row) => row.kind === kind).reduce<Evidence | undefined>((best, row) => (!best || row.createdAt >= best.createdAt ? row : best), undefined);
}
