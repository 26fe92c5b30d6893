import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { newSecret, scopesAbove, sha256Hex } from '../../auth/index.js';
import { TokenCreate, type ApiTokenCreatedDto, type ApiTokenListDto } from '../../contracts/index.js';
import { invalidInput, notFound, VigilError } from '../../domain/index.js';
import { apiTokenToDto } from '../access-dto.js';
import { principalOf } from '../auth.js';
import { recordAudit } from '../../audit/audit-service.js';
import type { ApiDeps } from '../deps.js';
import { parseInput } from '../validation.js';

const TokenParams = z.object({ id: z.uuid('not a token id') });
/** Stored tokens start with this, so a leaked one is recognisable (secret scanners, logs). */
const TOKEN_PREFIX = 'vigil_';

/**
 * `/api/tokens`: API tokens for scripts and integrations. Anyone signed in manages their own (scopes up to what they
 * may do themselves); admins see and revoke everyone's.
 */
export function registerTokenRoutes(api: FastifyInstance, deps: ApiDeps, options: { disconnectUser: (userId: string) => void }): void {
  const { store } = deps;
  const anyone = { config: { access: 'read' as const } };

  api.get('/tokens', anyone, async (request): Promise<ApiTokenListDto> => {
    const principal = principalOf(request);
    if (principal.access !== 'admin' && !principal.user) return { items: [] };
    const items = await store.apiTokens.list(principal.access === 'admin' ? undefined : principal.user!.id);
    return { items: items.map(apiTokenToDto) };
  });

  api.post('/tokens', anyone, async (request, reply) => {
    const principal = principalOf(request);
    const input = parseInput(TokenCreate, request.body ?? {}, 'body');
    if (!principal.user) throw new VigilError('forbidden', 'the root API token belongs to no user: sign in as a user to make tokens');
    const above = scopesAbove(principal.access, input.scopes);
    if (above.length > 0) throw new VigilError('forbidden', `you cannot give a token more than you may do yourself: ${above.join(', ')}`);
    const expiresAt = input.expiresAt === undefined ? null : Date.parse(input.expiresAt);
    if (expiresAt !== null && expiresAt <= Date.now()) throw invalidInput('invalid body: expiresAt: must be in the future', { fields: [{ path: 'expiresAt', message: 'must be in the future' }] });
    const secret = newSecret(TOKEN_PREFIX);
    const token = await store.apiTokens.create({
      userId: principal.user.id,
      name: input.name,
      tokenSha256: sha256Hex(secret),
      scopes: input.scopes,
      expiresAt,
      createdAt: Date.now(),
    });
    await recordAudit(deps.audit, {
      actor: principal.auditActor,
      action: 'token.create',
      targetType: 'api_token',
      targetId: token.id,
      details: { name: token.name, scopes: token.scopes, user: token.username },
    }, deps.logger);
    const body: ApiTokenCreatedDto = { token: apiTokenToDto(token), secret };
    return reply.code(201).header('Cache-Control', 'no-store').send(body);
  });

  api.delete('/tokens/:id', anyone, async (request, reply) => {
    const principal = principalOf(request);
    const { id } = parseInput(TokenParams, request.params, 'params');
    const token = await store.apiTokens.get(id);
    // Someone else's token does not exist for a non-admin.
    if (!token || (principal.access !== 'admin' && token.userId !== principal.user?.id)) throw notFound('token', id);
    await store.apiTokens.revoke(id, Date.now());
    options.disconnectUser(token.userId);
    await recordAudit(deps.audit, {
      actor: principal.auditActor,
      action: 'token.revoke',
      targetType: 'api_token',
      targetId: token.id,
      details: { name: token.name, user: token.username },
    }, deps.logger);
    return reply.code(204).send();
  });
}
