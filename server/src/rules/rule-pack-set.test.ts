import { describe, expect, it } from 'vitest';
import { RulePackSet } from './rule-pack-set.js';
import { site, yaml } from './site-fixture.test-util.js';

const rule = (id: string, extra = '') =>
  `  - { id: ${id}, name: Rule ${id}, severity: high, cameras: "*", when: { signal: tamper }${extra} }`;

describe('RulePackSet', () => {
  it('loads packs and describes them', () => {
    const set = new RulePackSet(site);
    expect(set.load('b.yaml', yaml('rules:', rule('b1')), 1000)).toEqual([]);
    const hazard = '  - { id: hat, name: Hard hat, severity: high, cameras: "*", when: { hazard: no_hard_hat, ask: "Any head without a hard hat?" } }';
    expect(set.load('a.yaml', yaml('rules:', rule('a1'), hazard), 2000)).toEqual([]);
    expect(set.rules().map((r) => r.id)).toEqual(['a1', 'hat', 'b1']);
    expect(set.packs()).toEqual([
      {
        file: 'a.yaml',
        loadedAt: 2000,
        errors: [],
        rules: [
          { id: 'a1', name: 'Rule a1', severity: 'high', cameras: '*', kind: 'tamper', enabled: true, waitingFor: null },
          { id: 'hat', name: 'Hard hat', severity: 'high', cameras: '*', kind: 'hazard', enabled: true, waitingFor: 'reasoning' },
        ],
      },
      { file: 'b.yaml', loadedAt: 1000, errors: [], rules: [expect.objectContaining({ id: 'b1' })] },
    ]);
  });

  it('keeps the running rules when a new version of the file is bad, and records its errors', () => {
    const set = new RulePackSet(site);
    set.load('site.yaml', yaml('rules:', rule('good')), 1000);
    const errors = set.load('site.yaml', yaml('rules:', rule('good', ', severity: urgent')), 2000);
    expect(errors).toHaveLength(1);
    expect(set.rules().map((r) => r.id)).toEqual(['good']);
    expect(set.packs()[0]).toMatchObject({ file: 'site.yaml', loadedAt: 1000, errors });
    expect(set.errors()).toEqual(errors);

    expect(set.load('site.yaml', yaml('rules:', rule('better')), 3000)).toEqual([]);
    expect(set.rules().map((r) => r.id)).toEqual(['better']);
    expect(set.packs()[0]).toMatchObject({ loadedAt: 3000, errors: [] });
  });

  it('runs nothing from a file that never loaded cleanly', () => {
    const set = new RulePackSet(site);
    expect(set.load('bad.yaml', 'rules: [\n', 1000)).not.toEqual([]);
    expect(set.rules()).toEqual([]);
    expect(set.packs()).toEqual([{ file: 'bad.yaml', rules: [], errors: expect.any(Array), loadedAt: null }]);
  });

  it('rejects an id another pack already uses, and takes it once that pack lets go', () => {
    const set = new RulePackSet(site);
    set.load('a.yaml', yaml('rules:', rule('shared')), 1000);
    const errors = set.load('b.yaml', yaml('rules:', rule('shared')), 2000);
    expect(errors.map((e) => e.message)).toEqual(['rules[0].id: duplicate rule id "shared" (already defined in a.yaml)']);
    expect(set.rules().map((r) => `${r.source.file}:${r.id}`)).toEqual(['a.yaml:shared']);

    set.remove('a.yaml', 3000);
    expect(set.rules().map((r) => `${r.source.file}:${r.id}`)).toEqual(['b.yaml:shared']);
    expect(set.errors()).toEqual([]);
  });

  it('checks every file again when the site changes, keeping good versions', () => {
    const set = new RulePackSet(site);
    set.load('dock.yaml', yaml('rules:', '  - { id: d, name: D, severity: low, cameras: [dock-1], when: { signal: offline } }'), 1000);
    set.setSite({ ...site, cameras: site.cameras.filter((c) => c.id !== 'dock-1') }, 2000);
    expect(set.errors().map((e) => e.message)).toEqual(['rules[0].cameras[0]: unknown camera "dock-1"']);
    expect(set.rules().map((r) => r.id)).toEqual(['d']);
    set.setSite(site, 3000);
    expect(set.errors()).toEqual([]);
    expect(set.packs()[0]!.loadedAt).toBe(3000);
  });
});
