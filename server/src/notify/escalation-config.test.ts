import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../config/index.js';

const site = (extra: string) => `site: { name: Plant, publicUrl: "https://vigil.plant.example" }
channels:
  email: [{ id: ehs, smtp: "\${SMTP_URL}", from: vigil@plant.example, to: [ehs@plant.example] }]
${extra}`;
const env = { SMTP_URL: 'smtp://mail:25' };

describe('escalation and publicUrl in vigil.yaml', () => {
  it('reads escalation tiers with durations in ms', () => {
    const result = parseSiteConfig('vigil.yaml', site('escalation:\n  - { minSeverity: high, after: 5m, notify: [email:ehs] }\n'), env);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.config.escalation).toEqual([{ minSeverity: 'high', after: 300_000, notify: ['email:ehs'] }]);
    expect(result.config.site.publicUrl).toBe('https://vigil.plant.example');
  });

  it('defaults to no escalation', () => {
    const result = parseSiteConfig('vigil.yaml', site(''), env);
    expect(result.ok && result.config.escalation).toEqual([]);
  });

  it('names file and line for a bad severity and an unknown key', () => {
    const text = site('escalation:\n  - { minSeverity: urgent, after: 5m, notify: [email:ehs] }\n  - { minSeverity: high, after: 1m, notify: [email:ehs], repeat: true }\n');
    const result = parseSiteConfig('vigil.yaml', text, env);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.line).sort()).toEqual([5, 6]);
  });

  it('refuses a target that no channel under channels answers to', () => {
    const result = parseSiteConfig('vigil.yaml', site('escalation:\n  - { minSeverity: high, after: 5m, notify: [webhook:ops] }\n'), env);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: 'vigil.yaml', line: 5 });
    expect(result.errors[0]!.message).toContain('no webhook channel "ops"');
  });
});
