/** Which scripted events of a looping scene led to a model call, and how many calls the gate saved. Pure. */

/** A time span, epoch ms. */
export interface Span {
  start: number;
  end: number;
}

/** One model call as Vigil's window log shows it. */
export interface ModelCall {
  cameraId: string;
  /** When the window closed: the arrival time of its newest frame, epoch ms. */
  windowEnd: number;
  reason: 'gate' | 'heartbeat';
}

/**
 * The events of a clip looped from `streamZeroMs`: in every loop of `periodSeconds`, visible from `fromSeconds`
 * to `untilSeconds` of the loop. Only events wholly inside [fromMs, toMs) are returned.
 */
export function loopEventSpans(streamZeroMs: number, periodSeconds: number, visible: { fromSeconds: number; untilSeconds: number }, fromMs: number, toMs: number): Span[] {
  if (!(periodSeconds > 0)) throw new RangeError(`period must be positive, got ${periodSeconds}`);
  const spans: Span[] = [];
  const periodMs = periodSeconds * 1000;
  const firstLoop = Math.max(0, Math.floor((fromMs - streamZeroMs) / periodMs));
  for (let loop = firstLoop; streamZeroMs + loop * periodMs < toMs; loop++) {
    const start = streamZeroMs + loop * periodMs + visible.fromSeconds * 1000;
    const end = streamZeroMs + loop * periodMs + visible.untilSeconds * 1000;
    if (start >= fromMs && end < toMs) spans.push({ start, end });
  }
  return spans;
}

/** The first time at or after `afterMs` at which a clip looped from `streamZeroMs` is `atSeconds` into its loop. */
export function nextLoopTime(streamZeroMs: number, periodSeconds: number, atSeconds: number, afterMs: number): number {
  if (!(periodSeconds > 0)) throw new RangeError(`period must be positive, got ${periodSeconds}`);
  const periodMs = periodSeconds * 1000;
  const first = streamZeroMs + atSeconds * 1000;
  return afterMs <= first ? first : first + Math.ceil((afterMs - first) / periodMs) * periodMs;
}

export interface CoverageOptions {
  /** How much time one window covers, ending at windowEnd. */
  windowMs: number;
  /** How late Vigil may see the end of an event (transport, decoding, sampling), since frames are stamped on arrival. */
  slackMs: number;
}

export interface EventCoverage {
  covered: { event: Span; calls: number }[];
  missed: Span[];
  /** Gate calls whose window overlaps no event: what the gate passed on a quiet scene. */
  outside: ModelCall[];
}

/** Whether a call's window [windowEnd − windowMs, windowEnd] overlaps the event as Vigil could have seen it. */
export function windowOverlaps(call: ModelCall, event: Span, options: CoverageOptions): boolean {
  return call.windowEnd > event.start && call.windowEnd - options.windowMs < event.end + options.slackMs;
}

/** Each event takes every gate call whose window overlaps it; an event with none is missed. Heartbeats do not count. */
export function coverEvents(events: readonly Span[], calls: readonly ModelCall[], options: CoverageOptions): EventCoverage {
  const gated = calls.filter((c) => c.reason === 'gate');
  const covered: EventCoverage['covered'] = [];
  const missed: Span[] = [];
  for (const event of events) {
    const count = gated.filter((c) => windowOverlaps(c, event, options)).length;
    if (count > 0) covered.push({ event, calls: count });
    else missed.push(event);
  }
  const outside = gated.filter((c) => !events.some((event) => windowOverlaps(c, event, options)));
  return { covered, missed, outside };
}

/** The share of windows that did not lead to a model call, against calling on every window; NaN without windows. */
export function fewerCallsShare(calls: number, windows: number): number {
  return windows > 0 ? 1 - calls / windows : Number.NaN;
}
