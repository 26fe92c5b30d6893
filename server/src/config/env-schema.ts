import { z } from 'zod';
import { VigilError } from '../domain/index.js';

const optionalText = z.string().min(1).optional();

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  VIGIL_CONFIG: z.string().min(1).default('./vigil.yaml'),
  VIGIL_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  VIGIL_ROLE: z.enum(['all', 'edge', 'api']).default('all'),
  FFMPEG_PATH: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COSMOS_URL: optionalText,
  COSMOS_MODEL: optionalText,
  COSMOS_API_KEY: optionalText,
  COSMOS_ONNX_DIR: optionalText,
});

export type Env = z.output<typeof envSchema>;

/** Reads Vigil's variables; blank values count as unset. */
export function parseEnv(env: Record<string, string | undefined>): Env {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new VigilError('invalid_config', `invalid environment:\n${lines.join('\n')}`, parsed.error.issues);
}
