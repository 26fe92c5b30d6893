import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeClipFrames } from '../../eval/clip-frames.adapter.js';
import { parseEvalSet } from '../../eval/eval-set.js';
import { overlapsAny, type Interval } from '../../eval/scoring.js';
import { FRAME, SCENES, SPILL, ZONE, renderSetYaml, workerInZone, type Scene } from '../../eval/sets/synthetic/scenes.js';
import { resolveFfmpegPath } from '../../server/src/ingest/ffmpeg-path.js';
import { i420ToRgb } from '../../server/src/imaging/i420.js';

const SET_DIR = resolve(import.meta.dirname, '../../eval/sets/synthetic');
const MAX_CLIP_BYTES = 200 * 1024;

describe('the synthetic set', () => {
  it('has the set.yaml its generator renders, and it is a valid set', async () => {
    const committed = await readFile(join(SET_DIR, 'set.yaml'), 'utf8');
    expect(committed).toBe(renderSetYaml(SCENES));
    const parsed = parseEvalSet('set.yaml', committed);
    expect(parsed.ok).toBe(true);
  });

  it('labels the worker from the first moment it overlaps the zone to the last', () => {
    const entry = SCENES.find((s) => s.file === 'zone-entry.mp4')!;
    const pass = SCENES.find((s) => s.file === 'zone-pass.mp4')!;
    expect(workerInZone(entry)).toEqual([{ start: 5, end: 12 }]);
    expect(workerInZone(pass)).toEqual([{ start: 0.9, end: 3.8 }]);
  });

  // The labels are only exact if the pixels agree: decode every frame and look for the worker's orange inside
  // the zone and for the spill's dark blob, away from the moments where a label begins or ends.
  it.each(SCENES.map((scene) => [scene.file, scene] as const))('%s shows exactly what its labels say, and is small', async (_file, scene) => {
    const path = join(SET_DIR, scene.file);
    expect((await stat(path)).size).toBeLessThan(MAX_CLIP_BYTES);
    const labels = labelsOf(scene);
    const frames = decodeClipFrames(path, { ffmpegPath: resolveFfmpegPath(), cameraId: 'synthetic', fps: FRAME.fps, maxSide: 640 });
    let count = 0;
    for await (const frame of frames) {
      count += 1;
      expect([frame.width, frame.height]).toEqual([FRAME.width, FRAME.height]);
      const t = frame.ts / 1000;
      const rgb = i420ToRgb(frame);
      const at = (x: number, y: number) => [rgb[(y * frame.width + x) * 3]!, rgb[(y * frame.width + x) * 3 + 1]!, rgb[(y * frame.width + x) * 3 + 2]!] as const;
      const orangeInZone = countPixels(ZONE.x + 5, ZONE.y + 5, ZONE.w - 10, ZONE.h - 10, at, ([r, g, b]) => r > 200 && g > 100 && g < 180 && b < 80);
      const spill = SPILL.parts[0];
      const darkOnFloor = countPixels(spill.x + 4, spill.y + 3, spill.w - 8, spill.h - 6, at, ([r, g, b]) => r < 50 && g < 50 && b < 60);
      if (!nearEdge(t, labels.worker_in_zone)) expect(orangeInZone > 20, `worker in zone at ${t} s`).toBe(within(t, labels.worker_in_zone));
      if (!nearEdge(t, labels.spill)) expect(darkOnFloor > 20, `spill at ${t} s`).toBe(within(t, labels.spill));
    }
    expect(count).toBe(scene.seconds * FRAME.fps);
  });
});

function labelsOf(scene: Scene): { worker_in_zone: Interval[]; spill: Interval[] } {
  const set = parseEvalSet('set.yaml', renderSetYaml([scene]));
  if (!set.ok) throw new Error('invalid set');
  const labels = set.set.clips[0]!.labels;
  return { worker_in_zone: labels.worker_in_zone ?? [], spill: labels.spill ?? [] };
}

/** A frame shows the moment t..t+1/fps; it counts as inside when that moment lies in a label. */
const within = (t: number, labels: readonly Interval[]) => overlapsAny({ start: t, end: t + 0.001 }, labels);

const nearEdge = (t: number, labels: readonly Interval[]) => labels.some((l) => Math.abs(t - l.start) < 0.15 || Math.abs(t - l.end) < 0.15);

function countPixels(x0: number, y0: number, w: number, h: number, at: (x: number, y: number) => readonly [number, number, number], test: (rgb: readonly [number, number, number]) => boolean): number {
  let count = 0;
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) if (test(at(x, y))) count += 1;
  return count;
}
