import { describe, expect, it } from 'vitest';
import type { CompiledRule } from '../rules/index.js';
import { DEFAULT_ROBOT_MIN_CONFIDENCE, robotOutcome, robotQuestionFor, robotStatusNote } from './robot-verdict.js';

const hazardRule = {
  id: 'no-hard-hat',
  name: 'Worker without a hard hat',
  when: { kind: 'hazard', hazard: 'no_hard_hat', ask: 'Is any person not wearing a hard hat?', minConfidence: 0.75, zoneId: 'dock-edge', forMs: 0 },
} as CompiledRule;
const motionRule = { id: 'cell-intrusion', name: 'Person in robot cell', when: { kind: 'motion', zoneId: 'robot-cell', minArea: 0.02, forMs: 0 } } as CompiledRule;
const verdict = (present: boolean, confidence: number) => ({ hazard: 'h', present, confidence, boxes: [], span: null, reason: 'a worker at the door' });

describe('robotQuestionFor', () => {
  it('asks a hazard rule its own question, without the fixed camera zones', () => {
    const asked = robotQuestionFor({ ruleId: 'no-hard-hat', ruleName: 'x', observation: null }, hazardRule);
    expect(asked).toEqual({ question: { hazard: 'no_hard_hat', ask: 'Is any person not wearing a hard hat?', zones: [] }, minConfidence: 0.75 });
  });

  it('builds a question from the rule name for pixel rules', () => {
    const asked = robotQuestionFor({ ruleId: 'cell-intrusion', ruleName: 'Person in robot cell', observation: null }, motionRule);
    expect(asked.question).toEqual({ hazard: 'cell-intrusion', ask: 'Is there still: Person in robot cell?', zones: [] });
    expect(asked.minConfidence).toBe(DEFAULT_ROBOT_MIN_CONFIDENCE);
  });
});

describe('robotOutcome', () => {
  it('verifies a confident yes and clears on a confident no', () => {
    expect(robotOutcome({ ok: true, verdict: verdict(true, 0.9), modelId: 'm' }, 0.6)).toMatchObject({ kind: 'present', note: expect.stringMatching(/^still there per robot: a worker at the door \(m, confidence 0\.90\)$/) });
    expect(robotOutcome({ ok: true, verdict: verdict(false, 0.8), modelId: 'm' }, 0.6).kind).toBe('absent');
  });

  it('gives no verdict below the confidence floor or when the reply was unreadable', () => {
    expect(robotOutcome({ ok: true, verdict: verdict(false, 0.4), modelId: 'm' }, 0.6)).toMatchObject({ kind: 'no_verdict', note: expect.stringContaining('unsure (not there)') });
    expect(robotOutcome({ ok: false, error: 'the reply has no JSON' }, 0.6)).toEqual({ kind: 'no_verdict', note: "no verdict on the robot's frame: the reply has no JSON" });
  });
});

describe('robotStatusNote', () => {
  it('names the status, the mission and the robot note', () => {
    expect(robotStatusNote('arrived', 'm-1', ' by the dock door ')).toBe('arrived at the location (mission m-1): by the dock door');
    expect(robotStatusNote('en_route', 'm-1', undefined)).toBe('on the way (mission m-1)');
  });
});
