import { describe, expect, it } from 'vitest';
import { clipCameraId, clipQuestions, parseEvalSet } from '../../eval/eval-set.js';

const FILE = 'sets/dock/set.yaml';

function errorsOf(text: string): string[] {
  const result = parseEvalSet(FILE, text);
  if (result.ok) throw new Error('expected the set to be rejected');
  return result.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
}

const GOOD = `name: dock
clips:
  - file: clips/Dock 1.mp4
    camera: { name: Loading dock 1 }
    hazards:
      - id: worker_in_zone
        ask: Is a person inside the restricted zone?
        zone: { name: Dock edge }
      - { id: spill, ask: Is there a spill on the floor? }
    labels:
      worker_in_zone: [{ start: 2, end: 5.5 }, { start: 9, end: 12 }]
`;

describe('parseEvalSet', () => {
  it('reads a valid set, with no labels meaning absent throughout', () => {
    const result = parseEvalSet(FILE, GOOD);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const clip = result.set.clips[0]!;
    expect(clip.labels).toEqual({ worker_in_zone: [{ start: 2, end: 5.5 }, { start: 9, end: 12 }] });
    expect(clip.labels.spill).toBeUndefined();
    expect(clipQuestions(clip)).toEqual([
      { hazard: 'worker_in_zone', ask: 'Is a person inside the restricted zone?', zones: [{ id: 'dock-edge', name: 'Dock edge' }] },
      { hazard: 'spill', ask: 'Is there a spill on the floor?', zones: [] },
    ]);
    expect(clipCameraId(clip)).toBe('dock-1');
  });

  it('names the line of an interval that ends before it starts', () => {
    expect(errorsOf(GOOD.replace('{ start: 9, end: 12 }', '{ start: 9, end: 3 }'))).toEqual([
      expect.stringMatching(/^11:\d+ clips\.0\.labels\.worker_in_zone\.1\.end: end must be after start$/),
    ]);
  });

  it('names the line of labels for a hazard the clip does not ask about', () => {
    expect(errorsOf(`${GOOD}      no_hard_hat: [{ start: 0, end: 1 }]\n`)).toEqual([
      expect.stringMatching(/^12:\d+ clips\.0\.labels\.no_hard_hat: labels for "no_hard_hat", which the clip's hazards do not ask about$/),
    ]);
  });

  it('names unknown keys, bad hazard ids and missing fields by line', () => {
    const text = `clips:
  - file: a.mp4
    camera: { name: A, id: a }
    hazards:
      - { id: Worker In Zone, ask: Anyone there? }
  - file: b.mp4
    hazards: [{ id: spill, ask: Spill? }]
`;
    expect(errorsOf(text)).toEqual([
      '3:24 unknown key "clips.0.camera.id"',
      expect.stringMatching(/^5:15 clips\.0\.hazards\.0\.id: expected a hazard name/),
      expect.stringMatching(/^6:5 clips\.1\.camera: /),
    ]);
  });

  it('names the line of an interval that overlaps an earlier one', () => {
    const text = GOOD.replace('{ start: 9, end: 12 }', '{ start: 5, end: 12 }');
    expect(errorsOf(text)).toEqual([expect.stringMatching(/^11:\d+ clips\.0\.labels\.worker_in_zone\.1: interval 5–12 s overlaps 2–5.5 s$/)]);
  });

  it('rejects a negative time, an absolute clip path, a set without clips and YAML that is not a mapping', () => {
    expect(errorsOf(GOOD.replace('start: 2,', 'start: -1,'))[0]).toMatch(/^11:\d+ clips\.0\.labels\.worker_in_zone\.0\.start: /);
    expect(errorsOf(GOOD.replace('clips/Dock 1.mp4', '/srv/Dock 1.mp4'))).toEqual(['3:11 clips.0.file: must be a path relative to the set folder']);
    expect(errorsOf('clips: []\n')).toEqual(['1:8 clips: a set needs at least one clip']);
    expect(errorsOf('- file: a.mp4\n')).toEqual(['1:1 set.yaml must be a mapping with a "clips" list']);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(errorsOf('clips:\n  - file: a.mp4\n    camera: { name: A\n')[0]).toMatch(/^[34]:\d+ /);
  });

  it('rejects a hazard asked twice in one clip and a clip listed twice', () => {
    const twice = GOOD.replace('{ id: spill,', '{ id: worker_in_zone,');
    expect(errorsOf(twice)).toEqual([expect.stringMatching(/^9:\d+ clips\.0\.hazards\.1\.id: hazard "worker_in_zone" is listed twice$/)]);
    const clip = GOOD.split('\n').slice(2).join('\n');
    expect(errorsOf(`${GOOD}${clip}`)).toEqual([expect.stringMatching(/^12:\d+ clips\.1\.file: clip "clips\/Dock 1.mp4" is listed twice$/)]);
  });
});
