import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Alert, Evidence } from '../domain/index.js';
import {
  buildManifest,
  isSafeManifestPath,
  manifestBytes,
  manifestFileProblems,
  manifestSignatureValid,
  parseManifest,
  signManifest,
} from './evidence-manifest.js';

const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);
const alert: Alert = {
  id: '7f9c2a56-1111-4222-8333-444455556666',
  ruleId: 'no-hard-hat',
  ruleName: 'Worker without a hard hat',
  cameraId: 'dock-1',
  zoneId: null,
  severity: 'high',
  status: 'open',
  summary: 'x',
  startedAt: T0,
  lastSeenAt: T0,
  endedAt: null,
  peakValue: 0.9,
  boxes: [],
  observation: { hazard: 'no_hard_hat', confidence: 0.9, reason: 'r', thinking: null, modelId: 'nvidia/Cosmos-Reason2-2B', promptHash: 'p'.repeat(64), ts: T0, span: null, frameTimes: [T0 - 500, T0], boxes: [] } as unknown as Alert['observation'],
  details: {},
  notify: [],
};
const row = (kind: Evidence['kind'], name: string, sha: string): Evidence => ({
  id: name, alertId: alert.id, kind, path: `evidence/2026-01-15/${alert.id}/${name}`, mime: 'x', bytes: 10, sha256: sha.repeat(64), createdAt: T0, startTs: null, endTs: null,
});

describe('evidence manifest', () => {
  const evidence = [row('snapshot', 'snapshot.jpg', 'b'), row('clip', 'clip.mp4', 'a'), row('manifest', 'manifest-1.json', 'c')];
  const manifest = buildManifest({ alert, evidence, createdAt: T0 + 9000, keyFingerprint: 'f'.repeat(64) });

  it('lists the evidence files by their names in the alert folder, never earlier manifests', () => {
    expect(manifest.files).toEqual([
      { kind: 'clip', path: 'clip.mp4', bytes: 10, sha256: 'a'.repeat(64) },
      { kind: 'snapshot', path: 'snapshot.jpg', bytes: 10, sha256: 'b'.repeat(64) },
    ]);
    expect(manifest).toMatchObject({
      alertId: alert.id,
      cameraId: 'dock-1',
      rule: { id: 'no-hard-hat', name: 'Worker without a hard hat', severity: 'high' },
      startedAt: '2026-01-15T08:00:00.000Z',
      observation: { promptHash: 'p'.repeat(64), modelId: 'nvidia/Cosmos-Reason2-2B', frames: ['2026-01-15T07:59:59.500Z', '2026-01-15T08:00:00.000Z'] },
      createdAt: '2026-01-15T08:00:09.000Z',
    });
  });

  it('is canonical JSON that reads back, and its signature holds only for the exact bytes and key', () => {
    const bytes = manifestBytes(manifest);
    expect(bytes.toString()).toMatch(/^\{"alertId":/);
    expect(parseManifest(bytes)).toEqual(manifest);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const signature = signManifest(bytes, privateKey);
    expect(manifestSignatureValid(bytes, signature, pem)).toBe(true);
    const edited = Buffer.from(bytes.toString().replace('"bytes":10', '"bytes":11'));
    expect(manifestSignatureValid(edited, signature, pem)).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(manifestSignatureValid(bytes, signature, other)).toBe(false);
    expect(manifestSignatureValid(bytes, 'not base64 at all', pem)).toBe(false);
  });

  it('names each file that is missing or differs', () => {
    const found = new Map([
      ['clip.mp4', { bytes: 10, sha256: 'd'.repeat(64) }],
      ['snapshot.jpg', null],
    ]);
    expect(manifestFileProblems(manifest, found)).toEqual([`clip.mp4: SHA-256 ${'d'.repeat(64)} does not match the manifest's ${'a'.repeat(64)}`, 'snapshot.jpg: missing']);
  });

  it('accepts only plain relative paths', () => {
    expect(isSafeManifestPath('robot-patrol-1-17.jpg')).toBe(true);
    for (const bad of ['', '../x', 'a/../../x', '/etc/passwd', 'a//b', 'a\\b', './a']) expect(isSafeManifestPath(bad)).toBe(false);
  });

  it('refuses a file outside the alert folder', () => {
    const outside = { ...row('clip', 'clip.mp4', 'a'), path: 'evidence/2026-01-14/other/clip.mp4' };
    expect(() => buildManifest({ alert, evidence: [outside], createdAt: T0, keyFingerprint: 'f' })).toThrow(/outside the alert's folder/);
  });
});
