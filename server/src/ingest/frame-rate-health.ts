import type { CameraState } from '../domain/index.js';

export const RECEIVING_FRAMES = 'receiving frames';

/** Below this share of the configured rate a camera is degraded; it recovers above the second (hysteresis). */
const DEGRADED_BELOW = 0.5;
const RECOVERED_ABOVE = 0.75;

export interface FrameRateInput {
  state: CameraState;
  configuredFps: number;
  measuredFps: number;
  /** How long this run has been delivering frames; the measurement means little before one full window. */
  streamingForMs: number;
  windowMs: number;
}

/** Whether a streaming camera should change between online and degraded; null when it stays as it is. */
export function assessFrameRate(input: FrameRateInput): { state: 'online' | 'degraded'; reason: string } | null {
  if (input.state !== 'online' && input.state !== 'degraded') return null;
  if (input.streamingForMs < input.windowMs) return null;
  const share = input.measuredFps / input.configuredFps;
  if (input.state === 'online' && share < DEGRADED_BELOW) {
    return { state: 'degraded', reason: `frame rate below half of the configured ${input.configuredFps} fps` };
  }
  if (input.state === 'degraded' && share >= RECOVERED_ABOVE) return { state: 'online', reason: RECEIVING_FRAMES };
  return null;
}

/** A window long enough to hold a few frames even at very low sample rates. */
export const fpsWindowMs = (configuredFps: number): number => Math.max(5000, Math.ceil(4000 / configuredFps));
