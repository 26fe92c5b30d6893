import type { Observation } from './observation.js';

export type TamperKind = 'covered' | 'defocused' | 'moved';

/**
 * What the pixel gate measured on one gray frame. `value` is the measured quantity:
 * motion: changed-pixel fraction of the zone (or of the whole frame when zoneId is null);
 * tamper: 1 while tampered, with `tamper` naming how; offline: 1 while the camera is offline;
 * hazard: what the reasoner said about one hazard in one window.
 */
export type Signal =
  | { kind: 'motion'; cameraId: string; ts: number; zoneId: string | null; value: number }
  | { kind: 'tamper'; cameraId: string; ts: number; tamper: TamperKind | null; value: number }
  | { kind: 'offline'; cameraId: string; ts: number; value: number; reason: string }
  | { kind: 'hazard'; cameraId: string; ts: number; observation: Observation };

export type SignalKind = Signal['kind'];

/** What the pixel gate measures on a gray frame. */
export type PixelSignal = Extract<Signal, { kind: 'motion' | 'tamper' }>;
