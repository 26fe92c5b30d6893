import type { ModelManifest } from './model-manifest.js';

/** A manifest as models/cosmos-reason2-2b.yaml describes it, for pure tests. */
export function manifestFixture(overrides: Partial<ModelManifest> = {}): ModelManifest {
  return {
    id: 'nvidia/Cosmos-Reason2-2B',
    name: 'Cosmos Reason 2 (2B)',
    hfRepo: 'nvidia/Cosmos-Reason2-2B',
    defaultBackend: 'openai',
    onnx: { folder: 'nvidia/Cosmos-Reason2-2B', dtype: 'q4' },
    prompt: {
      system: 'You are a helpful assistant.',
      reasoningSuffix:
        'Answer the question using the following format: <think> Your reasoning. </think> Write your final answer immediately after the </think> tag.',
    },
    sampling: {
      reasoning: { temperature: 0.6, topP: 0.95, topK: 20 },
      plain: { temperature: 0.7, topP: 0.8, topK: 20, presencePenalty: 1.5 },
    },
    maxTokens: 4096,
    vision: { tokenBudget: 1600, patchSize: 16, mergeSize: 2 },
    ...overrides,
  };
}
