import type { GrayFrame, PixelSignal, Signal, Zone } from '../domain/index.js';
import { MotionDetector, type MotionOptions } from './motion-detector.js';
import { TamperDetector, type TamperOptions } from './tamper-detector.js';

export const DEFAULT_MOTION_THRESHOLD = 0.02;

export interface PixelGateOptions {
  motion?: MotionOptions;
  tamper?: TamperOptions;
  /** Motion fraction (of a zone or the frame) at or above which a window is worth a look. */
  motionThreshold?: number;
  /** How long per-frame gate results are kept to judge windows. */
  historyMs?: number;
}

export interface GateCounters {
  windowsSeen: number;
  windowsPassed: number;
}

/** True when the signals show motion at or above the threshold anywhere, or a tampered camera. */
export function gatePasses(signals: readonly Signal[], motionThreshold = DEFAULT_MOTION_THRESHOLD): boolean {
  return signals.some(
    (s) => (s.kind === 'motion' && s.value >= motionThreshold) || (s.kind === 'tamper' && s.value >= 1),
  );
}

interface FrameVerdict {
  ts: number;
  passes: boolean;
}

const MAX_HISTORY = 1024;

/**
 * The per-camera pixel gate: motion per zone and for the whole frame, and tamper, from tiny gray frames.
 * It also judges windows by what it saw during them, so that only interesting windows reach the model.
 */
export class PixelGate {
  private readonly motion: MotionDetector;
  private readonly tamper: TamperDetector;
  private readonly motionThreshold: number;
  private readonly historyMs: number;
  private zones: readonly Zone[];
  private history: FrameVerdict[] = [];
  private seen = 0;
  private passed = 0;

  constructor(
    readonly cameraId: string,
    zones: readonly Zone[],
    options: PixelGateOptions = {},
  ) {
    this.zones = zones;
    this.motion = new MotionDetector(options.motion);
    this.tamper = new TamperDetector(options.tamper);
    this.motionThreshold = options.motionThreshold ?? DEFAULT_MOTION_THRESHOLD;
    this.historyMs = options.historyMs ?? 30_000;
  }

  /** True until the tamper baseline has been learnt; covered is reported even then. */
  get learning(): boolean {
    return this.tamper.learning;
  }

  setZones(zones: readonly Zone[]): void {
    this.zones = zones;
  }

  /** One motion signal per zone, one for the whole frame (zoneId null), and one tamper signal. */
  process(frame: GrayFrame): PixelSignal[] {
    if (frame.data.length < frame.width * frame.height) {
      throw new RangeError(`gray frame of ${this.cameraId} holds ${frame.data.length} bytes, expected ${frame.width * frame.height}`);
    }
    const ts = frame.ts;
    const cameraId = this.cameraId;
    const tamper = this.tamper.update(frame);
    const motion = this.motion.measure(frame, this.zones);
    // While the view is tampered with, changed pixels say nothing about the scene.
    const scale = tamper ? 0 : 1;
    const signals: PixelSignal[] = motion.zones.map((z) => ({ kind: 'motion', cameraId, ts, zoneId: z.zoneId, value: z.value * scale }));
    signals.push({ kind: 'motion', cameraId, ts, zoneId: null, value: motion.frame * scale });
    signals.push({ kind: 'tamper', cameraId, ts, tamper, value: tamper ? 1 : 0 });
    this.remember(ts, gatePasses(signals, this.motionThreshold));
    return signals;
  }

  /** Whether a window over [start, end] is worth a look, by the frames seen in it; counts it. */
  decide(window: { start: number; end: number }): boolean {
    const passes = this.history.some((v) => v.ts >= window.start && v.ts <= window.end && v.passes);
    this.seen++;
    if (passes) this.passed++;
    return passes;
  }

  counters(): GateCounters {
    return { windowsSeen: this.seen, windowsPassed: this.passed };
  }

  /** Re-learns the reference view (after an intended camera move). */
  relearn(): void {
    this.tamper.relearn();
    this.motion.reset();
  }

  private remember(ts: number, passes: boolean): void {
    this.history.push({ ts, passes });
    const cutoff = ts - this.historyMs;
    let drop = 0;
    while (drop < this.history.length && (this.history[drop]!.ts < cutoff || this.history.length - drop > MAX_HISTORY)) drop++;
    if (drop > 0) this.history.splice(0, drop);
  }
}
