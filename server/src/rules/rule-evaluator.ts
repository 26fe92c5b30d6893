import type { Point, RuleHit, Signal } from '../domain/index.js';
import { conditionAt, newPairState, observeSignal, recordObservation, type PairState } from './rule-condition.js';
import { SiteNames, summarize } from './rule-summary.js';
import { appliesToCamera, type CompiledRule, type SiteContext } from './rule-types.js';
import { isInSchedule } from './schedule.js';

export interface RuleEvaluatorOptions {
  /** While a condition holds, `update` hits come at most this often. */
  updateEveryMs?: number;
  /** Motion and tamper conditions count as false once their camera has sent nothing for this long. */
  staleAfterMs?: number;
  /**
   * A hazard seen by the reasoner counts as gone after this long without a new answer. The model is asked on
   * gated windows and on a heartbeat (30 s by default), so this is longer than a heartbeat or two.
   */
  hazardStaleAfterMs?: number;
}

/** An alert that was open when Vigil stopped, to be continued rather than opened again. */
export interface RestoredAlert {
  ruleId: string;
  cameraId: string;
  since?: number;
  peakValue?: number;
}

const pairKey = (ruleId: string, cameraId: string) => `${ruleId}\u0000${cameraId}`;
const runsHere = (rule: CompiledRule) => rule.enabled;

/**
 * Turns signals and the passage of time into rule hits, per (rule, camera): `onset` once the condition has
 * held for `for`, `update` while it keeps holding, `clear` once it has been false for `clearAfter` (or the
 * schedule ends). After a clear, no new onset until `cooldown` has passed. Pure: time comes in as arguments.
 * Hazard rules take the reasoner's observations as signals like any other.
 */
export class RuleEvaluator {
  private readonly updateEveryMs: number;
  private readonly staleAfterMs: number;
  private readonly hazardStaleAfterMs: number;
  private zones = new Map<string, readonly Point[]>();
  private rules = new Map<string, CompiledRule>();
  private readonly states = new Map<string, PairState>();
  private names!: SiteNames;
  private lastNow = 0;

  constructor(site: SiteContext, rules: readonly CompiledRule[] = [], options: RuleEvaluatorOptions = {}) {
    this.updateEveryMs = options.updateEveryMs ?? 5000;
    this.staleAfterMs = options.staleAfterMs ?? 5000;
    this.hazardStaleAfterMs = options.hazardStaleAfterMs ?? 120_000;
    this.setSite(site);
    this.setRules(rules);
  }

  setSite(site: SiteContext): void {
    this.names = new SiteNames(site);
    this.zones = new Map();
    for (const camera of site.cameras) {
      for (const zone of camera.zones) if (zone.polygon) this.zones.set(pairKey(camera.id, zone.id), zone.polygon);
    }
  }

  /**
   * Replaces the rule set. State carries over for rule ids that remain; an active alert whose rule is gone,
   * disabled or no longer covers its camera is cleared (hits returned, at `now`).
   */
  setRules(rules: readonly CompiledRule[], now = this.lastNow): RuleHit[] {
    const next = new Map(rules.map((r) => [r.id, r]));
    const hits: RuleHit[] = [];
    for (const [key, state] of this.states) {
      const old = this.rules.get(state.ruleId);
      const rule = next.get(state.ruleId);
      if (!rule || !runsHere(rule) || !appliesToCamera(rule, state.cameraId)) {
        if (state.active && old) hits.push(this.clear(old, state, now, now));
        this.states.delete(key);
        continue;
      }
      if (old && JSON.stringify(old.when) !== JSON.stringify(rule.when)) {
        Object.assign(state, { holds: false, observedAt: null, changedAt: null, holdingPeak: 0 });
      }
    }
    this.rules = next;
    return hits;
  }

  /**
   * Continues alerts that were open at the last stop. Returns the entries whose rule no longer exists,
   * is disabled or no longer covers the camera, so the caller can close them.
   */
  restore(active: readonly RestoredAlert[]): RestoredAlert[] {
    const orphaned: RestoredAlert[] = [];
    for (const entry of active) {
      const rule = this.rules.get(entry.ruleId);
      if (!rule || !runsHere(rule) || !appliesToCamera(rule, entry.cameraId)) {
        orphaned.push(entry);
        continue;
      }
      const state = this.stateFor(rule.id, entry.cameraId);
      Object.assign(state, {
        // A hazard counts as still seen until the model says otherwise or stays silent too long (see step).
        holds: rule.when.kind === 'hazard',
        observedAt: null,
        active: true,
        // Unknown start: taken as the first moment the evaluator looks at it again.
        since: entry.since ?? Number.NaN,
        peak: entry.peakValue ?? 0,
        lastUpdateAt: Number.NEGATIVE_INFINITY,
        changedAt: null,
      });
    }
    return orphaned;
  }

  /** Feeds signals (any order, any cameras) and advances time to `now`. */
  evaluate(signals: readonly Signal[], now: number): RuleHit[] {
    const hits: RuleHit[] = [];
    const ordered = [...signals].sort((a, b) => a.ts - b.ts);
    for (const signal of ordered) {
      for (const rule of this.rules.values()) {
        const observation = observeSignal(rule, signal, this.zoneOf);
        if (!observation) continue;
        const state = this.stateFor(rule.id, signal.cameraId);
        const t = Math.min(signal.ts, now);
        // Time passed since the last observation may have cleared the alert (stale, clearAfter, schedule).
        const elapsed = state.active ? this.step(rule, state, t) : null;
        if (elapsed) hits.push(elapsed);
        if (!recordObservation(state, observation, signal.ts, this.staleFor(rule))) continue;
        const hit = this.step(rule, state, t);
        if (hit) hits.push(hit);
      }
    }
    hits.push(...this.tick(now));
    return hits;
  }

  /** Advances time with no new signals: `for` elapsing (offline for 30 s), `clearAfter`, schedules. */
  tick(now: number): RuleHit[] {
    this.lastNow = Math.max(this.lastNow, now);
    const hits: RuleHit[] = [];
    for (const state of this.states.values()) {
      const rule = this.rules.get(state.ruleId);
      if (!rule) continue;
      const hit = this.step(rule, state, now);
      if (hit) hits.push(hit);
    }
    return hits;
  }

  /** (rule, camera) pairs whose alert is active now. */
  active(): { ruleId: string; cameraId: string; since: number }[] {
    return [...this.states.values()].filter((s) => s.active).map((s) => ({ ruleId: s.ruleId, cameraId: s.cameraId, since: s.since }));
  }

  private step(rule: CompiledRule, state: PairState, t: number): RuleHit | null {
    state.changedAt ??= t;
    if (state.holds && state.observedAt === null) state.observedAt = t;
    if (Number.isNaN(state.since)) state.since = t;
    const scheduled = isInSchedule(rule.schedule, t);
    const condition = conditionAt(state, t, this.staleFor(rule));
    if (!state.active) {
      if (!scheduled || !condition.holds || t < state.cooldownUntil) return null;
      if (t - condition.since < rule.when.forMs) return null;
      Object.assign(state, { active: true, since: condition.since, peak: state.holdingPeak, lastUpdateAt: t });
      return this.hit('onset', rule, state, t, t);
    }
    if (!scheduled) return this.clear(rule, state, t, condition.holds ? t : condition.since);
    if (condition.holds) {
      if (t - state.lastUpdateAt < this.updateEveryMs) return null;
      state.lastUpdateAt = t;
      return this.hit('update', rule, state, t, t);
    }
    if (t - condition.since < rule.clearAfterMs) return null;
    return this.clear(rule, state, t, condition.since);
  }

  private clear(rule: CompiledRule, state: PairState, t: number, endedAt: number): RuleHit {
    const hit = this.hit('clear', rule, state, t, endedAt);
    state.active = false;
    state.cooldownUntil = t + rule.cooldownMs;
    return hit;
  }

  private hit(phase: RuleHit['phase'], rule: CompiledRule, state: PairState, t: number, endedAt: number): RuleHit {
    const kind = rule.when.kind;
    const value = kind === 'motion' || kind === 'hazard' ? state.peak : 1;
    const zoneId = rule.when.kind === 'motion' || rule.when.kind === 'hazard' ? rule.when.zoneId : null;
    const summary = summarize(
      {
        rule,
        cameraId: state.cameraId,
        value,
        heldMs: Math.max(0, endedAt - state.since),
        tamper: state.tamper,
        reason: state.reason,
        cleared: phase === 'clear',
      },
      this.names,
    );
    return {
      phase,
      ruleId: rule.id,
      ruleName: rule.name,
      severity: rule.severity,
      cameraId: state.cameraId,
      zoneId,
      ts: t,
      since: state.since,
      value,
      summary,
      notify: [...rule.notify],
      ...(kind === 'hazard' && state.hazard ? { boxes: state.hazard.boxes, observation: state.hazard } : {}),
    };
  }

  private readonly zoneOf = (cameraId: string, zoneId: string): readonly Point[] | null => this.zones.get(pairKey(cameraId, zoneId)) ?? null;

  private stateFor(ruleId: string, cameraId: string): PairState {
    const key = pairKey(ruleId, cameraId);
    let state = this.states.get(key);
    if (!state) {
      state = newPairState(ruleId, cameraId);
      this.states.set(key, state);
    }
    return state;
  }

  private staleFor(rule: CompiledRule): number | null {
    if (rule.when.kind === 'offline') return null;
    return rule.when.kind === 'hazard' ? this.hazardStaleAfterMs : this.staleAfterMs;
  }
}
