import { describe, expect, it } from 'vitest';
import { GraySplitter } from './gray-splitter.js';

const bytes = (count: number, start = 0) => Uint8Array.from({ length: count }, (_, i) => (start + i) % 256);

describe('GraySplitter', () => {
  it('cuts frames of exactly frameBytes across any chunking', () => {
    const stream = bytes(10 * 3 + 4);
    const splitter = new GraySplitter(10);
    const frames = [
      ...splitter.push(stream.subarray(0, 3)),
      ...splitter.push(stream.subarray(3, 25)),
      ...splitter.push(stream.subarray(25)),
    ];
    expect(frames.map((f) => Array.from(f))).toEqual([0, 10, 20].map((s) => Array.from(bytes(10, s))));
    expect(splitter.buffered).toBe(4);
    expect(splitter.push(bytes(6, 34)).map((f) => f[0])).toEqual([30]);
    expect(splitter.buffered).toBe(0);
  });

  it('hands out frames that do not alias the input', () => {
    const input = bytes(20);
    const [first] = new GraySplitter(20).push(input);
    input.fill(255);
    expect(first?.[1]).toBe(1);
  });

  it('refuses a non-positive frame size', () => {
    expect(() => new GraySplitter(0)).toThrow(RangeError);
  });
});
