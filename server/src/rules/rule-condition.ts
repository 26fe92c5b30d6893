import type { Observation as HazardObservation, Point, Signal, TamperKind } from '../domain/index.js';
import { boxInZone } from './box-in-zone.js';
import { appliesToCamera, type CompiledRule } from './rule-types.js';

/** What one signal says about one rule's condition on its camera. */
export interface Observation {
  holds: boolean;
  value: number;
  tamper: TamperKind | null;
  reason: string | null;
  /** Hazard rules: what the reasoner saw, with only the boxes that count for the rule's zone. */
  hazard?: HazardObservation;
}

/** A zone's polygon on a camera, or null when the camera has no such zone. */
export type ZoneLookup = (cameraId: string, zoneId: string) => readonly Point[] | null;

/** The signal's verdict on the rule, or null when the signal does not concern the rule. */
export function observeSignal(rule: CompiledRule, signal: Signal, zoneOf: ZoneLookup = () => null): Observation | null {
  if (!rule.enabled || !appliesToCamera(rule, signal.cameraId)) return null;
  const when = rule.when;
  switch (when.kind) {
    case 'motion':
      if (signal.kind !== 'motion' || signal.zoneId !== when.zoneId) return null;
      return { holds: signal.value >= when.minArea, value: signal.value, tamper: null, reason: null };
    case 'tamper': {
      if (signal.kind !== 'tamper') return null;
      const kindMatches = when.tamper === 'any' || signal.tamper === when.tamper;
      const holds = signal.value >= 1 && kindMatches;
      return { holds, value: holds ? 1 : 0, tamper: holds ? signal.tamper : null, reason: null };
    }
    case 'offline':
      if (signal.kind !== 'offline') return null;
      return { holds: signal.value >= 1, value: signal.value >= 1 ? 1 : 0, tamper: null, reason: signal.reason || null };
    case 'hazard': {
      if (signal.kind !== 'hazard' || signal.observation.hazard !== when.hazard) return null;
      const seen = signal.observation;
      const polygon = when.zoneId ? zoneOf(signal.cameraId, when.zoneId) : null;
      // The question named the zone in words; boxes, when the model gave any, must also land in it.
      const boxes = polygon ? seen.boxes.filter((box) => boxInZone(box, polygon)) : seen.boxes;
      const inZone = !polygon || seen.boxes.length === 0 || boxes.length > 0;
      const holds = seen.present && seen.confidence >= when.minConfidence && inZone;
      return { holds, value: holds ? seen.confidence : 0, tamper: null, reason: null, hazard: { ...seen, boxes } };
    }
  }
}

/**
 * Per (rule, camera): the latest observation of the condition and where the alert lifecycle stands.
 * Times are epoch milliseconds; `null` means "not known yet".
 */
export interface PairState {
  ruleId: string;
  cameraId: string;
  holds: boolean;
  value: number;
  tamper: TamperKind | null;
  reason: string | null;
  /** Time of the latest observation. */
  observedAt: number | null;
  /** When the condition last turned true or false. */
  changedAt: number | null;
  /** Peak value since the condition last turned true. */
  holdingPeak: number;
  /** Hazard rules: the latest observation that held. */
  hazard: HazardObservation | null;
  active: boolean;
  since: number;
  peak: number;
  lastUpdateAt: number;
  cooldownUntil: number;
}

export function newPairState(ruleId: string, cameraId: string): PairState {
  return {
    ruleId,
    cameraId,
    holds: false,
    value: 0,
    tamper: null,
    reason: null,
    observedAt: null,
    changedAt: null,
    holdingPeak: 0,
    hazard: null,
    active: false,
    since: 0,
    peak: 0,
    lastUpdateAt: Number.NEGATIVE_INFINITY,
    cooldownUntil: Number.NEGATIVE_INFINITY,
  };
}

/**
 * Whether the condition holds at `t`, and since when it has (or has not). Frame-driven signals go stale:
 * with no word for `staleAfterMs` (e.g. the camera stopped sending), the condition counts as false from then.
 */
export function conditionAt(state: PairState, t: number, staleAfterMs: number | null): { holds: boolean; since: number } {
  const changedAt = state.changedAt ?? t;
  if (!state.holds) return { holds: false, since: changedAt };
  if (staleAfterMs !== null && state.observedAt !== null && t - state.observedAt > staleAfterMs) {
    return { holds: false, since: state.observedAt + staleAfterMs };
  }
  return { holds: true, since: changedAt };
}

/** Records an observation at `ts`. Returns false for one older than what is already known. */
export function recordObservation(state: PairState, observation: Observation, ts: number, staleAfterMs: number | null): boolean {
  if (state.observedAt !== null && ts < state.observedAt) return false;
  const before = conditionAt(state, ts, staleAfterMs);
  state.changedAt = observation.holds === before.holds ? before.since : ts;
  if (observation.holds && !before.holds) state.holdingPeak = 0;
  state.holds = observation.holds;
  state.value = observation.value;
  state.observedAt = ts;
  if (observation.holds) {
    state.holdingPeak = Math.max(state.holdingPeak, observation.value);
    if (observation.tamper) state.tamper = observation.tamper;
    if (observation.reason) state.reason = observation.reason;
    if (observation.hazard) state.hazard = observation.hazard;
    if (state.active) state.peak = Math.max(state.peak, observation.value);
  }
  return true;
}
