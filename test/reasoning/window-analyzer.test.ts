import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Window } from '../../server/src/domain/index.js';
import { encodeFrameJpeg, encodeWindowVideo } from '../../server/src/imaging/index.js';
import { createOpenAiReasoner } from '../../server/src/reasoning/backends/openai-reasoner.adapter.js';
import { loadModelManifest } from '../../server/src/reasoning/cosmos/index.js';
import { BUILT_IN_MANIFESTS } from '../../server/src/reasoning/model-settings.js';
import { ReasonerError } from '../../server/src/reasoning/reasoner.js';
import { WindowAnalyzer } from '../../server/src/reasoning/window-analyzer.js';
import { decodeDataUrl, startChatCompletionsPeer, type ChatCompletionsPeer } from './peers/chat-completions-server.js';

const MODEL = 'nvidia/Cosmos-Reason2-2B';
const START = Date.UTC(2026, 2, 3, 10, 0, 0);

/** A 640x360 I420 frame: a brightness ramp that moves with `k`, gray chroma. */
function frame(k: number): Frame {
  const width = 640;
  const height = 360;
  const i420 = new Uint8Array(width * height * 1.5).fill(128);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) i420[y * width + x] = 16 + ((x + k * 40) % 200);
  return { cameraId: 'dock-1', ts: START + k * 500, width, height, i420 };
}

const window: Window = { cameraId: 'dock-1', start: START, end: START + 3500, frames: Array.from({ length: 8 }, (_, k) => frame(k)) };
const hazards = [
  { hazard: 'person-in-zone', ask: 'Is a person inside the marked zone?', zones: [{ id: 'dock-edge', name: 'Dock edge' }] },
  { hazard: 'spill', ask: 'Is there a spill or leak on the floor?', zones: [] },
];

const reply = (content: string, reasoning: string | null = null) =>
  JSON.stringify({ model: MODEL, choices: [{ index: 0, message: { role: 'assistant', content, reasoning_content: reasoning } }] });

describe('WindowAnalyzer with the openai backend', () => {
  let peer: ChatCompletionsPeer;
  let analyzer: WindowAnalyzer;

  beforeAll(async () => {
    peer = await startChatCompletionsPeer({ models: [MODEL] });
    analyzer = new WindowAnalyzer({
      reasoner: createOpenAiReasoner({ url: peer.url, model: MODEL, timeoutMs: 5000 }),
      manifest: await loadModelManifest(`${BUILT_IN_MANIFESTS}/cosmos-reason2-2b.yaml`),
      reasoning: true,
      visionTokenBudget: 1600,
      encode: async (f, size) => (await encodeFrameJpeg(f, { size })).jpeg,
    });
  });

  afterAll(async () => peer?.close());

  it('sends the frames within the token budget, timestamped, and reads the answer into observations', async () => {
    peer.scenario = {
      kind: 'garbage',
      body: reply(
        '[{"hazard":"person-in-zone","present":true,"confidence":0.8,"boxes":[{"bbox_2d":[600,500,800,950],"label":"person"}],"start":"00:01.50","end":"00:03.00","reason":"a worker steps past the yellow line"},' +
          '{"hazard":"spill","present":false,"confidence":0.9,"boxes":[],"start":null,"end":null,"reason":"the floor is dry"}]',
        'The worker walks from the left into the marked area.',
      ),
    };
    const analysis = await analyzer.analyze({ camera: { id: 'dock-1', name: 'Loading dock 1' }, window, hazards });

    expect(analysis.ok).toBe(true);
    expect(analysis.visionTokens).toBeLessThanOrEqual(1600);
    const request = peer.requests.at(-1)!;
    const parts = (request.body as { messages: { content: { type: string; text?: string; image_url?: { url: string } }[] }[] }).messages[1]!.content;
    const images = parts.filter((p) => p.type === 'image_url');
    expect(images.length).toBe(analysis.frameTimes.length);
    expect(analysis.frameTimes.at(-1)).toBe(window.frames.at(-1)!.ts);
    const stamps = parts.filter((p, i) => p.type === 'text' && parts[i + 1]?.type === 'image_url').map((p) => Number(/<([\d.]+) seconds>/.exec(p.text!)![1]));
    expect(stamps).toEqual(analysis.frameTimes.map((t) => (t - START) / 1000));
    let tokens = 0;
    for (const image of images) {
      const meta = await sharp(decodeDataUrl(image.image_url!.url).bytes).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.width! % 32 + meta.height! % 32).toBe(0);
      tokens += (meta.width! / 32) * (meta.height! / 32);
    }
    expect(tokens).toBe(analysis.visionTokens);
    expect(parts.at(-1)!.text).toMatch(/Dock edge/);

    const [inZone, spill] = analysis.observations;
    expect(inZone).toMatchObject({
      cameraId: 'dock-1',
      hazard: 'person-in-zone',
      present: true,
      confidence: 0.8,
      boxes: [{ x1: 600, y1: 500, x2: 800, y2: 950, label: 'person' }],
      span: { start: START + 1500, end: START + 3000 },
      thinking: 'The worker walks from the left into the marked area.',
      modelId: MODEL,
      promptHash: analysis.promptHash,
      ts: START + 3500,
    });
    expect(spill).toMatchObject({ hazard: 'spill', present: false, span: null });
    expect(analysis.timings.prepareMs).toBeGreaterThan(0);
  });

  it('gives back an unreadable reply without observations instead of throwing', async () => {
    peer.scenario = { kind: 'garbage', body: reply('I am sorry, I cannot assess this image.') };
    const analysis = await analyzer.analyze({ camera: { id: 'dock-1', name: 'Loading dock 1' }, window, hazards });
    expect(analysis).toMatchObject({ ok: false, observations: [], missing: ['person-in-zone', 'spill'] });
    expect(analysis.error).toBeTruthy();
  });

  it('throws a retryable error when the server fails, so the scheduler can try again', async () => {
    peer.scenario = { kind: 'status', status: 503, message: 'overloaded' };
    const failure = await analyzer.analyze({ camera: { id: 'dock-1', name: 'Loading dock 1' }, window, hazards }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ReasonerError);
    expect(failure).toMatchObject({ retryable: true });
  });

  it('sends the window as one video clip to a server set to media: video', async () => {
    const videoAnalyzer = new WindowAnalyzer({
      reasoner: createOpenAiReasoner({ url: peer.url, model: MODEL, timeoutMs: 5000, media: 'video' }),
      manifest: await loadModelManifest(`${BUILT_IN_MANIFESTS}/cosmos-reason2-2b.yaml`),
      reasoning: false,
      visionTokenBudget: 1600,
      encode: async (f, size) => (await encodeFrameJpeg(f, { size })).jpeg,
      video: (frames, size) => encodeWindowVideo(process.env.FFMPEG_PATH ?? 'ffmpeg', frames, size),
    });
    peer.scenario = { kind: 'reasoning-parser' };
    await videoAnalyzer.analyze({ camera: { id: 'dock-1', name: 'Loading dock 1' }, window, hazards });
    const body = peer.requests.at(-1)!.body as { messages: { content: { type: string; video_url?: { url: string } }[] }[]; mm_processor_kwargs?: { fps: number } };
    const parts = body.messages[1]!.content;
    expect(parts.map((p) => p.type)).toEqual(['video_url', 'text']);
    const clip = decodeDataUrl(parts[0]!.video_url!.url);
    expect(clip.mime).toBe('video/mp4');
    expect(clip.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(body.mm_processor_kwargs).toEqual({ fps: 2 });
  });
});
