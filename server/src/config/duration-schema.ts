import { z } from 'zod';
import { parseDuration } from '../domain/index.js';

/** A duration written as "500ms", "2s", "5m", "1h", parsed to milliseconds. */
export const durationMs = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration (use e.g. 500ms, 2s, 5m, 1h)` });
    return z.NEVER;
  }
  return ms;
});
