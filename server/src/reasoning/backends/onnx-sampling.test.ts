import { describe, expect, it } from 'vitest';
import { logitShapingFor, shapeLogits, type LogitShaping } from './onnx-sampling.js';

const none: LogitShaping = { presencePenalty: 0, temperature: 1, topK: 0, topP: 1 };

function shaped(values: number[], shaping: Partial<LogitShaping>, generated: number[] = []): number[] {
  const logits = Float32Array.from(values);
  shapeLogits(logits, generated, { ...none, ...shaping });
  return Array.from(logits);
}

describe('shapeLogits', () => {
  it('subtracts the presence penalty once per generated token, however often it appeared', () => {
    expect(shaped([1, 2, 3], { presencePenalty: 1.5 }, [2, 2, 0])).toEqual([-0.5, 2, 1.5]);
  });

  it('divides by the temperature', () => {
    expect(shaped([1, 2, -4], { temperature: 0.5 })).toEqual([2, 4, -8]);
  });

  it('applies only the penalty when greedy', () => {
    expect(shaped([1, 2, 3], { temperature: 0, topK: 1, topP: 0.1, presencePenalty: 1 }, [2])).toEqual([1, 2, 2]);
  });

  it('keeps the top k logits, ties at the threshold included', () => {
    expect(shaped([5, 1, 3, 3, 0], { topK: 2 })).toEqual([5, -Infinity, 3, 3, -Infinity]);
    expect(shaped([0, 9, 8, 7], { topK: 3 })).toEqual([-Infinity, 9, 8, 7]);
  });

  it('keeps the smallest nucleus reaching top p, at least one token', () => {
    const logits = [Math.log(0.5), Math.log(0.3), Math.log(0.2)];
    expect(shaped(logits, { topP: 0.8 }).map(Number.isFinite)).toEqual([true, true, false]);
    expect(shaped(logits, { topP: 0.5 }).map(Number.isFinite)).toEqual([true, false, false]);
    expect(shaped(logits, { topP: 0 }).map(Number.isFinite)).toEqual([true, false, false]);
  });

  it('takes top p over what top k left', () => {
    const logits = [Math.log(0.4), Math.log(0.3), Math.log(0.2), Math.log(0.1)];
    // after top-2: 0.4/0.7 ≈ 0.57, so top-p 0.6 needs both
    expect(shaped(logits, { topK: 2, topP: 0.6 }).map(Number.isFinite)).toEqual([true, true, false, false]);
  });
});

it('reads NVIDIA sampling settings', () => {
  expect(logitShapingFor({ temperature: 0.6, topP: 0.95, topK: 20, maxTokens: 4096 })).toEqual({
    presencePenalty: 0,
    temperature: 0.6,
    topK: 20,
    topP: 0.95,
  });
});
