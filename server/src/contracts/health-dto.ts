import { z } from 'zod';
import { ReasonerHealthDto } from './reasoning-dto.js';

/** `GET /healthz` (no token). HTTP 200 while the database answers, 503 otherwise. */
/** Free space under DATA_DIR; `low` (and the overall status degraded) while it stays below evidence.minFreeGB. */
export const DiskHealthDto = z.object({
  status: z.enum(['ok', 'low']),
  freeBytes: z.number(),
  minFreeBytes: z.number(),
});
export type DiskHealthDto = z.infer<typeof DiskHealthDto>;

export const HealthDto = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  cameras: z.object({ online: z.number().int(), total: z.number().int() }),
  database: z.enum(['pglite', 'postgres']),
  databaseUp: z.boolean(),
  /** `{ backend: 'none', state: 'off', … }` when hazard reasoning is off; pixel rules still run. */
  reasoner: ReasonerHealthDto,
  /** null until the first measurement. */
  disk: DiskHealthDto.nullable(),
  version: z.string(),
  uptimeSeconds: z.number(),
});
export type HealthDto = z.infer<typeof HealthDto>;
