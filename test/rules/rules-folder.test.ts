import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RulesFolder, type RuleSetUpdate } from '../../server/src/rules/rules-folder.adapter.js';
import type { SiteContext } from '../../server/src/rules/index.js';
import { validateRulePack } from '../../server/src/rules/index.js';

const site: SiteContext = {
  timezone: 'Europe/Berlin',
  channels: ['email:ehs', 'webhook:ops', 'robot:patrol-1'],
  cameras: [
    { id: 'dock-1', name: 'Loading dock 1', zones: [{ id: 'dock-edge', name: 'Dock edge' }] },
    { id: 'cell-3', name: 'Robot cell 3', zones: [{ id: 'robot-cell', name: 'Robot cell' }] },
    { id: 'gate-2', name: 'Gate 2', zones: [] },
  ],
};

const pack = (...ids: string[]) =>
  `rules:\n${ids.map((id) => `  - { id: ${id}, name: Rule ${id}, severity: high, cameras: "*", when: { signal: tamper } }`).join('\n')}\n`;

/** Collects onChange updates and lets a test wait for the next one that satisfies a condition. */
class Updates {
  private readonly seen: RuleSetUpdate[] = [];
  private waiters: { test: (u: RuleSetUpdate) => boolean; resolve: (u: RuleSetUpdate) => void }[] = [];

  readonly listener = (update: RuleSetUpdate): void => {
    this.seen.push(update);
    this.waiters = this.waiters.filter((w) => (w.test(update) ? (w.resolve(update), false) : true));
  };

  next(test: (u: RuleSetUpdate) => boolean, timeoutMs = 15_000): Promise<RuleSetUpdate> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching rule set update arrived')), timeoutMs);
      this.waiters.push({ test, resolve: (u) => (clearTimeout(timer), resolve(u)) });
    });
  }
}

const ids = (u: RuleSetUpdate) => u.rules.map((r) => r.id);

describe('RulesFolder', () => {
  let dir: string;
  let folder: RulesFolder | null = null;
  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-rules-'));
    logLines.length = 0;
  });

  afterEach(async () => {
    folder?.close();
    folder = null;
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the folder, then follows changed, added, broken and removed files', async () => {
    await writeFile(join(dir, 'a.yaml'), pack('a1'));
    await writeFile(join(dir, 'notes.txt'), 'not a rule pack');
    const updates = new Updates();
    folder = new RulesFolder({ dir, site, logger, debounceMs: 50, onChange: updates.listener });
    const first = await folder.start();
    expect(ids(first)).toEqual(['a1']);

    const changed = updates.next((u) => ids(u).includes('a2'));
    await writeFile(join(dir, 'a.yaml'), pack('a1', 'a2'));
    expect(ids(await changed)).toEqual(['a1', 'a2']);

    const added = updates.next((u) => ids(u).includes('b1'));
    await writeFile(join(dir, 'b.yml'), pack('b1'));
    expect(ids(await added)).toEqual(['a1', 'a2', 'b1']);

    const broken = updates.next((u) => u.errors.some((e) => e.message.includes('severity')));
    await writeFile(join(dir, 'a.yaml'), 'rules:\n  - { id: a1, name: A, severity: urgent, cameras: "*", when: { signal: tamper } }\n');
    const afterBreak = await broken;
    expect(ids(afterBreak)).toEqual(['a1', 'a2', 'b1']);
    expect(afterBreak.errors).toEqual([
      expect.objectContaining({ file: join(dir, 'a.yaml'), line: 2, column: 34, message: expect.stringContaining('severity') }),
    ]);
    expect(logLines.join('')).toContain(`${join(dir, 'a.yaml')}:2:34 rules[0].severity`);

    const removed = updates.next((u) => !ids(u).includes('b1'));
    await unlink(join(dir, 'b.yml'));
    expect(ids(await removed)).toEqual(['a1', 'a2']);
  });

  it('fails clearly when the folder cannot be read', async () => {
    folder = new RulesFolder({ dir: join(dir, 'missing'), site });
    await expect(folder.start()).rejects.toMatchObject({ code: 'invalid_rules' });
  });
});

describe('the rules/ folder of the repository', () => {
  it('holds a site pack that validates against the demo site', async () => {
    const text = await readFile(new URL('../../rules/site.yaml', import.meta.url), 'utf8');
    const { rules, errors } = validateRulePack('rules/site.yaml', text, site);
    expect(errors).toEqual([]);
    expect(rules.map((r) => [r.id, r.severity, r.when.kind])).toEqual([
      ['cell-intrusion', 'critical', 'motion'],
      ['dock-edge-after-hours', 'high', 'motion'],
      ['camera-tampered', 'high', 'tamper'],
      ['camera-offline', 'medium', 'offline'],
    ]);
  });
});
