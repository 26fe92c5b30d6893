import { describe, expect, it } from 'vitest';
import { expandImagePads, visualTokenCount } from './onnx-model-inputs.js';

const PAD = '<|image_pad|>';

describe('expandImagePads', () => {
  it('gives each placeholder its own image token count', () => {
    const text = `a<|vision_start|>${PAD}<|vision_end|>b<|vision_start|>${PAD}<|vision_end|>c`;
    expect(expandImagePads(text, [2, 3])).toBe(
      `a<|vision_start|>${PAD.repeat(2)}<|vision_end|>b<|vision_start|>${PAD.repeat(3)}<|vision_end|>c`,
    );
  });

  it('refuses a text whose placeholders do not match the images', () => {
    expect(() => expandImagePads(`x${PAD}`, [1, 1])).toThrow('1 image placeholders for 2 images');
  });

  it('leaves a text without images alone', () => {
    expect(expandImagePads('plain', [])).toBe('plain');
  });
});

it('counts one visual token per merge² patches', () => {
  expect(visualTokenCount([1n, 4n, 6n], 2)).toBe(6);
  expect(visualTokenCount([1, 20, 30], 2)).toBe(150);
});
