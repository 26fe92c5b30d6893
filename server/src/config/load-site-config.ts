import { VigilError } from '../domain/index.js';
import { siteConfigSchema, type SiteConfig } from './site-schema.js';
import { formatSourceError, parseYamlSource, zodSourceErrors, type SourceError, type YamlSource } from './yaml-source.js';

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export type ParseResult = { ok: true; config: SiteConfig } | { ok: false; errors: SourceError[] };

/**
 * Parses vigil.yaml text: YAML → ${VAR} substitution from `env` → zod. Pure: no file or process access.
 * Every error names file:line:column.
 */
export function parseSiteConfig(file: string, text: string, env: Record<string, string | undefined>): ParseResult {
  const source = parseYamlSource(file, text);
  if (source.syntaxErrors.length > 0) return { ok: false, errors: source.syntaxErrors };
  if (source.value === null || typeof source.value !== 'object') {
    return { ok: false, errors: [{ file, line: 1, column: 1, message: 'the file must be a YAML mapping with at least "site"' }] };
  }
  const missing: SourceError[] = [];
  const substituted = substitute(source.value, [], env, source, missing);
  if (missing.length > 0) return { ok: false, errors: missing };
  const parsed = siteConfigSchema.safeParse(substituted);
  if (!parsed.success) return { ok: false, errors: zodSourceErrors(source, parsed.error) };
  return { ok: true, config: parsed.data };
}

/** Throws one VigilError listing every problem, for start-up. */
export function parseSiteConfigOrThrow(file: string, text: string, env: Record<string, string | undefined>): SiteConfig {
  const result = parseSiteConfig(file, text, env);
  if (result.ok) return result.config;
  throw new VigilError('invalid_config', `invalid site config:\n${result.errors.map(formatSourceError).join('\n')}`, result.errors);
}

function substitute(
  value: unknown,
  path: PropertyKey[],
  env: Record<string, string | undefined>,
  source: YamlSource,
  missing: SourceError[],
): unknown {
  if (typeof value === 'string') {
    return value.replace(VARIABLE, (whole, name: string) => {
      const replacement = env[name];
      if (replacement === undefined) {
        missing.push({ file: source.file, ...source.positionOf(path), message: `${path.join('.')}: environment variable ${name} is not set` });
        return whole;
      }
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => substitute(item, [...path, index], env, source, missing));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, [...path, key], env, source, missing)]));
  }
  return value;
}
