import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulePackInfo } from '../../server/src/contracts/index.js';
import { startTestApp, type TestApp } from './test-app.js';

const packs: RulePackInfo[] = [
  {
    file: 'rules/cells.yaml',
    rules: [
      {
        id: 'cell-intrusion',
        name: 'Person in robot cell',
        severity: 'critical',
        cameras: ['cell-3'],
        when: { signal: 'motion', zone: 'robot-cell', minArea: 0.02, for: '2s' },
        notify: ['dashboard'],
      },
    ],
    errors: [],
  },
  { file: 'rules/broken.yaml', rules: [], errors: [{ file: 'rules/broken.yaml', line: 3, column: 5, message: 'unknown severity "urgent"' }] },
];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ packs });
});
afterAll(async () => {
  await t?.close();
});

describe('rules', () => {
  it('lists the loaded packs with their errors', async () => {
    const res = await t.request('/api/rules');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: packs });
  });

  it('validates a JSON body and reports the place of an error', async () => {
    const good = await t.request('/api/rules/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file: 'mine.yaml', text: 'rules: []\n' }),
    });
    expect(await good.json()).toEqual({ ok: true, errors: [] });

    const bad = await t.request('/api/rules/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file: 'mine.yaml', text: 'rules:\n  - id: [unclosed\n' }),
    });
    const result = await bad.json();
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ file: 'mine.yaml', line: expect.any(Number), column: expect.any(Number) });
    expect(result.errors[0].line).toBeGreaterThan(1);
  });

  it('validates a raw YAML body', async () => {
    const res = await t.request('/api/rules/validate', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: 'name: x\n' });
    expect(await res.json()).toEqual({
      ok: false,
      errors: [{ file: 'input.yaml', line: 1, column: 1, message: 'a rule pack needs a top-level "rules" list' }],
    });
  });

  it('names the missing field of a JSON body', async () => {
    const res = await t.request('/api/rules/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file: 'x.yaml' }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual([{ path: 'text', message: expect.any(String) }]);
  });
});
