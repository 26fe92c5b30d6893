import { join } from 'node:path';
import type { Box, Frame, Window } from '../server/src/domain/index.js';
import type { AnalyzeInput, WindowAnalysis } from '../server/src/reasoning/window-analyzer.js';
import { clipCameraId, clipQuestions, type EvalClip, type EvalSet } from './eval-set.js';
import { isPredictedPresent, overlapsAny, type HazardOutcome } from './scoring.js';
import { WindowCutter } from './window-cutter.js';

/** One hazard in one window: the truth, the prediction and what the reply said. Times in seconds from the clip's start. */
export interface HazardResult extends HazardOutcome {
  present: boolean | null;
  confidence: number | null;
  reason: string | null;
  boxes: Box[];
  span: { start: number; end: number } | null;
}

/** One window's trip through the model, as --json writes it. */
export interface WindowResult {
  clip: string;
  camera: string;
  /** 0 for the clip's first window. */
  index: number;
  start: number;
  end: number;
  /** Times of the frames the model was shown. */
  frameTimes: number[];
  outcome: 'ok' | 'unreadable' | 'failed';
  error: string | null;
  latencyMs: number | null;
  visionTokens: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  reply: { content: string; reasoning: string | null } | null;
  problems: string[];
  /** Empty for a failed call: a window the model never answered is not scored. */
  hazards: HazardResult[];
}

export interface RunEvalDeps {
  /** The clip's frames, stamped in ms from its start, oldest first. */
  frames(path: string, cameraId: string): AsyncIterable<Frame>;
  analyze(input: AnalyzeInput): Promise<WindowAnalysis>;
  /** Whether a failed call means the backend is gone (the run stops) rather than one window failing. */
  isFatal(err: unknown): boolean;
  onWindow?(result: WindowResult): void;
}

export interface RunEvalOptions {
  setDir: string;
  windowMs: number;
  fps: number;
  threshold: number;
}

/** Every clip of the set, window by window, one model call per window, in order. */
export async function runEval(set: EvalSet, options: RunEvalOptions, deps: RunEvalDeps): Promise<WindowResult[]> {
  const results: WindowResult[] = [];
  for (const clip of set.clips) {
    const cameraId = clipCameraId(clip);
    const cutter = new WindowCutter(cameraId, options.windowMs);
    let lastTs = -1;
    for await (const frame of deps.frames(join(options.setDir, clip.file), cameraId)) {
      lastTs = frame.ts;
      for (const window of cutter.push(frame)) results.push(await runWindow(clip, window, options, deps));
    }
    const last = cutter.finish(lastTs + 1000 / options.fps);
    if (last) results.push(await runWindow(clip, last, options, deps));
  }
  return results;
}

async function runWindow(clip: EvalClip, window: Window, options: RunEvalOptions, deps: RunEvalDeps): Promise<WindowResult> {
  const hazards = clipQuestions(clip);
  const base = {
    clip: clip.file,
    camera: clip.camera.name,
    index: Math.round(window.start / options.windowMs),
    start: window.start / 1000,
    end: window.end / 1000,
  };
  let analysis: WindowAnalysis;
  try {
    analysis = await analyzeWithOneRetry(deps, { camera: { id: window.cameraId, name: clip.camera.name }, window, hazards });
  } catch (err) {
    if (deps.isFatal(err)) throw err;
    const failed: WindowResult = {
      ...base, frameTimes: [], outcome: 'failed', error: err instanceof Error ? err.message : String(err),
      latencyMs: null, visionTokens: null, promptTokens: null, completionTokens: null, reply: null, problems: [], hazards: [],
    };
    deps.onWindow?.(failed);
    return failed;
  }
  const windowSpan = { start: base.start, end: base.end };
  const seconds = (ms: number) => ms / 1000;
  const result: WindowResult = {
    ...base,
    frameTimes: analysis.frameTimes.map(seconds),
    outcome: analysis.ok ? 'ok' : 'unreadable',
    error: analysis.error,
    latencyMs: analysis.reply.latencyMs,
    visionTokens: analysis.visionTokens,
    promptTokens: analysis.reply.promptTokens ?? null,
    completionTokens: analysis.reply.completionTokens ?? null,
    reply: { content: analysis.reply.content, reasoning: analysis.reply.reasoning },
    problems: analysis.problems,
    hazards: hazards.map(({ hazard }) => {
      const observation = analysis.observations.find((o) => o.hazard === hazard);
      return {
        hazard,
        truth: overlapsAny(windowSpan, clip.labels[hazard] ?? []),
        predicted: isPredictedPresent(observation, options.threshold),
        noAnswer: !analysis.ok ? 'unreadable' : observation ? null : 'missing',
        present: observation?.present ?? null,
        confidence: observation?.confidence ?? null,
        reason: observation?.reason ?? null,
        boxes: observation?.boxes ?? [],
        span: observation?.span ? { start: seconds(observation.span.start), end: seconds(observation.span.end) } : null,
      };
    }),
  };
  deps.onWindow?.(result);
  return result;
}

/** A retryable failure (a dropped connection, a busy server) gets one more try, as Vigil's scheduler would give it. */
async function analyzeWithOneRetry(deps: RunEvalDeps, input: AnalyzeInput): Promise<WindowAnalysis> {
  try {
    return await deps.analyze(input);
  } catch (err) {
    if (!(err as { retryable?: unknown })?.retryable) throw err;
    return deps.analyze(input);
  }
}
