import { describe, expect, it } from 'vitest';
import type { Zone } from '../domain/index.js';
import { H, W, gray, image, seededRandom, withNoise } from './gray-fixtures.test-util.js';
import { MotionDetector } from './motion-detector.js';

const leftZone: Zone = { id: 'left', name: 'Left', polygon: [[0, 0], [0.5, 0], [0.5, 1], [0, 1]] };
const rightZone: Zone = { id: 'right', name: 'Right', polygon: [[0.5, 0], [1, 0], [1, 1], [0.5, 1]] };
const zones = [leftZone, rightZone];

const flat = (level: number) => image(() => level);
const withBlock = (base: Uint8Array, bx: number, by: number, size: number, level: number) => {
  const out = Uint8Array.from(base);
  for (let y = by; y < Math.min(H, by + size); y++) for (let x = bx; x < Math.min(W, bx + size); x++) out[y * W + x] = level;
  return out;
};
const zone = (result: { zones: { zoneId: string; value: number }[] }, id: string) => result.zones.find((z) => z.zoneId === id)!.value;

describe('MotionDetector', () => {
  it('raises the motion of the zone a block moves into, and not of another zone', () => {
    const random = seededRandom(1);
    const detector = new MotionDetector();
    const background = flat(90);
    for (let i = 0; i < 10; i++) detector.measure(gray(i * 200, withNoise(background, 3, random)), zones);
    let peakLeft = 0;
    let peakRight = 0;
    for (let step = 0; step < 8; step++) {
      const frame = withBlock(background, 5 + step * 5, 30, 24, 220);
      const result = detector.measure(gray(2000 + step * 200, withNoise(frame, 3, random)), zones);
      peakLeft = Math.max(peakLeft, zone(result, 'left'));
      peakRight = Math.max(peakRight, zone(result, 'right'));
      expect(result.frame).toBeGreaterThan(0.02);
    }
    expect(peakLeft).toBeGreaterThan(0.05);
    expect(peakRight).toBe(0);
  });

  it('keeps sensor noise alone below the motion threshold', () => {
    const random = seededRandom(2);
    const detector = new MotionDetector();
    const scene = image((x, y) => 60 + x + (y % 20));
    let peak = 0;
    for (let i = 0; i < 60; i++) {
      const result = detector.measure(gray(i * 200, withNoise(scene, 8, random)), zones);
      peak = Math.max(peak, result.frame, ...result.zones.map((z) => z.value));
    }
    expect(peak).toBeLessThan(0.02);
  });

  it('follows a slow brightness ramp without reporting motion', () => {
    const random = seededRandom(3);
    const detector = new MotionDetector();
    let peak = 0;
    for (let i = 0; i < 80; i++) {
      const result = detector.measure(gray(i * 200, withNoise(flat(60 + i), 2, random)), zones);
      peak = Math.max(peak, result.frame);
    }
    expect(peak).toBeLessThan(0.02);
  });

  it('treats a sudden global change as a lighting jump, not motion', () => {
    const random = seededRandom(4);
    const detector = new MotionDetector();
    const dim = image((x) => 40 + (x % 32) * 2);
    const bright = image((x) => 200 - (x % 32) * 3);
    for (let i = 0; i < 10; i++) detector.measure(gray(i * 200, withNoise(dim, 2, random)), zones);
    const jump = detector.measure(gray(2000, withNoise(bright, 2, random)), zones);
    expect(jump.globalChange).toBe(true);
    expect(jump.frame).toBe(0);
    const after = detector.measure(gray(2200, withNoise(bright, 2, random)), zones);
    expect(after.frame).toBeLessThan(0.02);
  });

  it('still sees a moving object across an exposure jump of the whole frame', () => {
    const random = seededRandom(6);
    const detector = new MotionDetector();
    const scene = image((x, y) => 70 + ((x >> 3) % 4) * 10 + (y % 9));
    for (let i = 0; i < 10; i++) detector.measure(gray(i * 200, withNoise(scene, 2, random)), zones);
    const brighter = scene.map((v) => v + 35);
    const result = detector.measure(gray(2000, withNoise(withBlock(brighter, 10, 20, 24, 250), 2, random)), zones);
    expect(result.globalChange).toBe(false);
    expect(zone(result, 'left')).toBeGreaterThan(0.05);
    expect(zone(result, 'right')).toBe(0);
  });

  it('ignores a dark object on a bright scene beyond the object itself (median brightness shift)', () => {
    const random = seededRandom(5);
    const detector = new MotionDetector();
    const scene = flat(180);
    for (let i = 0; i < 10; i++) detector.measure(gray(i * 200, withNoise(scene, 2, random)), zones);
    const result = detector.measure(gray(2000, withNoise(withBlock(scene, 0, 0, 40, 10), 2, random)), zones);
    const blockFraction = (40 * 40) / (W * H);
    expect(result.frame).toBeGreaterThan(blockFraction * 0.8);
    expect(result.frame).toBeLessThan(blockFraction * 1.3);
    expect(zone(result, 'right')).toBe(0);
  });

  it('clears the ghost of something that was there at start and has left, within stillFrames', () => {
    const random = seededRandom(7);
    const detector = new MotionDetector({ stillFrames: 10 });
    const scene = image((x, y) => 70 + ((x >> 3) % 4) * 10 + (y % 9));
    // A worker stands in the left zone when the camera comes online: he is learnt as background.
    const withWorker = withBlock(scene, 10, 20, 24, 230);
    for (let i = 0; i < 5; i++) detector.measure(gray(i * 500, withNoise(withWorker, 2, random)), zones);
    // He walks off: his empty spot differs from the background, though nothing moves there.
    const left: number[] = [];
    for (let i = 0; i < 16; i++) left.push(zone(detector.measure(gray(2500 + i * 500, withNoise(scene, 2, random)), zones), 'left'));
    expect(left[0]).toBeGreaterThan(0.05);
    expect(left.slice(12).every((v) => v < 0.005)).toBe(true);
  });

  it('keeps seeing an object that keeps moving, and lets one that stopped become background', () => {
    const random = seededRandom(8);
    const detector = new MotionDetector({ stillFrames: 10 });
    const scene = flat(90);
    for (let i = 0; i < 10; i++) detector.measure(gray(i * 500, withNoise(scene, 2, random)), zones);
    for (let step = 0; step < 20; step++) {
      const x = 5 + ((step * 7) % 40);
      const result = detector.measure(gray(5000 + step * 500, withNoise(withBlock(scene, x, 30, 20, 220), 2, random)), zones);
      expect(result.frame, `step ${step}`).toBeGreaterThan(0.02);
    }
    const parked = withBlock(scene, 10, 30, 20, 220);
    let last = 1;
    for (let i = 0; i < 14; i++) last = detector.measure(gray(20_000 + i * 500, withNoise(parked, 2, random)), zones).frame;
    expect(last).toBeLessThan(0.005);
  });
});
