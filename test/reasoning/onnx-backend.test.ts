/**
 * The onnx backend against real transformers.js + onnxruntime-node, on a tiny Qwen3-VL model folder with the
 * real export's layout: processor → vision encoder → decoder generate, all in process.
 */
import { rm, unlink, writeFile, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxReasoner, type OnnxReasoner } from '../../server/src/reasoning/backends/onnx-reasoner.adapter.js';
import { parseReply } from '../../server/src/reasoning/cosmos/reply-parser.js';
import { ReasonerError, type ModelPrompt, type PromptImage } from '../../server/src/reasoning/reasoner.js';
import { TINY_REPLY, buildTinyQwen3VlModel, replyTokenCount } from './tiny-qwen3-vl/build-tiny-model.js';

const Q4_REPLY = '<think> q4 weights </think> []';

async function frame(atSeconds: number, width: number, height: number, red: number): Promise<PromptImage> {
  const jpeg = await sharp({ create: { width, height, channels: 3, background: { r: red, g: 90, b: 40 } } })
    .jpeg()
    .toBuffer();
  return { atSeconds, width, height, jpeg };
}

function prompt(images: PromptImage[], overrides: Partial<ModelPrompt['sampling']> = {}): ModelPrompt {
  return {
    system: 'You are a helpful assistant.',
    images,
    text: 'Is a person inside the zone? Answer using the following format: <think> Your reasoning. </think>',
    reasoning: true,
    sampling: { temperature: 0.6, topP: 0.95, topK: 20, presencePenalty: 1.5, maxTokens: 4096, ...overrides },
  };
}

async function rejection(promise: Promise<unknown>): Promise<ReasonerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReasonerError);
  return error as ReasonerError;
}

const folders: string[] = [];
const reasoners: OnnxReasoner[] = [];
function track(reasoner: OnnxReasoner): OnnxReasoner {
  reasoners.push(reasoner);
  return reasoner;
}

let modelDir: string;
let frames: PromptImage[];

beforeAll(async () => {
  modelDir = await buildTinyQwen3VlModel({
    weights: [
      { suffix: '', reply: TINY_REPLY },
      { suffix: '_q4', reply: Q4_REPLY },
    ],
  });
  folders.push(modelDir);
  // 96×64 → 3×2 visual tokens, 128×64 → 4×2 (one token per 32×32 px)
  frames = [await frame(0, 96, 64, 200), await frame(1.5, 128, 64, 30)];
});

afterAll(async () => {
  await Promise.all(reasoners.map((r) => r.close()));
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('onnx reasoner on a local Qwen3-VL folder', () => {
  it('sends frames through processor, vision encoder and decoder and returns the whole reply text', async () => {
    const reasoner = track(createOnnxReasoner({ dir: modelDir }));
    const reply = await reasoner.complete(prompt(frames), {});
    expect(reply.content).toBe(TINY_REPLY);
    expect(reply.reasoning).toBeNull();
    expect(reply.modelId).toBe(basename(modelDir));
    expect(reply.completionTokens).toBe(replyTokenCount(TINY_REPLY));
    const parsed = parseReply(reply, ['person-in-zone']);
    expect(parsed).toMatchObject({ ok: true, thinking: 'a person is inside the zone' });
    expect(parsed.ok && parsed.verdicts[0]).toMatchObject({ hazard: 'person-in-zone', present: true, confidence: 0.9 });

    // each frame adds its "<t seconds>" text and vision_start + one image_pad per 32×32 px + vision_end
    const textOnly = await reasoner.complete(prompt([]), {});
    const frameTokens = '<0.0 seconds>'.length + (2 + 6) + '<1.5 seconds>'.length + (2 + 8);
    expect((reply.promptTokens ?? 0) - (textOnly.promptTokens ?? 0)).toBe(frameTokens);
  });

  it('gives the same scripted reply greedily and without a presence penalty', async () => {
    const reasoner = track(createOnnxReasoner({ dir: modelDir, modelId: 'cosmos-test' }));
    const greedy = await reasoner.complete(prompt(frames, { temperature: 0, presencePenalty: 0 }), {});
    expect(greedy.content).toBe(TINY_REPLY);
    expect(greedy.modelId).toBe('cosmos-test');
  });

  it('stops at maxTokens', async () => {
    const reasoner = track(createOnnxReasoner({ dir: modelDir }));
    const reply = await reasoner.complete(prompt(frames, { maxTokens: 9 }), {});
    expect(reply.completionTokens).toBe(9);
    expect(reply.content).toBe(TINY_REPLY.slice(0, '<think>'.length + 8));
  });

  it('reports loading, then ok, then off after close', async () => {
    const reasoner = createOnnxReasoner({ dir: modelDir });
    const first = await reasoner.probe();
    expect(first).toMatchObject({ backend: 'onnx', state: 'loading', modelId: basename(modelDir) });
    await reasoner.load();
    expect((await reasoner.probe()).state).toBe('ok');
    await reasoner.close();
    expect((await reasoner.probe()).state).toBe('off');
    expect((await rejection(reasoner.complete(prompt(frames), {}))).kind).toBe('off');
  });

  it('loads the files of the chosen dtype', async () => {
    const reasoner = track(createOnnxReasoner({ dir: modelDir, dtype: 'q4' }));
    expect((await reasoner.complete(prompt(frames), {})).content).toBe(Q4_REPLY);
  });

  it('names the dtype files it looked for when they are absent', async () => {
    const reasoner = track(createOnnxReasoner({ dir: modelDir, dtype: 'q4f16' }));
    const health = await reasoner.probe();
    expect(health.state).toBe('unreachable');
    expect(health.detail).toContain('onnx/embed_tokens_q4f16.onnx');
    expect(health.detail).toContain('onnx/decoder_model_merged_q4f16.onnx');
    expect(health.detail).toContain('dtype q4f16');
    const error = await rejection(reasoner.load());
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain('onnx/vision_encoder_q4f16.onnx');
  });
});

describe('onnx reasoner with an incomplete folder', () => {
  it('names the missing file, and loads once it is back', async () => {
    const dir = await buildTinyQwen3VlModel();
    folders.push(dir);
    const visionFile = join(dir, 'onnx', 'vision_encoder.onnx');
    const visionBytes = await readFile(visionFile);
    await unlink(visionFile);
    await unlink(join(dir, 'preprocessor_config.json'));

    const reasoner = track(createOnnxReasoner({ dir }));
    const health = await reasoner.probe();
    expect(health.state).toBe('unreachable');
    expect(health.detail).toBe(
      `model folder ${dir} is missing preprocessor_config.json, onnx/vision_encoder.onnx ` +
        '(dtype fp32 reads onnx/<session>.onnx)',
    );
    const error = await rejection(reasoner.complete(prompt(frames), {}));
    expect(error.kind).toBe('unreachable');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('onnx/vision_encoder.onnx');

    await writeFile(visionFile, visionBytes);
    expect((await reasoner.probe()).detail).toContain('is missing preprocessor_config.json');
    await buildTinyQwen3VlModel({ dir });
    expect((await reasoner.complete(prompt(frames), {})).content).toBe(TINY_REPLY);
  });

  it('reports a folder whose weights cannot be read', async () => {
    const dir = await buildTinyQwen3VlModel();
    folders.push(dir);
    await writeFile(join(dir, 'onnx', 'decoder_model_merged.onnx'), 'not an onnx file');
    const reasoner = track(createOnnxReasoner({ dir }));
    const error = await rejection(reasoner.load());
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain(`could not load model from ${dir}`);
    const health = await reasoner.probe();
    expect(health.state).toBe('unreachable');
    expect(health.detail).toBe(error.message);
  });
});

describe('onnx reasoner call control', () => {
  let endlessDir: string;
  beforeAll(async () => {
    endlessDir = await buildTinyQwen3VlModel({ endless: true });
    folders.push(endlessDir);
  });

  it('rejects at once when already aborted', async () => {
    const reasoner = track(createOnnxReasoner({ dir: endlessDir }));
    const error = await rejection(reasoner.complete(prompt(frames), { signal: AbortSignal.abort() }));
    expect(error.kind).toBe('aborted');
  });

  it('stops a running generation on abort and frees the model for the next call', async () => {
    const reasoner = track(createOnnxReasoner({ dir: endlessDir }));
    await reasoner.load();
    const controller = new AbortController();
    const endless = rejection(
      reasoner.complete(prompt(frames, { maxTokens: 10_000_000 }), { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 100);
    const error = await endless;
    expect(error.kind).toBe('aborted');
    expect(error.retryable).toBe(false);
    // this call waits its turn: it can only finish if the aborted generation really stopped
    const next = await reasoner.complete(prompt(frames, { maxTokens: 5 }), {});
    expect(next.completionTokens).toBe(5);
  });

  it('ends a running generation when closed', async () => {
    const reasoner = createOnnxReasoner({ dir: endlessDir });
    await reasoner.load();
    const endless = reasoner.complete(prompt(frames, { maxTokens: 10_000_000 }), {});
    const outcome = rejection(endless);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await reasoner.close();
    expect((await outcome).kind).toBe('off');
  });

  it('times out with a retryable error', async () => {
    const reasoner = track(createOnnxReasoner({ dir: endlessDir }));
    const error = await rejection(reasoner.complete(prompt(frames, { maxTokens: 10_000_000 }), { timeoutMs: 200 }));
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('runs concurrent calls one after another, each with its own reply', async () => {
    const reasoner = track(createOnnxReasoner({ dir: modelDir }));
    const replies = await Promise.all([
      reasoner.complete(prompt(frames, { maxTokens: 3 }), {}),
      reasoner.complete(prompt(frames), {}),
    ]);
    expect(replies.map((r) => r.completionTokens)).toEqual([3, replyTokenCount(TINY_REPLY)]);
    expect(replies[1]?.content).toBe(TINY_REPLY);
  });
});
