import { describe, expect, it } from 'vitest';
import type { Box, Observation, RuleHit, Signal } from '../domain/index.js';
import { RuleEvaluator } from './rule-evaluator.js';
import type { CompiledRule } from './rule-types.js';
import { site, yaml } from './site-fixture.test-util.js';
import { validateRulePack } from './validate-rule-pack.js';

function compile(...ruleLines: string[]): CompiledRule[] {
  const { rules, errors } = validateRulePack('test.yaml', yaml('rules:', ...ruleLines), site);
  expect(errors).toEqual([]);
  return rules;
}

const personInCell =
  '  - { id: person-in-cell, name: Person in robot cell, severity: critical, cameras: [cell-3], when: { hazard: person-in-zone, ask: "Is a person inside the robot cell?", zone: robot-cell, minConfidence: 0.6, for: 2s }, cooldown: 1m, notify: [dashboard] }';
const noHardHat =
  '  - { id: no-hard-hat, name: No hard hat, severity: high, cameras: "*", when: { hazard: no-hard-hat, ask: "Is anyone without a hard hat?" } }';

/** A person standing inside the robot cell (bottom centre at 0.8, 0.9) and one far outside it. */
const inCell: Box = { x1: 700, y1: 500, x2: 900, y2: 900, label: 'person' };
const outside: Box = { x1: 50, y1: 50, x2: 200, y2: 300, label: 'person' };

function seen(ts: number, overrides: Partial<Observation> = {}, cameraId = 'cell-3'): Signal {
  const observation: Observation = {
    cameraId,
    ts,
    hazard: 'person-in-zone',
    present: true,
    confidence: 0.9,
    boxes: [inCell],
    span: { start: ts - 1500, end: ts },
    reason: 'a worker stands beside the robot arm',
    thinking: 'The frames show a person walking into the fenced area.',
    modelId: 'nvidia/Cosmos-Reason2-2B',
    promptHash: 'abc123',
    frameTimes: [ts - 1500, ts - 1000, ts - 500, ts],
    ...overrides,
  };
  return { kind: 'hazard', cameraId, ts, observation };
}

const brief = (hits: RuleHit[]) => hits.map((h) => [h.phase, h.ruleId, h.ts]);

describe('RuleEvaluator: hazard rules', () => {
  it('opens an alert once the model has seen the hazard for `for`, carrying what it saw', () => {
    const evaluator = new RuleEvaluator(site, compile(personInCell));
    expect(evaluator.evaluate([seen(10_000)], 10_000)).toEqual([]);
    const [onset] = evaluator.evaluate([seen(12_000)], 12_000);
    expect(onset).toMatchObject({
      phase: 'onset',
      ruleId: 'person-in-cell',
      zoneId: 'robot-cell',
      since: 10_000,
      value: 0.9,
      summary: 'Person in robot cell on Robot cell 3 in Robot cell (model 90% sure) for 2 s',
      boxes: [inCell],
    });
    expect(onset?.observation).toMatchObject({ reason: 'a worker stands beside the robot arm', modelId: 'nvidia/Cosmos-Reason2-2B', promptHash: 'abc123', frameTimes: [10_500, 11_000, 11_500, 12_000] });
  });

  it('does not fire below minConfidence, for an absent hazard, or for another hazard', () => {
    const evaluator = new RuleEvaluator(site, compile(personInCell));
    const hits = [
      ...evaluator.evaluate([seen(10_000, { confidence: 0.5 })], 10_000),
      ...evaluator.evaluate([seen(13_000, { confidence: 0.5 })], 13_000),
      ...evaluator.evaluate([seen(16_000, { present: false, boxes: [] })], 16_000),
      ...evaluator.evaluate([seen(19_000, { hazard: 'spill' })], 19_000),
      ...evaluator.evaluate([seen(22_000, { hazard: 'spill' })], 22_000),
    ];
    expect(hits).toEqual([]);
  });

  it('needs a box in the zone when the model gave boxes; trusts the verdict when it gave none', () => {
    const outsideOnly = new RuleEvaluator(site, compile(personInCell));
    outsideOnly.evaluate([seen(10_000, { boxes: [outside] })], 10_000);
    expect(outsideOnly.evaluate([seen(13_000, { boxes: [outside] })], 13_000)).toEqual([]);

    const mixed = new RuleEvaluator(site, compile(personInCell));
    mixed.evaluate([seen(10_000, { boxes: [outside, inCell] })], 10_000);
    const [onset] = mixed.evaluate([seen(13_000, { boxes: [outside, inCell] })], 13_000);
    expect(onset?.boxes).toEqual([inCell]);

    const noBoxes = new RuleEvaluator(site, compile(personInCell));
    noBoxes.evaluate([seen(10_000, { boxes: [] })], 10_000);
    expect(brief(noBoxes.evaluate([seen(13_000, { boxes: [] })], 13_000))).toEqual([['onset', 'person-in-cell', 13_000]]);
  });

  it('clears when the model says the hazard is gone, and when it has said nothing for too long', () => {
    const evaluator = new RuleEvaluator(site, compile(noHardHat), { hazardStaleAfterMs: 60_000 });
    const opened = evaluator.evaluate([seen(10_000, { hazard: 'no-hard-hat' }, 'dock-1')], 10_000);
    expect(brief(opened)).toEqual([['onset', 'no-hard-hat', 10_000]]);
    // A heartbeat 30 s later still sees it: the alert stays open.
    expect(brief(evaluator.evaluate([seen(40_000, { hazard: 'no-hard-hat' }, 'dock-1')], 40_000)).filter(([p]) => p !== 'update')).toEqual([]);
    const gone = evaluator.evaluate([seen(50_000, { hazard: 'no-hard-hat', present: false, boxes: [] }, 'dock-1')], 50_000);
    expect(gone.filter((h) => h.phase === 'clear')).toEqual([]);
    // clearAfter (3 s by default) later, the alert ends.
    expect(brief(evaluator.tick(53_000))).toEqual([['clear', 'no-hard-hat', 53_000]]);

    const silent = new RuleEvaluator(site, compile(noHardHat), { hazardStaleAfterMs: 60_000 });
    silent.evaluate([seen(10_000, { hazard: 'no-hard-hat' }, 'gate-2')], 10_000);
    expect(silent.tick(65_000).filter((h) => h.phase === 'clear')).toEqual([]);
    // Unseen from 70 s (10 s + 60 s), cleared 3 s after that.
    expect(brief(silent.tick(73_000))).toEqual([['clear', 'no-hard-hat', 73_000]]);
  });

  it('continues a hazard alert that was open at the last stop', () => {
    const evaluator = new RuleEvaluator(site, compile(personInCell));
    expect(evaluator.restore([{ ruleId: 'person-in-cell', cameraId: 'cell-3', since: 5000 }])).toEqual([]);
    expect(evaluator.active()).toEqual([{ ruleId: 'person-in-cell', cameraId: 'cell-3', since: 5000 }]);
  });
});
