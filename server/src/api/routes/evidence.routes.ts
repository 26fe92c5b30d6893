import type { FastifyInstance } from 'fastify';
import { notFound, VigilError, type Evidence, type EvidenceKind } from '../../domain/index.js';
import type { ApiDeps } from '../deps.js';
import { resolveUnderDataDir, sendFileWithRanges } from '../evidence-file.adapter.js';
import { parseInput } from '../validation.js';
import { assertAlertVisible } from '../camera-access.js';
import { AlertParams } from './alert.routes.js';

const FILES: { path: string; kind: EvidenceKind; pending: string }[] = [
  { path: 'clip.mp4', kind: 'clip', pending: 'the clip is not cut yet' },
  { path: 'snapshot.jpg', kind: 'snapshot', pending: 'the alert has no snapshot' },
];

/** `/api/alerts/:id/clip.mp4` and `/snapshot.jpg`: streamed from DATA_DIR with byte ranges. */
export function registerEvidenceRoutes(api: FastifyInstance, deps: ApiDeps): void {
  for (const file of FILES) {
    api.get(`/alerts/:id/${file.path}`, { config: { queryToken: true } }, async (request, reply) => {
      const { id } = parseInput(AlertParams, request.params, 'params');
      await assertAlertVisible(request, deps.store, id);
      const rows = await deps.store.evidence.forAlert(id);
      const latest = newest(rows.filter((row) => row.kind === file.kind));
      if (!latest) {
        if (rows.length === 0 && !(await deps.store.alerts.get(id))) throw notFound('alert', id);
        throw new VigilError('not_found', file.pending);
      }
      const path = await resolveUnderDataDir(deps.dataDir, latest.path);
      if (!path) {
        deps.logger.warn({ alertId: id, evidenceId: latest.id }, 'evidence file missing or outside the data directory');
        throw new VigilError('not_found', `the ${file.kind} file is missing`);
      }
      return sendFileWithRanges(reply, {
        path,
        mime: latest.mime,
        sha256: latest.sha256,
        range: request.headers.range,
        ifNoneMatch: request.headers['if-none-match'],
        downloadName: `vigil-alert-${id}-${file.path}`,
      });
    });
  }
}

function newest(rows: Evidence[]): Evidence | undefined {
  return rows.reduce<Evidence | undefined>((best, row) => (!best || row.createdAt >= best.createdAt ? row : best), undefined);
}
