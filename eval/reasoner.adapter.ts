import { VigilError } from '../server/src/domain/index.js';
import { createOnnxReasoner } from '../server/src/reasoning/backends/onnx-reasoner.adapter.js';
import { resolveEndpoint } from '../server/src/reasoning/backends/openai-endpoint.js';
import { createOpenAiReasoner } from '../server/src/reasoning/backends/openai-reasoner.adapter.js';
import { findManifest, type ModelManifest } from '../server/src/reasoning/cosmos/index.js';
import { ReasonerError, type Reasoner } from '../server/src/reasoning/reasoner.js';
import type { ReasonerSettings } from './eval-args.js';

/** The backend cannot be used: not running, not serving the model, or its model files do not load. */
export class BackendUnreachableError extends Error {
  override readonly name = 'BackendUnreachableError';
}

export interface OpenedBackend {
  reasoner: Reasoner;
  manifest: ModelManifest;
  /** Where the model runs, safe to print: the server URL without credentials, or the model folder. */
  where: string;
}

/**
 * The reasoner the settings describe, checked ready before any clip is decoded: the server lists the model
 * (openai), or the model loads (onnx). Throws VigilError for settings at fault, BackendUnreachableError otherwise.
 */
export async function openBackend(settings: ReasonerSettings): Promise<OpenedBackend> {
  const manifest = await findManifest(settings.manifestsDir, settings.model);
  if (!manifest) {
    throw new VigilError('invalid_input', `no model manifest in ${settings.manifestsDir} has the id "${settings.model}"; pass --model with one of the ids in models/*.yaml`);
  }
  const timeoutMs = settings.scheduler.callTimeoutMs;
  if (settings.backend === 'openai') {
    const reasoner = createOpenAiReasoner({ url: settings.url, model: settings.model, media: 'images', ...(settings.apiKey ? { apiKey: settings.apiKey } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
    const where = resolveEndpoint(settings.url, settings.apiKey).shown;
    const health = await reasoner.probe();
    if (health.state !== 'ok') {
      await reasoner.close();
      const detail = health.detail ?? `no usable answer from ${where}`;
      throw new BackendUnreachableError(health.state === 'loading' ? `the model server is still loading the model (try again shortly): ${detail}` : detail);
    }
    return { reasoner, manifest, where };
  }
  const reasoner = createOnnxReasoner({ dir: settings.onnxDir, dtype: settings.dtype ?? manifest.onnx.dtype, device: settings.device, modelId: settings.model });
  try {
    await reasoner.load();
  } catch (err) {
    await reasoner.close();
    throw new BackendUnreachableError(`the ONNX model in ${settings.onnxDir} cannot be used: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { reasoner, manifest, where: settings.onnxDir };
}

/** A failed call that means the backend is gone, not that one window went wrong. */
export function isBackendGone(err: unknown): boolean {
  return err instanceof ReasonerError && (err.kind === 'unreachable' || err.kind === 'off');
}
