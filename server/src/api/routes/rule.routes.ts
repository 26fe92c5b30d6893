import type { FastifyInstance } from 'fastify';
import { RuleValidateBody, type RulePackListDto, type RuleValidateResultDto } from '../../contracts/index.js';
import type { ApiDeps } from '../deps.js';
import { parseInput } from '../validation.js';

export const YAML_CONTENT_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const DEFAULT_FILE = 'input.yaml';

/** `/api/rules`: the loaded packs with their errors, and a dry-run validator for a pack's text. */
export function registerRuleRoutes(api: FastifyInstance, deps: ApiDeps): void {
  api.get('/rules', async (): Promise<RulePackListDto> => ({ items: deps.rules.packs() }));

  api.post('/rules/validate', async (request): Promise<RuleValidateResultDto> => {
    const input =
      typeof request.body === 'string'
        ? { file: DEFAULT_FILE, text: request.body }
        : parseInput(RuleValidateBody, request.body ?? {}, 'body');
    const result = deps.rules.validate(input.file ?? DEFAULT_FILE, input.text);
    return { ok: result.ok, errors: result.errors };
  });
}
