import { describe, expect, it } from 'vitest';
import type { RuleDto, RulePackDto } from '../api/contracts.js';
import { describeCameras, describeCondition, rulesUsingZone, tamperedCameras, tamperRuleIds } from './rule-text.js';
import { alert } from './test-alerts.js';

const rule = (fields: Partial<RuleDto>): RuleDto => ({ id: 'r', name: 'R', severity: 'high', cameras: '*', when: {}, notify: [], ...fields });

const packs: RulePackDto[] = [
  {
    file: 'rules/site.yaml',
    errors: [],
    rules: [
      rule({ id: 'cell-intrusion', cameras: ['cell-3'], when: { signal: 'motion', zone: 'robot-cell', minArea: 0.02, for: '2s' } }),
      rule({ id: 'camera-covered', when: { signal: 'tamper', kind: 'covered', for: '3s' } }),
      rule({ id: 'edge', cameras: ['dock-1'], when: { signal: 'motion', zone: 'robot-cell' } }),
    ],
  },
];

describe('rules in words', () => {
  it('describes each kind of condition', () => {
    expect(describeCondition({ signal: 'motion', zone: 'robot-cell', minArea: 0.02, for: '2s' })).toBe(
      'Motion over at least 2% of zone robot-cell for 2s',
    );
    expect(describeCondition({ signal: 'motion' })).toBe('Motion over part of the frame');
    expect(describeCondition({ signal: 'tamper', kind: 'covered', for: '3s' })).toBe('The camera is covered or blacked out for 3s');
    expect(describeCondition({ signal: 'offline', for: '30s' })).toBe('The camera sends nothing for 30s');
    expect(describeCondition({ hazard: 'spill', ask: 'Is there a spill?', minConfidence: 0.6, for: '4s' })).toBe(
      'The model sees hazard "spill" with confidence ≥ 0.6 for 4s (asked: "Is there a spill?")',
    );
  });

  it('names the cameras a rule applies to', () => {
    expect(describeCameras(rule({ cameras: '*' }))).toBe('All cameras');
    expect(describeCameras(rule({ cameras: ['a', 'b'] }))).toBe('a, b');
  });

  it('finds the rules that use a zone on a camera', () => {
    expect(rulesUsingZone(packs, 'cell-3', 'robot-cell').map((r) => r.id)).toEqual(['cell-intrusion']);
    expect(rulesUsingZone(packs, 'dock-1', 'robot-cell').map((r) => r.id)).toEqual(['edge']);
    expect(rulesUsingZone(packs, 'other', 'robot-cell')).toEqual([]);
  });

  it('marks cameras with an active alert from a tamper rule', () => {
    const tamper = tamperRuleIds(packs);
    const alerts = [
      alert({ id: '1', cameraId: 'dock-1', ruleId: 'camera-covered', status: 'open' }),
      alert({ id: '2', cameraId: 'cell-3', ruleId: 'camera-covered', status: 'resolved' }),
      alert({ id: '3', cameraId: 'yard', ruleId: 'cell-intrusion', status: 'open' }),
    ];
    expect([...tamperedCameras(alerts, tamper)]).toEqual(['dock-1']);
  });
});
