/**
 * Logit shaping for in-process sampling, in the order vLLM applies it: presence penalty on the tokens
 * generated so far, then temperature, top-k and top-p. transformers.js v4 applies only temperature and
 * top-k itself (top-p is not implemented there, nor is a presence penalty), so the backend shapes the
 * logits here and lets the library sample from what is left.
 */
import type { SamplingParams } from '../reasoner.js';

export interface LogitShaping {
  presencePenalty: number;
  /** 0 means greedy: only the penalty applies. */
  temperature: number;
  /** 0 means no top-k cut. */
  topK: number;
  /** 1 means no nucleus cut. */
  topP: number;
}

export function logitShapingFor(sampling: SamplingParams): LogitShaping {
  return {
    presencePenalty: sampling.presencePenalty ?? 0,
    temperature: Math.max(0, sampling.temperature),
    topK: Math.max(0, Math.floor(sampling.topK)),
    topP: Math.min(1, Math.max(0, sampling.topP)),
  };
}

/** Shapes one row of logits in place. `generated`: the token ids produced so far in this reply. */
export function shapeLogits(logits: Float32Array, generated: Iterable<number>, shaping: LogitShaping): void {
  if (shaping.presencePenalty !== 0) {
    for (const id of new Set(generated)) {
      if (id >= 0 && id < logits.length) logits[id] = (logits[id] ?? 0) - shaping.presencePenalty;
    }
  }
  if (shaping.temperature === 0) return;
  if (shaping.temperature !== 1) {
    for (let i = 0; i < logits.length; i++) logits[i] = (logits[i] ?? 0) / shaping.temperature;
  }
  if (shaping.topK > 0 && shaping.topK < logits.length) keepTopK(logits, shaping.topK);
  if (shaping.topP < 1) keepTopP(logits, shaping.topP);
}

/** Masks everything below the k-th largest logit (ties at the threshold stay, as in HF's TopKLogitsWarper). */
function keepTopK(logits: Float32Array, k: number): void {
  const best: number[] = [];
  for (const value of logits) {
    if (best.length < k) {
      insertDescending(best, value);
    } else if (value > (best[k - 1] ?? -Infinity)) {
      best.pop();
      insertDescending(best, value);
    }
  }
  const threshold = best[k - 1] ?? -Infinity;
  for (let i = 0; i < logits.length; i++) if ((logits[i] ?? 0) < threshold) logits[i] = -Infinity;
}

function insertDescending(sorted: number[], value: number): void {
  let at = sorted.length;
  while (at > 0 && (sorted[at - 1] ?? 0) < value) at--;
  sorted.splice(at, 0, value);
}

/** Keeps the smallest set of most likely tokens whose probability reaches `p` (at least one token). */
function keepTopP(logits: Float32Array, p: number): void {
  const candidates: number[] = [];
  for (let i = 0; i < logits.length; i++) if ((logits[i] ?? -Infinity) > -Infinity) candidates.push(i);
  candidates.sort((a, b) => (logits[b] ?? 0) - (logits[a] ?? 0));
  const max = logits[candidates[0] ?? 0] ?? 0;
  const weights = candidates.map((i) => Math.exp((logits[i] ?? 0) - max));
  const total = weights.reduce((sum, w) => sum + w, 0);
  let cumulative = 0;
  let kept = 0;
  while (kept < candidates.length && (kept === 0 || cumulative < p)) {
    cumulative += (weights[kept] ?? 0) / total;
    kept++;
  }
  for (const i of candidates.slice(kept)) logits[i] = -Infinity;
}
