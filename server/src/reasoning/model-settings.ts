import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Env, SiteConfig } from '../config/index.js';
import { VigilError } from '../domain/index.js';
import type { SchedulerSettingsInput } from './scheduler/index.js';

type ModelConfig = SiteConfig['model'];

/** The manifests shipped with Vigil (models/ at the repository root). */
export const BUILT_IN_MANIFESTS = fileURLToPath(new URL('../../../models/', import.meta.url));

export type ModelSettings =
  | { backend: 'none'; model: string }
  | (Common & { backend: 'openai'; url: string; apiKey?: string; media: 'images' | 'video' })
  | (Common & { backend: 'onnx'; onnxDir: string; dtype?: NonNullable<ModelConfig['dtype']>; device: ModelConfig['device'] });

interface Common {
  model: string;
  reasoning: boolean;
  visionTokens: number;
  manifestsDir: string;
  scheduler: SchedulerSettingsInput;
}

/**
 * The model settings in force: vigil.yaml's `model`, with COSMOS_* from the environment taking precedence.
 * A COSMOS_URL (or COSMOS_ONNX_DIR) alone turns the openai (or onnx) backend on when vigil.yaml says none.
 */
export function resolveModelSettings(
  config: ModelConfig,
  env: Pick<Env, 'COSMOS_URL' | 'COSMOS_MODEL' | 'COSMOS_API_KEY' | 'COSMOS_ONNX_DIR'>,
  configDir: string,
  builtInManifests = BUILT_IN_MANIFESTS,
): ModelSettings {
  const url = env.COSMOS_URL ?? config.url;
  const onnxDir = env.COSMOS_ONNX_DIR ?? config.onnxDir;
  const model = env.COSMOS_MODEL ?? config.model;
  const apiKey = env.COSMOS_API_KEY ?? config.apiKey;
  let backend = config.backend;
  if (backend === 'none' && env.COSMOS_URL) backend = 'openai';
  else if (backend === 'none' && env.COSMOS_ONNX_DIR) backend = 'onnx';
  if (backend === 'none') return { backend, model };

  const common: Common = {
    model,
    reasoning: config.reasoning,
    visionTokens: config.visionTokens,
    manifestsDir: config.manifests ? resolve(configDir, config.manifests) : builtInManifests,
    scheduler: {
      concurrency: config.concurrency,
      heartbeatMs: config.heartbeat === 'off' ? null : config.heartbeat,
      callTimeoutMs: config.timeout,
    },
  };
  if (backend === 'openai') {
    if (!url) throw new VigilError('invalid_config', 'model.backend is openai but no server URL is set: set model.url in vigil.yaml or COSMOS_URL');
    return { ...common, backend, url, media: config.media, ...(apiKey ? { apiKey } : {}) };
  }
  if (!onnxDir) throw new VigilError('invalid_config', 'model.backend is onnx but no model folder is set: set model.onnxDir in vigil.yaml or COSMOS_ONNX_DIR');
  return { ...common, backend, onnxDir: resolve(configDir, onnxDir), device: config.device, ...(config.dtype ? { dtype: config.dtype } : {}) };
}
