import { describe, expect, it } from 'vitest';
import { site, yaml } from './site-fixture.test-util.js';
import { validateRulePack } from './validate-rule-pack.js';

const goodRule = [
  'rules:',
  '  - id: cell-intrusion',
  '    name: Person in robot cell',
  '    severity: critical',
  '    cameras: [cell-3]',
  '    when: { signal: motion, zone: robot-cell, minArea: 0.05, for: 2s }',
];

const errorsOf = (text: string) => validateRulePack('rules/site.yaml', text, site).errors;

describe('validateRulePack', () => {
  it('compiles a rule with defaults filled in', () => {
    const { rules, errors } = validateRulePack('rules/site.yaml', yaml(...goodRule), site);
    expect(errors).toEqual([]);
    expect(rules).toEqual([
      {
        id: 'cell-intrusion',
        name: 'Person in robot cell',
        severity: 'critical',
        cameras: ['cell-3'],
        when: { kind: 'motion', zoneId: 'robot-cell', minArea: 0.05, forMs: 2000 },
        cooldownMs: 60_000,
        clearAfterMs: 3000,
        schedule: null,
        notify: ['dashboard'],
        enabled: true,
        source: { file: 'rules/site.yaml', line: 2, column: 5 },
      },
    ]);
  });

  it('compiles every kind of condition, schedules and channels', () => {
    const { rules, errors } = validateRulePack(
      'p.yaml',
      yaml(
        'rules:',
        '  - { id: a, name: A, severity: info, cameras: "*", when: { signal: motion } }',
        '  - { id: b, name: B, severity: low, cameras: "*", when: { signal: tamper, kind: covered, for: 500ms } }',
        '  - { id: c, name: C, severity: medium, cameras: [gate-2], when: { signal: offline, for: 30s }, enabled: false }',
        '  - id: d',
        '    name: D',
        '    severity: high',
        '    cameras: "*"',
        '    when: { hazard: no_hard_hat, ask: "Is any person not wearing a hard hat?", minConfidence: 0.6, for: 4s }',
        '    schedule: { days: [fri, mon], hours: "22:00-06:00", timezone: America/New_York }',
        '    notify: [dashboard, email:ehs, webhook:ops, robot:patrol-1]',
        '    cooldown: 1h',
        '    clearAfter: 1.5s',
      ),
      site,
    );
    expect(errors).toEqual([]);
    expect(rules.map((r) => r.when)).toEqual([
      { kind: 'motion', zoneId: null, minArea: 0.02, forMs: 0 },
      { kind: 'tamper', tamper: 'covered', forMs: 500 },
      { kind: 'offline', forMs: 30_000 },
      { kind: 'hazard', hazard: 'no_hard_hat', ask: 'Is any person not wearing a hard hat?', minConfidence: 0.6, zoneId: null, forMs: 4000 },
    ]);
    expect(rules[2]!.enabled).toBe(false);
    expect(rules[3]).toMatchObject({
      schedule: { days: [1, 5], startMinute: 22 * 60, endMinute: 6 * 60, timezone: 'America/New_York' },
      notify: ['dashboard', 'email:ehs', 'webhook:ops', 'robot:patrol-1'],
      cooldownMs: 3_600_000,
      clearAfterMs: 1500,
    });
  });

  it('uses the site timezone for a schedule without one', () => {
    const { rules } = validateRulePack('p.yaml', yaml(...goodRule, '    schedule: { days: [sat] }'), site);
    expect(rules[0]!.schedule).toEqual({ days: [6], startMinute: 0, endMinute: 1440, timezone: 'Europe/Berlin' });
  });

  it('reports a YAML syntax error at its line and column', () => {
    const errors = errorsOf(yaml('rules:', '  - id: a', '    name: [unclosed', '  - id: b'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'rules/site.yaml', line: 4, column: 3 });
    expect(errors[0]!.message).toMatch(/^YAML: /);
  });

  it('reports a duplicate YAML key', () => {
    const errors = errorsOf(yaml(...goodRule, '    name: Again'));
    expect(errors).toEqual([{ file: 'rules/site.yaml', line: 7, column: 5, message: 'YAML: Map keys must be unique' }]);
  });

  it('reports an unknown key at the key, naming it', () => {
    expect(errorsOf(yaml(...goodRule, '    sevrity: high'))).toEqual([
      { file: 'rules/site.yaml', line: 7, column: 5, message: 'rules[0].sevrity: unknown key' },
    ]);
    const inWhen = errorsOf(yaml(...goodRule.slice(0, 5), '    when: { signal: motion, zone: robot-cell, area: 0.1 }'));
    expect(inWhen).toEqual([{ file: 'rules/site.yaml', line: 6, column: 47, message: 'rules[0].when.area: unknown key' }]);
    expect(errorsOf(yaml('version: 2', 'rules: []'))).toEqual([
      { file: 'rules/site.yaml', line: 1, column: 1, message: 'version: unknown key' },
    ]);
  });

  it('reports a bad severity at its value', () => {
    const text = yaml(...goodRule.slice(0, 3), '    severity: urgent', ...goodRule.slice(4));
    expect(errorsOf(text)).toEqual([
      {
        file: 'rules/site.yaml',
        line: 4,
        column: 15,
        message: 'rules[0].severity: expected one of info, low, medium, high, critical (got "urgent")',
      },
    ]);
  });

  it('reports a bad duration, in the rule and inside the condition', () => {
    expect(errorsOf(yaml(...goodRule, '    cooldown: 1 minute'))).toEqual([
      {
        file: 'rules/site.yaml',
        line: 7,
        column: 15,
        message: 'rules[0].cooldown: expected a duration such as "500ms", "2s", "5m" or "1h" (got "1 minute")',
      },
    ]);
    const inWhen = errorsOf(yaml(...goodRule.slice(0, 5), '    when: { signal: motion, for: 2 }'));
    expect(inWhen).toHaveLength(1);
    expect(inWhen[0]).toMatchObject({ line: 6, column: 34 });
    expect(inWhen[0]!.message).toMatch(/^rules\[0\]\.when\.for: expected a duration/);
  });

  it('reports an unknown camera, zone and channel at the offending entry', () => {
    const text = yaml(
      'rules:',
      '  - id: a',
      '    name: A',
      '    severity: high',
      '    cameras: [cell-3, cell-9]',
      '    when: { signal: motion }',
      '  - id: b',
      '    name: B',
      '    severity: high',
      '    cameras: [dock-1]',
      '    when: { signal: motion, zone: robot-cell }',
      '    notify: [dashboard, email:nobody]',
    );
    expect(errorsOf(text)).toEqual([
      { file: 'rules/site.yaml', line: 5, column: 23, message: 'rules[0].cameras[1]: unknown camera "cell-9"' },
      { file: 'rules/site.yaml', line: 11, column: 35, message: 'rules[1].when.zone: camera "dock-1" has no zone "robot-cell"' },
      { file: 'rules/site.yaml', line: 12, column: 25, message: 'rules[1].notify[1]: unknown channel "email:nobody"' },
    ]);
  });

  it('reports a zone that no camera has for a rule on every camera', () => {
    const errors = errorsOf(yaml('rules:', '  - { id: a, name: A, severity: low, cameras: "*", when: { signal: motion, zone: roof } }'));
    expect(errors.map((e) => e.message)).toEqual(['rules[0].when.zone: no camera has a zone "roof"']);
  });

  it('reports a duplicate rule id in the file and against other packs', () => {
    const twice = yaml(...goodRule, ...goodRule.slice(1));
    expect(errorsOf(twice)).toEqual([
      { file: 'rules/site.yaml', line: 7, column: 9, message: 'rules[1].id: duplicate rule id "cell-intrusion" (first defined at line 2)' },
    ]);
    const taken = new Map([['cell-intrusion', 'rules/other.yaml']]);
    expect(validateRulePack('rules/site.yaml', yaml(...goodRule), site, { takenIds: taken }).errors).toEqual([
      { file: 'rules/site.yaml', line: 2, column: 9, message: 'rules[0].id: duplicate rule id "cell-intrusion" (already defined in rules/other.yaml)' },
    ]);
  });

  it('reports missing fields, an unknown signal and a bad id with the rule position', () => {
    const errors = errorsOf(
      yaml('rules:', '  - id: Bad_Id', '    severity: high', '    cameras: "*"', '    when: { signal: smoke }'),
    );
    expect(errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [2, 5, 'rules[0].name: required'],
      [2, 9, 'rules[0].id: expected a rule id of a-z, 0-9 and "-" (got "Bad_Id")'],
      [5, 21, 'rules[0].when.signal: expected "signal: motion | tamper | offline" or "hazard: NAME"'],
    ]);
  });

  it('reports an out-of-range minArea, a bad schedule and an unknown timezone', () => {
    const text = yaml(
      ...goodRule.slice(0, 5),
      '    when: { signal: motion, minArea: 1.5 }',
      '    schedule: { days: [monday], hours: "6-22", timezone: Mars/Olympus }',
    );
    expect(errorsOf(text).map((e) => e.message)).toEqual([
      'rules[0].when.minArea: expected a number from 0 to 1 (got 1.5)',
      'rules[0].schedule.days[0]: expected one of sun, mon, tue, wed, thu, fri, sat (got "monday")',
      'rules[0].schedule.hours: expected hours as "HH:MM-HH:MM", e.g. "06:00-22:00" (got "6-22")',
      'rules[0].schedule.timezone: unknown timezone; expected an IANA name such as "Europe/Berlin" (got "Mars/Olympus")',
    ]);
  });

  it('reports an empty file, a missing rules list and a list of the wrong type', () => {
    expect(errorsOf('')).toEqual([
      { file: 'rules/site.yaml', line: 1, column: 1, message: 'the file is empty; expected "rules:" with a list of rules' },
    ]);
    expect(errorsOf('rules: {}\n').map((e) => e.message)).toEqual(['rules: expected a list of rules']);
    expect(validateRulePack('p.yaml', 'rules: []\n', site)).toEqual({ rules: [], errors: [] });
  });
});
