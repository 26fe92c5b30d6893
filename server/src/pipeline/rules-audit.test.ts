import { describe, expect, it } from 'vitest';
import type { CompiledRule } from '../rules/index.js';
import type { RuleSetUpdate } from '../rules/rules-folder.adapter.js';
import { rulesAuditEntries } from './rules-audit.js';

const rule = (cooldownMs: number): CompiledRule => ({
  id: 'cell-intrusion',
  name: 'Person in robot cell',
  severity: 'critical',
  cameras: '*',
  when: { signal: 'motion', zone: 'robot-cell', minArea: 0.02, forMs: 2000 } as unknown as CompiledRule['when'],
  cooldownMs,
  clearAfterMs: 0,
  schedule: null,
  notify: [],
  enabled: true,
  source: { file: '/site/rules/site.yaml', line: 2, column: 3 },
});

const update = (cooldownMs: number, errors = 0): RuleSetUpdate => {
  const errorList = Array.from({ length: errors }, (_, i) => ({ file: '/site/rules/bad.yaml', line: i + 1, column: 1, message: 'bad' }));
  return {
    rules: [rule(cooldownMs)],
    errors: errorList,
    packs: [
      { file: '/site/rules/site.yaml', rules: [], errors: [], loadedAt: 1 },
      ...(errors > 0 ? [{ file: '/site/rules/bad.yaml', rules: [], errors: errorList, loadedAt: null }] : []),
    ],
  };
};

describe('rules audit entries', () => {
  it('records a reload with the files and the hash of what runs, once per change', () => {
    const first = rulesAuditEntries(update(60_000), null);
    expect(first.entries).toEqual([
      { actor: 'system', action: 'rules.reload', targetType: 'rules', targetId: null, details: { files: ['site.yaml'], rules: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } },
    ]);
    expect(rulesAuditEntries(update(60_000), first.state).entries).toEqual([]);
    const changed = rulesAuditEntries(update(30_000), first.state);
    expect(changed.entries.map((e) => e.action)).toEqual(['rules.reload']);
    expect(changed.state.hash).not.toBe(first.state.hash);
  });

  it('records a rejected pack with its error count, and not again for the same errors', () => {
    const first = rulesAuditEntries(update(60_000), null);
    const rejected = rulesAuditEntries(update(60_000, 2), first.state);
    expect(rejected.entries).toEqual([
      { actor: 'system', action: 'rules.rejected', targetType: 'rules', targetId: null, details: { files: ['bad.yaml'], errors: 2 } },
    ]);
    expect(rulesAuditEntries(update(60_000, 2), rejected.state).entries).toEqual([]);
  });
});
