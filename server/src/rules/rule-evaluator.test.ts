import { describe, expect, it } from 'vitest';
import type { RuleHit, Signal } from '../domain/index.js';
import { RuleEvaluator } from './rule-evaluator.js';
import type { CompiledRule } from './rule-types.js';
import { site, yaml } from './site-fixture.test-util.js';
import { validateRulePack } from './validate-rule-pack.js';

function compile(...ruleLines: string[]): CompiledRule[] {
  const { rules, errors } = validateRulePack('test.yaml', yaml('rules:', ...ruleLines), site);
  expect(errors).toEqual([]);
  return rules;
}

const intrusion = '  - { id: cell-intrusion, name: Person in robot cell, severity: critical, cameras: [cell-3], when: { signal: motion, zone: robot-cell, minArea: 0.02, for: 2s }, cooldown: 1m, notify: [dashboard, email:ehs] }';
const covered = '  - { id: covered, name: Camera covered, severity: high, cameras: "*", when: { signal: tamper, kind: covered, for: 1s } }';
const anyTamper = '  - { id: tampered, name: Camera tampered, severity: high, cameras: "*", when: { signal: tamper } }';
const offline = '  - { id: camera-offline, name: Camera offline, severity: medium, cameras: "*", when: { signal: offline, for: 30s }, clearAfter: 5s }';

const motion = (ts: number, value: number, zoneId: string | null = 'robot-cell', cameraId = 'cell-3'): Signal => ({ kind: 'motion', cameraId, ts, zoneId, value });
const tamper = (ts: number, kind: 'covered' | 'moved' | null, cameraId = 'dock-1'): Signal => ({ kind: 'tamper', cameraId, ts, tamper: kind, value: kind ? 1 : 0 });
const offlineSignal = (ts: number, value: number, cameraId = 'gate-2'): Signal => ({ kind: 'offline', cameraId, ts, value, reason: value ? 'connection refused' : 'online' });

/** Feeds one signal every `stepMs` from `from` to `to` (inclusive), evaluating each with now = its time. */
function run(evaluator: RuleEvaluator, from: number, to: number, make: (ts: number) => Signal, stepMs = 500): RuleHit[] {
  const hits: RuleHit[] = [];
  for (let ts = from; ts <= to; ts += stepMs) hits.push(...evaluator.evaluate([make(ts)], ts));
  return hits;
}

const brief = (hits: RuleHit[]) => hits.map((h) => [h.phase, h.ts]);

describe('RuleEvaluator: onset, updates, clear', () => {
  it('fires once the condition has held for `for`, with a readable summary', () => {
    const evaluator = new RuleEvaluator(site, compile(intrusion));
    const early = run(evaluator, 10_000, 11_500, (ts) => motion(ts, 0.12));
    expect(early).toEqual([]);
    const [onset] = evaluator.evaluate([motion(12_000, 0.12)], 12_000);
    expect(onset).toEqual({
      phase: 'onset',
      ruleId: 'cell-intrusion',
      ruleName: 'Person in robot cell',
      severity: 'critical',
      cameraId: 'cell-3',
      zoneId: 'robot-cell',
      ts: 12_000,
      since: 10_000,
      value: 0.12,
      summary: 'Motion in Robot cell (12% of zone) for 2 s',
      notify: ['dashboard', 'email:ehs'],
    });
    expect(evaluator.active()).toEqual([{ ruleId: 'cell-intrusion', cameraId: 'cell-3', since: 10_000 }]);
  });

  it('starts the `for` clock again after the condition breaks', () => {
    const evaluator = new RuleEvaluator(site, compile(intrusion));
    run(evaluator, 10_000, 11_000, (ts) => motion(ts, 0.1));
    evaluator.evaluate([motion(11_500, 0.001)], 11_500);
    const hits = run(evaluator, 12_000, 15_000, (ts) => motion(ts, 0.1));
    expect(brief(hits)).toEqual([['onset', 14_000]]);
    expect(hits[0]!.since).toBe(12_000);
  });

  it('ignores motion below minArea, in other zones and on other cameras', () => {
    const evaluator = new RuleEvaluator(site, compile(intrusion));
    expect(run(evaluator, 0, 10_000, (ts) => motion(ts, 0.019))).toEqual([]);
    expect(run(evaluator, 10_500, 20_000, (ts) => motion(ts, 0.5, null))).toEqual([]);
    expect(run(evaluator, 20_500, 30_000, (ts) => motion(ts, 0.5, 'robot-cell', 'dock-1'))).toEqual([]);
  });

  it('sends updates at most every updateEveryMs, carrying the peak', () => {
    const evaluator = new RuleEvaluator(site, compile(intrusion), { updateEveryMs: 5000 });
    const values = (ts: number) => (ts === 15_000 ? 0.3 : 0.1);
    const hits = run(evaluator, 10_000, 25_000, (ts) => motion(ts, values(ts)));
    expect(brief(hits)).toEqual([['onset', 12_000], ['update', 17_000], ['update', 22_000]]);
    expect(hits.map((h) => h.value)).toEqual([0.1, 0.3, 0.3]);
    expect(hits[1]!.summary).toBe('Motion in Robot cell (30% of zone) for 7 s');
  });

  it('clears once the condition has been false for clearAfter; a shorter dip does not', () => {
    const evaluator = new RuleEvaluator(site, compile(intrusion));
    run(evaluator, 10_000, 20_000, (ts) => motion(ts, 0.1));
    const clears = (hits: RuleHit[]) => hits.filter((h) => h.phase === 'clear');
    expect(clears(run(evaluator, 20_500, 22_000, (ts) => motion(ts, 0)))).toEqual([]);
    expect(clears(run(evaluator, 22_500, 23_000, (ts) => motion(ts, 0.1)))).toEqual([]);
    expect(run(evaluator, 23_500, 26_000, (ts) => motion(ts, 0))).toEqual([]);
    expect(evaluator.tick(26_499)).toEqual([]);
    const [clear] = evaluator.tick(26_500);
    expect(clear).toMatchObject({ phase: 'clear', ts: 26_500, since: 10_000, value: 0.1 });
    expect(clear!.summary).toBe('Motion in Robot cell (peak 10% of zone) for 14 s, cleared');
    expect(evaluator.active()).toEqual([]);
  });

  it('treats a camera that stops sending as a false condition after staleAfterMs', () => {
    const evaluator = new RuleEvaluator(site, compile(intrusion), { staleAfterMs: 4000 });
    run(evaluator, 10_000, 13_000, (ts) => motion(ts, 0.1));
    expect(evaluator.tick(19_999)).toEqual([]);
    expect(brief(evaluator.tick(20_000))).toEqual([['clear', 20_000]]);
  });
});

describe('RuleEvaluator: cooldown and schedules', () => {
  it('holds back a new onset until cooldown has passed since the clear', () => {
    const evaluator = new RuleEvaluator(site, compile(intrusion));
    run(evaluator, 10_000, 13_000, (ts) => motion(ts, 0.1));
    run(evaluator, 13_500, 16_500, (ts) => motion(ts, 0));
    expect(evaluator.active()).toEqual([]); // cleared at 16_500, cooldown 1 min
    expect(run(evaluator, 20_000, 76_000, (ts) => motion(ts, 0.2), 1000)).toEqual([]);
    const hits = run(evaluator, 76_500, 77_000, (ts) => motion(ts, 0.2));
    expect(brief(hits)).toEqual([['onset', 76_500]]);
    expect(hits[0]!.since).toBe(20_000);
  });

  it('fires only inside its schedule and clears an active alert when the schedule ends', () => {
    const scheduled =
      '  - { id: cell-day, name: Cell by day, severity: critical, cameras: [cell-3], when: { signal: motion, zone: robot-cell, for: 2s }, schedule: { days: [mon], hours: "06:00-22:00" } }';
    const evaluator = new RuleEvaluator(site, compile(scheduled));
    const monday0545 = Date.parse('2025-01-06T04:45:00Z'); // 05:45 in Berlin, the site timezone
    const sixAm = monday0545 + 15 * 60_000;
    expect(run(evaluator, monday0545, sixAm - 1000, (ts) => motion(ts, 0.2), 1000)).toEqual([]);
    const hits = run(evaluator, sixAm, sixAm + 1000, (ts) => motion(ts, 0.2), 1000);
    expect(brief(hits)).toEqual([['onset', sixAm]]);
    expect(hits[0]!.since).toBe(monday0545);

    const evening = new RuleEvaluator(site, compile(scheduled));
    const monday2158 = Date.parse('2025-01-06T20:58:00Z');
    const tenPm = monday2158 + 120_000;
    const late = run(evening, monday2158, tenPm, (ts) => motion(ts, 0.2), 1000).filter((h) => h.phase !== 'update');
    expect(brief(late)).toEqual([['onset', monday2158 + 2000], ['clear', tenPm]]);
  });

  it('fires out of hours on a schedule that wraps past midnight', () => {
    const dock =
      '  - { id: dock-night, name: Dock at night, severity: high, cameras: [dock-1], when: { signal: motion, zone: dock-edge, for: 1s }, schedule: { hours: "22:00-06:00", timezone: UTC } }';
    const evaluator = new RuleEvaluator(site, compile(dock));
    const noon = Date.parse('2025-01-08T12:00:00Z');
    expect(run(evaluator, noon, noon + 5000, (ts) => motion(ts, 0.5, 'dock-edge', 'dock-1'))).toEqual([]);
    const threeAm = Date.parse('2025-01-09T03:00:00Z');
    expect(brief(run(evaluator, threeAm, threeAm + 1000, (ts) => motion(ts, 0.5, 'dock-edge', 'dock-1')))).toEqual([['onset', threeAm + 1000]]);
  });
});

describe('RuleEvaluator: tamper, offline', () => {
  it('matches the tamper kind a rule asks for, per camera', () => {
    const evaluator = new RuleEvaluator(site, compile(covered, anyTamper));
    const hits = [
      ...run(evaluator, 0, 1000, (ts) => tamper(ts, 'moved', 'dock-1')),
      ...run(evaluator, 0, 1000, (ts) => tamper(ts, 'covered', 'gate-2')),
    ];
    expect(hits.map((h) => `${h.phase} ${h.ruleId} ${h.cameraId} ${h.ts}`)).toEqual([
      'onset tampered dock-1 0',
      'onset tampered gate-2 0',
      'onset covered gate-2 1000',
    ]);
    expect(hits[0]!.summary).toBe('Camera Loading dock 1 moved off its view for 0 s');
    expect(hits[2]!.summary).toBe('Camera Gate 2 covered for 1 s');
    expect(hits[2]!.zoneId).toBeNull();
    expect(hits[2]!.value).toBe(1);
  });

  it('fires offline through tick when no signals arrive, and clears when the camera is back', () => {
    const evaluator = new RuleEvaluator(site, compile(offline));
    expect(evaluator.evaluate([offlineSignal(1000, 1)], 1000)).toEqual([]);
    expect(evaluator.tick(30_999)).toEqual([]);
    const [onset] = evaluator.tick(31_000);
    expect(onset).toMatchObject({ phase: 'onset', ruleId: 'camera-offline', cameraId: 'gate-2', since: 1000, value: 1 });
    expect(onset!.summary).toBe('Camera Gate 2 offline for 30 s (connection refused)');
    expect(brief(evaluator.tick(60_000))).toEqual([['update', 60_000]]); // offline does not go stale
    expect(evaluator.evaluate([offlineSignal(61_000, 0)], 61_000).filter((h) => h.phase === 'clear')).toEqual([]);
    expect(brief(evaluator.tick(66_000))).toEqual([['clear', 66_000]]);
  });
});

describe('RuleEvaluator: rule changes and restarts', () => {
  it('continues restored alerts instead of opening them again, and hands back orphans', () => {
    const hazard = '  - { id: hat, name: Hard hat, severity: high, cameras: "*", when: { hazard: no_hard_hat, ask: "Any head without a hard hat?" } }';
    const evaluator = new RuleEvaluator(site, compile(intrusion, hazard));
    const orphans = evaluator.restore([
      { ruleId: 'cell-intrusion', cameraId: 'cell-3', since: 5000, peakValue: 0.4 },
      { ruleId: 'gone', cameraId: 'cell-3' },
      { ruleId: 'cell-intrusion', cameraId: 'dock-1' },
      { ruleId: 'hat', cameraId: 'dock-1' },
    ]);
    expect(orphans).toEqual([{ ruleId: 'gone', cameraId: 'cell-3' }, { ruleId: 'cell-intrusion', cameraId: 'dock-1' }]);
    const hits = run(evaluator, 100_000, 104_000, (ts) => motion(ts, 0.1));
    expect(hits.map((h) => [h.phase, h.ruleId, h.ts])).toEqual([['update', 'cell-intrusion', 100_000], ['update', 'hat', 100_000]]);
    expect(hits[0]).toMatchObject({ since: 5000, value: 0.4 });
    const later = run(evaluator, 104_500, 108_000, (ts) => motion(ts, 0)).filter((h) => h.ruleId === 'cell-intrusion');
    expect(brief(later)).toEqual([['clear', 107_500]]);
  });

  it('clears a restored alert whose condition never comes back', () => {
    const evaluator = new RuleEvaluator(site, compile(intrusion));
    evaluator.restore([{ ruleId: 'cell-intrusion', cameraId: 'cell-3' }]);
    expect(evaluator.tick(50_000)).toEqual([]);
    const [clear] = evaluator.tick(53_000);
    expect(clear).toMatchObject({ phase: 'clear', ts: 53_000, since: 50_000 });
  });

  it('keeps the state of rules that remain and clears alerts of rules that go', () => {
    const evaluator = new RuleEvaluator(site, compile(intrusion, anyTamper));
    run(evaluator, 0, 2000, (ts) => motion(ts, 0.1));
    run(evaluator, 0, 2000, (ts) => tamper(ts, 'covered'));
    expect(evaluator.active()).toHaveLength(2);

    const renamed = compile(intrusion.replace('Person in robot cell', 'Someone in the cell'));
    const cleared = evaluator.setRules(renamed, 2500);
    expect(cleared.map((h) => `${h.phase} ${h.ruleId} ${h.ts}`)).toEqual(['clear tampered 2500']);
    const hits = run(evaluator, 2500, 7000, (ts) => motion(ts, 0.1));
    expect(brief(hits)).toEqual([['update', 7000]]);
    expect(hits[0]!.ruleName).toBe('Someone in the cell');
  });

  it('never fires a disabled rule or a hazard rule', () => {
    const disabled = intrusion.replace('cooldown: 1m', 'cooldown: 1m, enabled: false');
    const hazard = '  - { id: hat, name: Hard hat, severity: high, cameras: "*", when: { hazard: no_hard_hat, ask: "Any head without a hard hat?" } }';
    const evaluator = new RuleEvaluator(site, compile(disabled, hazard));
    expect(run(evaluator, 0, 10_000, (ts) => motion(ts, 0.5))).toEqual([]);
    expect(evaluator.tick(20_000)).toEqual([]);
  });
});
