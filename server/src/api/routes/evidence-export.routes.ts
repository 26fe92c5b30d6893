import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordAudit, SYSTEM_AUDIT_ACTOR } from '../../audit/audit-service.js';
import { EvidenceHoldBody, toIso, type EvidenceHoldDto } from '../../contracts/index.js';
import { notFound, VigilError } from '../../domain/index.js';
import { evidenceBundle } from '../../evidence/evidence-bundle.adapter.js';
import { loadOrCreateEvidenceKeys, type EvidenceKeys } from '../../evidence/evidence-keys.adapter.js';
import { EvidenceSeals } from '../../evidence/evidence-seals.js';
import { signaturePathOf, writeManifest } from '../../evidence/manifest-files.adapter.js';
import type { EvidenceHold } from '../../store/ports.js';
import { assertAlertVisible } from '../camera-access.js';
import type { ApiDeps } from '../deps.js';
import { resolveUnderDataDir, sendFileWithRanges } from '../evidence-file.adapter.js';
import { parseInput } from '../validation.js';
import { AlertParams } from './alert.routes.js';

const ManifestParams = AlertParams.extend({ evidenceId: z.string().uuid('not an evidence id') });

const actorOf = (request: FastifyRequest): string => request.principal?.auditActor ?? SYSTEM_AUDIT_ACTOR;

const holdDto = (alertId: string, hold: EvidenceHold | null): EvidenceHoldDto => ({
  alertId,
  held: hold !== null,
  reason: hold?.reason ?? null,
  actor: hold?.actor ?? null,
  since: hold ? toIso(hold.createdAt) : null,
});

/**
 * Signed evidence: the public key (viewer), each alert's manifests (viewer), the export zip (operator; it holds
 * the alert's evidence), and holds that keep evidence from retention (operator).
 */
export function registerEvidenceExportRoutes(api: FastifyInstance, deps: ApiDeps): void {
  let keys: Promise<EvidenceKeys> | null = null;
  const evidenceKeys = () => (keys ??= loadOrCreateEvidenceKeys(deps.dataDir).catch((error: unknown) => {
    keys = null;
    throw error;
  }));
  const seals = new EvidenceSeals({
    alerts: deps.store.alerts,
    keys: evidenceKeys,
    write: (input) => writeManifest({ dataDir: deps.dataDir, ...input }),
  });

  api.get('/evidence/public-key', { config: { access: 'read' } }, async (_request, reply) => {
    const { publicKeyPem, fingerprint } = await evidenceKeys();
    return reply.type('application/x-pem-file').header('X-Key-Fingerprint', fingerprint).send(publicKeyPem);
  });

  const manifestRow = async (request: FastifyRequest) => {
    const { id, evidenceId } = parseInput(ManifestParams, request.params, 'params');
    await assertAlertVisible(request, deps.store, id);
    const row = await deps.store.evidence.get(evidenceId);
    if (!row || row.alertId !== id || row.kind !== 'manifest') throw notFound('manifest', evidenceId);
    return row;
  };

  api.get('/alerts/:id/manifests/:evidenceId.json', { config: { access: 'read' } }, async (request, reply) => {
    const row = await manifestRow(request);
    const path = await resolveUnderDataDir(deps.dataDir, row.path);
    if (!path) throw new VigilError('not_found', 'the manifest file is missing');
    return sendFileWithRanges(reply, {
      path,
      mime: 'application/json',
      sha256: row.sha256,
      range: request.headers.range,
      ifNoneMatch: request.headers['if-none-match'],
      downloadName: `vigil-alert-${row.alertId}-manifest.json`,
    });
  });

  api.get('/alerts/:id/manifests/:evidenceId.sig', { config: { access: 'read' } }, async (request, reply) => {
    const row = await manifestRow(request);
    const path = await resolveUnderDataDir(deps.dataDir, signaturePathOf(row.path));
    if (!path) throw new VigilError('not_found', 'the manifest signature is missing');
    return reply.type('text/plain').send(await readFile(path));
  });

  api.get('/alerts/:id/export.zip', { config: { access: 'operate' } }, async (request, reply) => {
    const { id } = parseInput(AlertParams, request.params, 'params');
    await assertAlertVisible(request, deps.store, id);
    const { manifest } = await seals.current(id);
    const actor = actorOf(request);
    const stream = await evidenceBundle({ dataDir: deps.dataDir, manifest, publicKeyPem: (await evidenceKeys()).publicKeyPem });
    const { created } = await deps.store.holds.hold({ alertId: id, reason: 'exported', actor, at: Date.now() });
    await recordAudit(
      deps.audit,
      { actor, action: 'evidence.export', targetType: 'alert', targetId: id, details: { manifest: manifest.path, manifestSha256: manifest.sha256, held: created ? 'exported' : 'already held' } },
      deps.logger,
    );
    return reply
      .type('application/zip')
      .header('Content-Disposition', `attachment; filename="vigil-alert-${id}.zip"`)
      .header('Cache-Control', 'no-store')
      .send(stream);
  });

  api.get('/alerts/:id/hold', { config: { access: 'read' } }, async (request): Promise<EvidenceHoldDto> => {
    const { id } = parseInput(AlertParams, request.params, 'params');
    await assertAlertVisible(request, deps.store, id);
    const hold = await deps.store.holds.get(id);
    if (!hold && !(await deps.store.alerts.get(id))) throw notFound('alert', id);
    return holdDto(id, hold);
  });

  api.post('/alerts/:id/hold', { config: { access: 'operate' } }, async (request): Promise<EvidenceHoldDto> => {
    const { id } = parseInput(AlertParams, request.params, 'params');
    const { reason } = parseInput(EvidenceHoldBody, request.body ?? {}, 'body');
    await assertAlertVisible(request, deps.store, id);
    const actor = actorOf(request);
    const { hold, created } = await deps.store.holds.hold({ alertId: id, reason, actor, at: Date.now() });
    if (created) await recordAudit(deps.audit, { actor, action: 'evidence.hold', targetType: 'alert', targetId: id, details: { reason } }, deps.logger);
    return holdDto(id, hold);
  });

  api.delete('/alerts/:id/hold', { config: { access: 'operate' } }, async (request): Promise<EvidenceHoldDto> => {
    const { id } = parseInput(AlertParams, request.params, 'params');
    await assertAlertVisible(request, deps.store, id);
    const previous = await deps.store.holds.get(id);
    if (!previous && !(await deps.store.alerts.get(id))) throw notFound('alert', id);
    if (previous && (await deps.store.holds.release(id))) {
      await recordAudit(deps.audit, { actor: actorOf(request), action: 'evidence.release', targetType: 'alert', targetId: id, details: { reason: previous.reason } }, deps.logger);
    }
    return holdDto(id, null);
  });
}
