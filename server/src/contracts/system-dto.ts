import { z } from 'zod';
import { CameraStateDto } from './camera-dto.js';
import { ReasonerHealthDto } from './reasoning-dto.js';

/** Latency of one pipeline stage over its recent samples (milliseconds). */
export const StageLatencyDto = z.object({
  stage: z.string(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  /** Samples the figures are taken from (the most recent ones, up to a few hundred). */
  samples: z.number().int(),
});
export type StageLatencyDto = z.infer<typeof StageLatencyDto>;

/** `GET /api/system`: what the System page shows, refreshed by polling every few seconds. */
export const SystemDto = z.object({
  version: z.string(),
  uptimeSeconds: z.number(),
  database: z.enum(['pglite', 'postgres']),
  reasoner: ReasonerHealthDto,
  stages: z.array(StageLatencyDto),
  cameras: z.array(z.object({ cameraId: z.string(), name: z.string(), state: CameraStateDto, fps: z.number() })),
  alertsActive: z.number().int(),
});
export type SystemDto = z.infer<typeof SystemDto>;
