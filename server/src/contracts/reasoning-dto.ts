import { z } from 'zod';
import { IsoTime } from './common.js';

/** The hazard reasoner as /healthz and /api/reasoning show it. */
export const ReasonerHealthDto = z.object({
  backend: z.enum(['none', 'openai', 'onnx']),
  modelId: z.string().nullable(),
  /** ok: answers; loading: starting up; unreachable: see detail; off: no model configured (hazard rules wait). */
  state: z.enum(['ok', 'loading', 'unreachable', 'off']),
  detail: z.string().nullable(),
  /** open: model calls are paused after repeated failures. */
  breaker: z.enum(['closed', 'open', 'half_open']).nullable(),
});
export type ReasonerHealthDto = z.infer<typeof ReasonerHealthDto>;

export const ModelWindowDto = z.object({
  cameraId: z.string(),
  windowEnd: IsoTime,
  /** gate: the pixel gate passed the window; heartbeat: a periodic look at a quiet camera. */
  reason: z.enum(['gate', 'heartbeat']),
  at: IsoTime,
  outcome: z.enum(['ok', 'unreadable', 'failed']),
  hazards: z.array(z.object({ hazard: z.string(), present: z.boolean(), confidence: z.number() })),
  error: z.string().nullable(),
  modelMs: z.number().nullable(),
  visionTokens: z.number().nullable(),
});
export type ModelWindowDto = z.infer<typeof ModelWindowDto>;

/** `GET /api/reasoning`: the reasoner, its call counters and the latest windows sent to it, newest first. */
export const ReasoningDto = z.object({
  reasoner: ReasonerHealthDto,
  counters: z.record(z.string(), z.number()),
  windows: z.array(ModelWindowDto),
});
export type ReasoningDto = z.infer<typeof ReasoningDto>;
