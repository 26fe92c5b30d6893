import { redactText } from '../domain/index.js';
import type { ReasonerHealthDto, ReasoningDto } from '../contracts/index.js';
import { toIso } from '../contracts/common.js';
import type { ReasoningHealth, WindowLogEntry } from '../reasoning/reasoning-stage.js';

const OFF: ReasonerHealthDto = {
  backend: 'none',
  modelId: null,
  state: 'off',
  detail: 'no model configured: hazard rules wait, pixel rules run',
  breaker: null,
};

/** The reasoner as /healthz shows it; `secrets` are scrubbed from any detail (a URL with a password, a key). */
export function reasonerHealthDto(health: ReasoningHealth | null, secrets: readonly string[] = []): ReasonerHealthDto {
  if (!health) return OFF;
  return {
    backend: health.backend,
    modelId: health.modelId,
    state: health.state,
    detail: health.detail ? redactText(health.detail, [...secrets]) : null,
    breaker: health.breaker,
  };
}

export function reasoningDto(health: ReasoningHealth | null, windows: readonly WindowLogEntry[], secrets: readonly string[] = []): ReasoningDto {
  return {
    reasoner: reasonerHealthDto(health, secrets),
    counters: health ? { ...health.counters } : {},
    windows: windows.map((w) => ({
      cameraId: w.cameraId,
      windowEnd: toIso(w.windowEnd),
      reason: w.reason,
      at: toIso(w.at),
      outcome: w.outcome,
      hazards: w.hazards,
      error: w.error ? redactText(w.error, [...secrets]) : null,
      modelMs: w.modelMs,
      visionTokens: w.visionTokens,
    })),
  };
}
