import { describe, expect, it } from 'vitest';
import type { PixelSignal, Zone } from '../domain/index.js';
import { H, W, gray, image, seededRandom, texturedScene, withNoise } from './gray-fixtures.test-util.js';
import { PixelGate, gatePasses } from './pixel-gate.js';

const robotCell: Zone = { id: 'robot-cell', name: 'Robot cell', polygon: [[0.5, 0.5], [1, 0.5], [1, 1], [0.5, 1]] };
const walkway: Zone = { id: 'walkway', name: 'Walkway', polygon: [[0, 0], [0.4, 0], [0.4, 0.4], [0, 0.4]] };

const motionOf = (signals: PixelSignal[], zoneId: string | null) =>
  signals.find((s) => s.kind === 'motion' && s.zoneId === zoneId)!.value;
const tamperOf = (signals: PixelSignal[]) => signals.find((s) => s.kind === 'tamper')!;

function withBlock(base: Uint8Array, bx: number, by: number, size: number): Uint8Array {
  const out = Uint8Array.from(base);
  for (let y = by; y < Math.min(H, by + size); y++) for (let x = bx; x < Math.min(W, bx + size); x++) out[y * W + x] = 250;
  return out;
}

describe('gatePasses', () => {
  const base = { cameraId: 'cell-3', ts: 0 };
  it('passes on motion at the threshold or tamper, not below', () => {
    expect(gatePasses([{ ...base, kind: 'motion', zoneId: 'a', value: 0.019 }])).toBe(false);
    expect(gatePasses([{ ...base, kind: 'motion', zoneId: 'a', value: 0.02 }])).toBe(true);
    expect(gatePasses([{ ...base, kind: 'motion', zoneId: null, value: 0.3 }])).toBe(true);
    expect(gatePasses([{ ...base, kind: 'tamper', tamper: 'covered', value: 1 }])).toBe(true);
    expect(gatePasses([{ ...base, kind: 'tamper', tamper: null, value: 0 }])).toBe(false);
    expect(gatePasses([{ ...base, kind: 'motion', zoneId: 'a', value: 0.05 }], 0.1)).toBe(false);
  });
});

describe('PixelGate', () => {
  it('signals motion per zone and for the frame, plus tamper, for each frame', () => {
    const random = seededRandom(11);
    const gate = new PixelGate('cell-3', [robotCell, walkway]);
    const scene = texturedScene();
    let signals: PixelSignal[] = [];
    for (let i = 0; i < 8; i++) signals = gate.process(gray(i * 500, withNoise(scene, 2, random), 'cell-3'));
    expect(signals.map((s) => s.kind)).toEqual(['motion', 'motion', 'motion', 'tamper']);
    expect(signals.every((s) => s.cameraId === 'cell-3' && s.ts === 3500)).toBe(true);
    expect(gatePasses(signals)).toBe(false);
    expect(gate.learning).toBe(false);

    signals = gate.process(gray(4000, withNoise(withBlock(scene, 110, 60, 25), 2, random), 'cell-3'));
    expect(motionOf(signals, 'robot-cell')).toBeGreaterThan(0.1);
    expect(motionOf(signals, 'walkway')).toBe(0);
    expect(motionOf(signals, null)).toBeGreaterThan(0.02);
    expect(gatePasses(signals)).toBe(true);
  });

  it('reports covered and silences motion while the lens is covered', () => {
    const random = seededRandom(12);
    const gate = new PixelGate('cell-3', [robotCell]);
    for (let i = 0; i < 8; i++) gate.process(gray(i * 500, withNoise(texturedScene(), 2, random)));
    let signals: PixelSignal[] = [];
    for (let i = 0; i < 3; i++) signals = gate.process(gray(4000 + i * 500, image(() => 3)));
    expect(tamperOf(signals)).toMatchObject({ kind: 'tamper', tamper: 'covered', value: 1 });
    expect(motionOf(signals, 'robot-cell')).toBe(0);
    expect(motionOf(signals, null)).toBe(0);
  });

  it('judges windows by the frames seen in them and counts them', () => {
    const random = seededRandom(13);
    const gate = new PixelGate('cell-3', [robotCell]);
    const scene = texturedScene();
    for (let ts = 0; ts < 4000; ts += 500) gate.process(gray(ts, withNoise(scene, 2, random)));
    gate.process(gray(4000, withNoise(withBlock(scene, 110, 60, 25), 2, random)));
    for (let ts = 4500; ts < 8000; ts += 500) gate.process(gray(ts, withNoise(scene, 2, random)));

    expect(gate.decide({ start: 0, end: 3500 })).toBe(false);
    expect(gate.decide({ start: 2000, end: 6000 })).toBe(true);
    expect(gate.counters()).toEqual({ windowsSeen: 2, windowsPassed: 1 });
  });

  it('rasterises new zones after setZones and rejects short frames', () => {
    const gate = new PixelGate('cell-3', [robotCell]);
    gate.setZones([walkway]);
    const signals = gate.process(gray(0, image(() => 100)));
    expect(signals.filter((s) => s.kind === 'motion').map((s) => (s.kind === 'motion' ? s.zoneId : ''))).toEqual(['walkway', null]);
    expect(() => gate.process({ cameraId: 'cell-3', ts: 1, width: W, height: H, data: new Uint8Array(10) })).toThrow(RangeError);
  });
});
