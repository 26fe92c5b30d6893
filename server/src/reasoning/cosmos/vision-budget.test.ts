import { describe, expect, it } from 'vitest';
import { planVisionBudget, spreadIndexes, visionTokens, type FrameSize } from './vision-budget.js';

const frames = (count: number, width: number, height: number): FrameSize[] => Array.from({ length: count }, () => ({ width, height }));

function expectValid(plan: ReturnType<typeof planVisionBudget>, source: FrameSize[], budget: number) {
  expect(plan.totalTokens).toBeLessThanOrEqual(budget);
  expect(plan.totalTokens).toBe(plan.picks.reduce((sum, pick) => sum + visionTokens(pick.width, pick.height), 0));
  for (const pick of plan.picks) {
    expect(pick.width % 32).toBe(0);
    expect(pick.height % 32).toBe(0);
    // Never upscaled, except a side under 32 px, which still takes one token.
    expect(pick.width).toBeLessThanOrEqual(Math.max(32, source[pick.index]!.width));
    expect(pick.height).toBeLessThanOrEqual(Math.max(32, source[pick.index]!.height));
    expect(pick.tokens).toBe((pick.width / 32) * (pick.height / 32));
  }
  expect(plan.picks.at(-1)?.index).toBe(source.length - 1);
}

describe('planVisionBudget', () => {
  it('sends every frame at full size when the budget allows', () => {
    const source = frames(4, 640, 352);
    const plan = planVisionBudget(source, { budget: 1600 });
    expect(plan.picks).toEqual([0, 1, 2, 3].map((index) => ({ index, width: 640, height: 352, tokens: 220 })));
    expect(plan.totalTokens).toBe(880);
  });

  it('shrinks frames, keeping aspect, before dropping any', () => {
    const source = frames(8, 640, 360);
    const plan = planVisionBudget(source, { budget: 1600 });
    expectValid(plan, source, 1600);
    expect(plan.picks).toHaveLength(8);
    // 200 tokens each at most: 576×320 is 18×10 = 180 (16:9 kept as near as the 32 px grid allows).
    expect(plan.picks[0]).toEqual({ index: 0, width: 576, height: 320, tokens: 180 });
  });

  it('drops frames, spread over the window and keeping the newest, once frames would go below the minimum side', () => {
    const source = frames(16, 1280, 720);
    const plan = planVisionBudget(source, { budget: 1600 });
    expectValid(plan, source, 1600);
    // 256 px short side of 16:9 is 8×14 = 112 tokens; 1600/112 → 14 frames.
    expect(plan.picks).toHaveLength(14);
    for (const pick of plan.picks) expect(Math.min(pick.width, pick.height)).toBeGreaterThanOrEqual(256);
    expect(plan.picks[0]!.index).toBe(0);
  });

  it('keeps every frame when a larger minimum side still fits, and drops some when it does not', () => {
    const source = frames(8, 1920, 1080);
    const loose = planVisionBudget(source, { budget: 1600, minShortSide: 256 });
    expect(loose.picks).toHaveLength(8);
    const strict = planVisionBudget(source, { budget: 1600, minShortSide: 448 });
    expectValid(strict, source, 1600);
    // 448 px of 16:9 is 14×25 = 350 tokens: four frames fit.
    expect(strict.picks.map((p) => p.index)).toEqual([0, 2, 5, 7]);
    for (const pick of strict.picks) expect(pick.height).toBeGreaterThanOrEqual(448);
  });

  it('never upscales a small source, and counts a source below the minimum side as acceptable', () => {
    const source = frames(6, 320, 180);
    const plan = planVisionBudget(source, { budget: 1600 });
    expect(plan.picks).toHaveLength(6);
    for (const pick of plan.picks) expect(pick).toMatchObject({ width: 320, height: 160, tokens: 50 });
  });

  it('sends one frame, the newest, below the minimum side when even one does not fit', () => {
    const source = frames(5, 1280, 720);
    const plan = planVisionBudget(source, { budget: 40 });
    expectValid(plan, source, 40);
    // 4 rows × 7 columns (16:9 on the 32 px grid) = 28 tokens; 5 rows would need 9 columns, 45 tokens.
    expect(plan.picks).toEqual([{ index: 4, width: 224, height: 128, tokens: 28 }]);
  });

  it('handles portrait frames and frames of different sizes', () => {
    const source = [
      { width: 360, height: 640 },
      { width: 1280, height: 720 },
      { width: 720, height: 1280 },
    ];
    // Three frames at a 256 px short side cost 3 × 112 tokens: 400 fits them, 300 keeps two.
    const plan = planVisionBudget(source, { budget: 400 });
    expectValid(plan, source, 400);
    expect(plan.picks).toHaveLength(3);
    expect(plan.picks[0]!.height).toBeGreaterThan(plan.picks[0]!.width);
    expect(plan.picks[1]!.width).toBeGreaterThan(plan.picks[1]!.height);
    expect(planVisionBudget(source, { budget: 300 }).picks.map((p) => p.index)).toEqual([0, 2]);
  });

  it('respects maxFrames and an empty window', () => {
    expect(planVisionBudget(frames(10, 320, 320), { budget: 10_000, maxFrames: 3 }).picks.map((p) => p.index)).toEqual([0, 5, 9]);
    expect(planVisionBudget([], { budget: 1600 })).toEqual({ picks: [], totalTokens: 0 });
  });

  it('fits a very wide frame into a tiny budget', () => {
    const source = [{ width: 4096, height: 64 }];
    const plan = planVisionBudget(source, { budget: 10 });
    expectValid(plan, source, 10);
    expect(plan.picks[0]!.tokens).toBeGreaterThan(0);
  });

  it('holds the budget over many sizes', () => {
    for (const [w, h] of [[641, 481], [1920, 1080], [100, 2000], [33, 33], [999, 17], [3840, 2160]] as const) {
      for (const budget of [1, 7, 64, 300, 1600, 5000]) {
        for (const count of [1, 3, 8, 20]) {
          const source = frames(count, w, h);
          const plan = planVisionBudget(source, { budget });
          expect(plan.picks.length).toBeGreaterThan(0);
          expectValid(plan, source, budget);
        }
      }
    }
  });

  it('refuses a budget below one token', () => {
    expect(() => planVisionBudget(frames(2, 64, 64), { budget: 0 })).toThrow(RangeError);
  });
});

describe('spreadIndexes', () => {
  it('spreads evenly from oldest to newest', () => {
    expect(spreadIndexes(8, 1)).toEqual([7]);
    expect(spreadIndexes(8, 2)).toEqual([0, 7]);
    expect(spreadIndexes(8, 4)).toEqual([0, 2, 5, 7]);
    expect(spreadIndexes(5, 5)).toEqual([0, 1, 2, 3, 4]);
  });
});
