import { performance } from 'node:perf_hooks';
import type { Frame, Observation, Window } from '../domain/index.js';
import { buildPrompt, parseReply, planVisionBudget, tokenSide, type HazardQuestion, type ModelManifest } from './cosmos/index.js';
import type { ModelReply, PromptImage, Reasoner } from './reasoner.js';

export interface WindowAnalyzerOptions {
  reasoner: Reasoner;
  manifest: ModelManifest;
  /** Ask for `<think>…</think>` before the answer. */
  reasoning: boolean;
  visionTokenBudget: number;
  /** Encodes a frame as JPEG at exactly this size (imaging/jpeg.adapter in the product). */
  encode(frame: Frame, size: { width: number; height: number }): Promise<Buffer>;
  /**
   * For a model server that takes video (`media: video`): the picked frames as one clip at the planned size.
   * The frames still go as images too; the backend sends whichever its settings ask for.
   */
  video?(frames: readonly Frame[], size: { width: number; height: number }): Promise<{ mp4: Buffer; fps: number }>;
}

export interface AnalyzeInput {
  camera: { id: string; name: string };
  window: Window;
  hazards: readonly HazardQuestion[];
}

/** One window's trip through the model; `ok` false when the reply could not be read (nothing is observed). */
export interface WindowAnalysis {
  cameraId: string;
  windowEnd: number;
  ok: boolean;
  observations: Observation[];
  /** Why the reply could not be read, in words. */
  error: string | null;
  /** Asked hazards the reply said nothing usable about. */
  missing: string[];
  /** What the parser mended or dropped. */
  problems: string[];
  reply: ModelReply;
  promptHash: string;
  visionTokens: number;
  frameTimes: number[];
  /** Vigil's own time: choosing and encoding frames and building the prompt; reading the reply. */
  timings: { prepareMs: number; modelMs: number; parseMs: number };
}

/**
 * The work for one window: pick and size the frames within the vision-token budget, ask every hazard in one
 * call, and read the answer into observations. A failed call throws (the scheduler retries it); an unreadable
 * reply does not, since asking again is unlikely to help: it comes back with ok false.
 */
export class WindowAnalyzer {
  constructor(private readonly options: WindowAnalyzerOptions) {}

  get modelId(): string {
    return this.options.reasoner.modelId ?? this.options.manifest.id;
  }

  async analyze(input: AnalyzeInput, signal?: AbortSignal): Promise<WindowAnalysis> {
    const { reasoner, manifest, reasoning, visionTokenBudget } = this.options;
    const { window, camera, hazards } = input;
    if (window.frames.length === 0) throw new RangeError(`window of ${window.cameraId} has no frames`);
    const prepareStarted = performance.now();
    const plan = planVisionBudget(window.frames, { budget: visionTokenBudget, tokenSide: tokenSide(manifest) });
    const picked = plan.picks.map((pick) => ({ pick, frame: window.frames[pick.index]! }));
    const images: PromptImage[] = await Promise.all(
      picked.map(async ({ pick, frame }) => ({
        atSeconds: Math.max(0, (frame.ts - window.start) / 1000),
        width: pick.width,
        height: pick.height,
        jpeg: await this.options.encode(frame, { width: pick.width, height: pick.height }),
      })),
    );
    const built = buildPrompt({ camera, hazards, images, reasoning, manifest });
    if (this.options.video && plan.picks.length > 0) {
      const size = { width: plan.picks[0]!.width, height: plan.picks[0]!.height };
      built.prompt.video = await this.options.video(picked.map(({ frame }) => frame), size);
    }
    const prepareMs = performance.now() - prepareStarted;

    const modelStarted = performance.now();
    const reply = await reasoner.complete(built.prompt, signal ? { signal } : {});
    const modelMs = performance.now() - modelStarted;

    const parseStarted = performance.now();
    const parsed = parseReply(reply, hazards.map((h) => h.hazard));
    const frameTimes = picked.map(({ frame }) => frame.ts);
    const seenAt = frameTimes.at(-1)!;
    const base = {
      cameraId: camera.id,
      windowEnd: window.end,
      reply,
      promptHash: built.promptHash,
      visionTokens: built.visionTokens,
      frameTimes,
    };
    if (!parsed.ok) {
      return { ...base, ok: false, observations: [], error: parsed.error, missing: hazards.map((h) => h.hazard), problems: [], timings: { prepareMs, modelMs, parseMs: performance.now() - parseStarted } };
    }
    const toMs = (seconds: number) => Math.round(window.start + seconds * 1000);
    const observations: Observation[] = parsed.verdicts.map((verdict) => ({
      cameraId: camera.id,
      ts: seenAt,
      hazard: verdict.hazard,
      present: verdict.present,
      confidence: verdict.confidence,
      boxes: verdict.boxes,
      span: verdict.span ? { start: toMs(verdict.span.start), end: toMs(verdict.span.end) } : null,
      reason: verdict.reason,
      thinking: parsed.thinking,
      modelId: reply.modelId || this.modelId,
      promptHash: built.promptHash,
      frameTimes,
    }));
    return { ...base, ok: true, observations, error: null, missing: parsed.missing, problems: parsed.problems, timings: { prepareMs, modelMs, parseMs: performance.now() - parseStarted } };
  }
}
