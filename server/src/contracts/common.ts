import { z } from 'zod';

/** Camera and zone ids: lower-case letters, digits and dashes; stable, since alerts and rules refer to them. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const Id = z.string().max(100).regex(ID_PATTERN, 'must be lower-case letters, digits and dashes');

/** Times in replies are ISO-8601 strings in UTC. */
export const IsoTime = z.iso.datetime({ offset: true });

/** A box in Cosmos Reason 2's convention: normalised 0–1000, x right, y down. */
export const BoxDto = z.object({
  x1: z.number(),
  y1: z.number(),
  x2: z.number(),
  y2: z.number(),
  label: z.string(),
});
export type BoxDto = z.infer<typeof BoxDto>;

export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toIsoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms));
