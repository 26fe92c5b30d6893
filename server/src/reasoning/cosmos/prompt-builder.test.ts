import { describe, expect, it } from 'vitest';
import type { PromptImage } from '../reasoner.js';
import { manifestFixture } from './manifest-fixture.test-util.js';
import { buildPrompt, type HazardQuestion, type PromptInput } from './prompt-builder.js';

const image = (atSeconds: number, fill: number): PromptImage => ({ atSeconds, width: 448, height: 256, jpeg: Buffer.alloc(16, fill) });

const hardHat: HazardQuestion = { hazard: 'no_hard_hat', ask: 'Is any person not wearing a hard hat?', zones: [] };
const cellIntrusion: HazardQuestion = {
  hazard: 'person_in_cell',
  ask: 'Is a person inside the robot cell?',
  zones: [{ id: 'robot-cell', name: 'Robot cell' }],
};

const input = (overrides: Partial<PromptInput> = {}): PromptInput => ({
  camera: { id: 'cell-3', name: 'Cell 3 overview' },
  hazards: [hardHat, cellIntrusion],
  images: [image(0, 1), image(1.5, 2)],
  reasoning: false,
  manifest: manifestFixture(),
  ...overrides,
});

describe('buildPrompt', () => {
  it('asks every hazard in one text that demands a JSON list', () => {
    const { prompt } = buildPrompt(input());
    expect(prompt.system).toBe('You are a helpful assistant.');
    expect(prompt.text).toContain('industrial safety inspector reviewing frames from the camera "Cell 3 overview"');
    expect(prompt.text).toContain('<t seconds>');
    expect(prompt.text).toContain('1. hazard "no_hard_hat": Is any person not wearing a hard hat?\n');
    expect(prompt.text).toContain('2. hazard "person_in_cell": Is a person inside the robot cell? Only count it inside the zone called "Robot cell".');
    expect(prompt.text).toContain('"bbox_2d": [x1, y1, x2, y2]');
    expect(prompt.text).toContain('0 to 1000 with the origin at the top-left');
    expect(prompt.text).not.toContain('<think>');
    expect(prompt.reasoning).toBe(false);
    expect(prompt.images.map((i) => i.atSeconds)).toEqual([0, 1.5]);
  });

  it('names several zones in words', () => {
    const { prompt } = buildPrompt(
      input({ hazards: [{ ...cellIntrusion, zones: [{ id: 'a', name: 'Dock edge' }, { id: 'b', name: 'Ramp' }, { id: 'c', name: 'Bay 4' }] }] }),
    );
    expect(prompt.text).toContain('Only count it inside the zones called "Dock edge", "Ramp" or "Bay 4".');
  });

  it('appends the reasoning suffix and uses the reasoning sampling when reasoning is on', () => {
    const manifest = manifestFixture();
    const plain = buildPrompt(input());
    const reasoning = buildPrompt(input({ reasoning: true }));
    expect(reasoning.prompt.text.endsWith(`\n\n${manifest.prompt.reasoningSuffix}`)).toBe(true);
    expect(reasoning.prompt.text.startsWith(plain.prompt.text)).toBe(true);
    expect(reasoning.prompt.reasoning).toBe(true);
    expect(reasoning.prompt.sampling).toEqual({ temperature: 0.6, topP: 0.95, topK: 20, maxTokens: 4096 });
    expect(plain.prompt.sampling).toEqual({ temperature: 0.7, topP: 0.8, topK: 20, presencePenalty: 1.5, maxTokens: 4096 });
  });

  it('hashes the question, not the frames', () => {
    const a = buildPrompt(input());
    const b = buildPrompt(input({ images: [image(0, 9), image(0.5, 8), image(1, 7)], camera: { id: 'cell-3', name: 'Cell 3 overview' } }));
    expect(a.promptHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.promptHash).toBe(a.promptHash);
    expect(buildPrompt(input({ reasoning: true })).promptHash).not.toBe(a.promptHash);
    expect(buildPrompt(input({ hazards: [hardHat] })).promptHash).not.toBe(a.promptHash);
    expect(buildPrompt(input({ hazards: [hardHat, { ...cellIntrusion, zones: [{ id: 'robot-cell', name: 'Cell' }] }] })).promptHash).not.toBe(a.promptHash);
    expect(buildPrompt(input({ camera: { id: 'dock-1', name: 'Dock 1' } })).promptHash).not.toBe(a.promptHash);
  });

  it('counts vision tokens at one per 32×32 px', () => {
    expect(buildPrompt(input()).visionTokens).toBe(2 * 14 * 8);
    expect(buildPrompt(input({ images: [] })).visionTokens).toBe(0);
  });

  it('quotes names so a quote in them cannot break the text', () => {
    const { prompt } = buildPrompt(input({ camera: { id: 'x', name: 'The "north" gate' } }));
    expect(prompt.text).toContain('camera "The \\"north\\" gate"');
  });

  it('refuses no hazards and a hazard asked twice', () => {
    expect(() => buildPrompt(input({ hazards: [] }))).toThrow(RangeError);
    expect(() => buildPrompt(input({ hazards: [hardHat, hardHat] }))).toThrow(/asked twice/);
  });
});
