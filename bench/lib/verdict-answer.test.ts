import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPrompt, loadModelManifest, parseReply, type HazardQuestion } from '../../server/src/reasoning/cosmos/index.js';
import { REPO_ROOT } from './paths.js';
import { askedHazards, THINKING, verdictAnswer } from './verdict-answer.js';

const hazards: HazardQuestion[] = [
  { hazard: 'person_in_cell', ask: 'Is a person inside the robot cell?', zones: [{ id: 'robot-cell', name: 'Robot cell' }] },
  { hazard: 'no_hard_hat', ask: 'Is any person not wearing a hard hat?', zones: [] },
  { hazard: 'blocked-exit', ask: 'Is an emergency exit blocked? Answer "yes" only if sure.', zones: [] },
];

async function promptText(): Promise<string> {
  const manifest = await loadModelManifest(join(REPO_ROOT, 'models', 'cosmos-reason2-2b.yaml'));
  const image = { atSeconds: 0, width: 32, height: 32, jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xd9]) };
  return buildPrompt({ camera: { id: 'cam-1', name: 'Cell "A"' }, hazards, images: [image], reasoning: true, manifest }).prompt.text;
}

describe('verdict answer of the benchmark stand-in server', () => {
  it('reads the asked hazards from the prompt Vigil builds, in order', async () => {
    expect(askedHazards(await promptText())).toEqual(['person_in_cell', 'no_hard_hat', 'blocked-exit']);
  });

  it('finds no hazards in text without numbered hazard lines', () => {
    expect(askedHazards('What do you see?\n1. something else: "x"')).toEqual([]);
  });

  it('answers every asked hazard in a form Vigil reads without mending', async () => {
    const asked = askedHazards(await promptText());
    const parsed = parseReply({ content: verdictAnswer(asked, { finding: false }), reasoning: THINKING }, asked);
    expect(parsed).toMatchObject({ ok: true, missing: [], ignored: [], problems: [], thinking: THINKING });
    if (!parsed.ok) return;
    expect(parsed.verdicts.map((v) => [v.hazard, v.present])).toEqual([
      ['person_in_cell', false],
      ['no_hard_hat', false],
      ['blocked-exit', false],
    ]);
  });

  it('with a finding, reports the first hazard present with its box and time span', () => {
    const asked = ['person_in_cell', 'no_hard_hat'];
    const parsed = parseReply({ content: verdictAnswer(asked, { finding: true }), reasoning: null }, asked);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.problems).toEqual([]);
    expect(parsed.verdicts[0]).toMatchObject({ hazard: 'person_in_cell', present: true, confidence: 0.85, boxes: [{ x1: 612, y1: 410, x2: 700, y2: 880, label: 'worker' }], span: { start: 0.5, end: 3.5 } });
    expect(parsed.verdicts[1]).toMatchObject({ hazard: 'no_hard_hat', present: false, boxes: [], span: null });
  });
});
