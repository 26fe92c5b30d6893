import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelSchema } from '../config/site-schema.js';
import { BUILT_IN_MANIFESTS, resolveModelSettings } from './model-settings.js';

const model = (input: Record<string, unknown> = {}) => modelSchema.parse(input);

describe('resolveModelSettings', () => {
  it('keeps reasoning off by default', () => {
    expect(resolveModelSettings(model(), {}, '/site')).toEqual({ backend: 'none', model: 'nvidia/Cosmos-Reason2-2B' });
  });

  it('turns the openai backend on from COSMOS_URL, with the environment taking precedence', () => {
    const settings = resolveModelSettings(model({ url: 'http://yaml:8000', timeout: '10s', heartbeat: 'off', manifests: 'models' }), { COSMOS_URL: 'http://gpu:8000/v1', COSMOS_API_KEY: 'k', COSMOS_MODEL: 'nvidia/Cosmos-Reason2-8B' }, '/site');
    expect(settings).toMatchObject({
      backend: 'openai',
      url: 'http://gpu:8000/v1',
      apiKey: 'k',
      model: 'nvidia/Cosmos-Reason2-8B',
      manifestsDir: '/site/models',
      scheduler: { concurrency: 1, heartbeatMs: null, callTimeoutMs: 10_000 },
    });
  });

  it('resolves the onnx folder against the config folder', () => {
    expect(resolveModelSettings(model({ backend: 'onnx', onnxDir: 'weights/cr2', dtype: 'q4' }), {}, '/site')).toMatchObject({ backend: 'onnx', onnxDir: '/site/weights/cr2', dtype: 'q4', device: 'cpu' });
    expect(existsSync(join(BUILT_IN_MANIFESTS, 'cosmos-reason2-2b.yaml'))).toBe(true);
  });

  it('says which setting is missing', () => {
    expect(() => resolveModelSettings(model({ backend: 'openai' }), {}, '/site')).toThrow(/set model.url in vigil.yaml or COSMOS_URL/);
    expect(() => resolveModelSettings(model({ backend: 'onnx' }), {}, '/site')).toThrow(/set model.onnxDir in vigil.yaml or COSMOS_ONNX_DIR/);
  });
});
