import type { FastifyInstance } from 'fastify';
import { AuditListQuery, toIso, type AuditPageDto, type AuditVerifyDto } from '../../contracts/index.js';
import { readAuditHead } from '../../audit/audit-head.adapter.js';
import { verifyAuditLog } from '../../audit/audit-service.js';
import type { ApiDeps } from '../deps.js';
import { parseInput } from '../validation.js';

/** `/api/audit`: the audit log, oldest first (admin), and a check of its hash chain (viewer). */
export function registerAuditRoutes(api: FastifyInstance, deps: ApiDeps): void {
  api.get('/audit', { config: { access: 'admin' } }, async (request): Promise<AuditPageDto> => {
    const { after, limit } = parseInput(AuditListQuery, request.query ?? {}, 'query');
    const rows = await deps.store.audit.list(after, limit);
    return {
      items: rows.map((row) => ({ ...row, at: toIso(row.at) })),
      nextAfter: rows.length === limit ? rows.at(-1)!.seq : null,
    };
  });

  api.get('/audit/verify', { config: { access: 'read' } }, async (): Promise<AuditVerifyDto> => {
    const result = await verifyAuditLog(deps.store.audit, await readAuditHead(deps.dataDir));
    if (result.problem) deps.logger.error({ problem: result.problem }, 'the audit log chain is broken');
    return result;
  });
}
