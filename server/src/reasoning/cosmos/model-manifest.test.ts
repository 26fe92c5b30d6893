import { describe, expect, it } from 'vitest';
import { manifestFixture } from './manifest-fixture.test-util.js';
import { parseModelManifest, samplingFor, sameModelId, tokenSide } from './model-manifest.js';

const GOOD = `id: nvidia/Cosmos-Reason2-2B
name: Cosmos Reason 2 (2B)
hfRepo: nvidia/Cosmos-Reason2-2B
defaultBackend: openai
onnx:
  folder: nvidia/Cosmos-Reason2-2B
prompt:
  system: You are a helpful assistant.
  reasoningSuffix: "Answer the question using the following format: <think> Your reasoning. </think> Write your final answer immediately after the </think> tag."
sampling:
  reasoning: { temperature: 0.6, topP: 0.95, topK: 20 }
  plain: { temperature: 0.7, topP: 0.8, topK: 20, presencePenalty: 1.5 }
maxTokens: 4096
`;

describe('parseModelManifest', () => {
  it('reads a manifest and fills the vision and onnx defaults', () => {
    const result = parseModelManifest('m.yaml', GOOD);
    expect(result).toEqual({ ok: true, manifest: manifestFixture() });
  });

  it('names file:line:column of a wrong value', () => {
    const result = parseModelManifest('models/m.yaml', GOOD.replace('topK: 20 }\n  plain', 'topK: 0 }\n  plain'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: 'models/m.yaml', line: 11 });
    expect(result.errors[0]!.message).toContain('sampling.reasoning.topK');
  });

  it('points at an unknown key itself', () => {
    const result = parseModelManifest('m.yaml', `${GOOD}vision:\n  tokenBudget: 800\n  patchsize: 14\n`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ file: 'm.yaml', line: 16, column: 3, message: 'unknown key "vision.patchsize"' }]);
  });

  it('points at the mapping that lacks a required key', () => {
    const result = parseModelManifest('m.yaml', GOOD.replace('  system: You are a helpful assistant.\n', ''));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ line: 8 });
    expect(result.errors[0]!.message).toContain('prompt.system');
  });

  it('reports broken YAML with its line', () => {
    const result = parseModelManifest('m.yaml', 'id: a/b\nname: [unclosed\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses a suffix that does not ask for </think>', () => {
    const result = parseModelManifest('m.yaml', GOOD.replace(/reasoningSuffix: .*/, 'reasoningSuffix: Think first.'));
    expect(result.ok).toBe(false);
  });

  it('refuses a file that is not a mapping', () => {
    expect(parseModelManifest('m.yaml', '- a\n- b\n')).toMatchObject({ ok: false, errors: [{ line: 1 }] });
  });
});

describe('samplingFor', () => {
  it('gives NVIDIA sampling per mode with the manifest token limit', () => {
    const manifest = manifestFixture();
    expect(samplingFor(manifest, true)).toEqual({ temperature: 0.6, topP: 0.95, topK: 20, maxTokens: 4096 });
    expect(samplingFor(manifest, false)).toEqual({ temperature: 0.7, topP: 0.8, topK: 20, presencePenalty: 1.5, maxTokens: 4096 });
  });
});

describe('model ids', () => {
  it('compare without case and give 32 px per token side', () => {
    expect(sameModelId('nvidia/cosmos-reason2-2b', 'nvidia/Cosmos-Reason2-2B')).toBe(true);
    expect(sameModelId('nvidia/Cosmos-Reason2-8B', 'nvidia/Cosmos-Reason2-2B')).toBe(false);
    expect(tokenSide(manifestFixture())).toBe(32);
  });
});
