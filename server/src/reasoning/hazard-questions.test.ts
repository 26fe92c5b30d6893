import { describe, expect, it } from 'vitest';
import { site, yaml } from '../rules/site-fixture.test-util.js';
import { validateRulePack } from '../rules/validate-rule-pack.js';
import { hazardQuestionsFor } from './hazard-questions.js';

const pack = validateRulePack(
  'hazards.yaml',
  yaml(
    'rules:',
    '  - { id: hat, name: No hard hat, severity: high, cameras: "*", when: { hazard: no-hard-hat, ask: "Is anyone without a hard hat?" } }',
    '  - { id: cell, name: Person in cell, severity: critical, cameras: [cell-3], when: { hazard: person-in-zone, ask: "Is a person inside the marked zone?", zone: robot-cell } }',
    '  - { id: hat-night, name: No hard hat at night, severity: high, cameras: [cell-3], when: { hazard: no-hard-hat, ask: "Any bare head?" }, schedule: { hours: "22:00-06:00", timezone: UTC } }',
    '  - { id: off, name: Disabled, severity: low, cameras: "*", enabled: false, when: { hazard: spill, ask: "Is there a spill?" } }',
    '  - { id: motion, name: Motion, severity: low, cameras: "*", when: { signal: motion } }',
  ),
  site,
);
const cell = { id: 'cell-3', zones: [{ id: 'robot-cell', name: 'Robot cell' }] };
const noon = Date.UTC(2026, 5, 1, 12, 0);
const midnight = Date.UTC(2026, 5, 1, 23, 30);

describe('hazardQuestionsFor', () => {
  it('asks the enabled hazard rules that cover the camera, with their zones in words', () => {
    expect(pack.errors).toEqual([]);
    expect(hazardQuestionsFor(pack.rules, cell, noon)).toEqual([
      { hazard: 'no-hard-hat', ask: 'Is anyone without a hard hat?', zones: [] },
      { hazard: 'person-in-zone', ask: 'Is a person inside the marked zone?', zones: [{ id: 'robot-cell', name: 'Robot cell' }] },
    ]);
    expect(hazardQuestionsFor(pack.rules, { id: 'dock-1', zones: [] }, noon).map((q) => q.hazard)).toEqual(['no-hard-hat']);
  });

  it('merges rules that ask the same hazard, keeping the first wording', () => {
    const questions = hazardQuestionsFor(pack.rules, cell, midnight);
    expect(questions.filter((q) => q.hazard === 'no-hard-hat')).toEqual([{ hazard: 'no-hard-hat', ask: 'Is anyone without a hard hat?', zones: [] }]);
  });

  it('asks nothing of a camera no hazard rule covers now', () => {
    const onlyNight = pack.rules.filter((r) => r.id === 'hat-night');
    expect(hazardQuestionsFor(onlyNight, cell, noon)).toEqual([]);
    expect(hazardQuestionsFor(onlyNight, cell, midnight)).toHaveLength(1);
  });
});
