import { describe, expect, it } from 'vitest';
import type { TamperKind } from '../domain/index.js';
import { blurred, gray, image, seededRandom, texturedScene, withNoise } from './gray-fixtures.test-util.js';
import { TamperDetector } from './tamper-detector.js';

const random = seededRandom(7);
const scene = texturedScene();

function learnt(options = {}): { detector: TamperDetector; ts: number } {
  const detector = new TamperDetector(options);
  let ts = 0;
  for (let i = 0; i < 8; i++) {
    expect(detector.update(gray(ts, withNoise(scene, 2, random)))).toBeNull();
    ts += 500;
  }
  expect(detector.learning).toBe(false);
  return { detector, ts };
}

function run(detector: TamperDetector, from: number, frames: number, data: () => Uint8Array): (TamperKind | null)[] {
  const states: (TamperKind | null)[] = [];
  for (let i = 0; i < frames; i++) states.push(detector.update(gray(from + i * 500, data())));
  return states;
}

describe('TamperDetector', () => {
  it('reports covered for black frames, even before it has learnt the scene, and recovers', () => {
    const detector = new TamperDetector();
    expect(detector.learning).toBe(true);
    const black = () => withNoise(image(() => 4), 1.5, random);
    expect(run(detector, 0, 4, black)).toEqual([null, 'covered', 'covered', 'covered']);
    const back = run(detector, 2000, 10, () => withNoise(scene, 2, random));
    expect(back.at(-1)).toBeNull();
  });

  it('reports covered for a near-uniform bright frame (paper over the lens)', () => {
    const { detector, ts } = learnt();
    expect(run(detector, ts, 3, () => withNoise(image(() => 230), 1.5, random)).at(-1)).toBe('covered');
  });

  it('reports defocused for a blurred copy of the textured scene, and not moved', () => {
    const { detector, ts } = learnt();
    const soft = blurred(scene);
    const states = run(detector, ts, 5, () => withNoise(soft, 2, random));
    expect(states.slice(1)).toEqual(['defocused', 'defocused', 'defocused', 'defocused']);
    const sharpAgain = run(detector, ts + 5000, 3, () => withNoise(scene, 2, random));
    expect(sharpAgain.at(-1)).toBeNull();
  });

  it('reports moved when the view shifts and stays shifted', () => {
    const { detector, ts } = learnt();
    const shifted = texturedScene(20);
    const states = run(detector, ts, 6, () => withNoise(shifted, 2, random));
    expect(states[0]).toBeNull();
    expect(states.slice(3)).toEqual(['moved', 'moved', 'moved']);
  });

  it('does not call a scene that keeps changing moved (people passing close to the lens)', () => {
    const { detector, ts } = learnt();
    let shift = 0;
    const states = run(detector, ts, 10, () => withNoise(texturedScene((shift += 13)), 2, random));
    expect(states.every((s) => s === null)).toBe(true);
  });

  it('adopts the new view after being moved for movedAdoptMs', () => {
    const { detector, ts } = learnt({ movedAdoptMs: 5000 });
    const shifted = texturedScene(20);
    const states = run(detector, ts, 16, () => withNoise(shifted, 2, random));
    expect(states).toContain('moved');
    expect(states.at(-1)).toBeNull();
  });

  it('relearns on a change of frame size', () => {
    const { detector } = learnt();
    detector.update({ cameraId: 'cam', ts: 10_000, width: 80, height: 45, data: new Uint8Array(80 * 45).fill(120) });
    expect(detector.learning).toBe(true);
  });
});
