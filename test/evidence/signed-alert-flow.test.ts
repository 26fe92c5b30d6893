import { execFile } from 'node:child_process';
import { verify } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDto, AuditPageDto, AuditVerifyDto, CameraDto, EvidenceHoldDto } from '../../server/src/contracts/index.js';
import { runEvidenceVerify } from '../../server/src/evidence/evidence-verify-cli.adapter.js';
import { extractZip } from '../../server/src/evidence/zip-extract.adapter.js';
import { api, connectSocket, E2E_TOKEN, nextEvent, startTestVigil, type VigilSocket } from '../e2e/vigil-harness.js';
import { storeTargets } from '../store/store-targets.js';

// A worker walks into the watched area of the sim scene every 12 s; a motion rule watches it.
const SITE = `site: { name: Test plant, timezone: UTC }
cameras:
  - id: cell-9
    name: Robot cell 9
    url: sim://intrusion?period=12&duration=5&fps=10&size=320x180
    sample: { fps: 4, maxSide: 320 }
    zones:
      - { id: robot-cell, name: Robot cell, polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] }
rules: rules/
evidence: { preRoll: 2s, postRoll: 2s, segment: 1s, ring: 30s }
`;

const RULES = `rules:
  - id: cell-intrusion
    name: Person in robot cell
    severity: critical
    cameras: [cell-9]
    when: { signal: motion, zone: robot-cell, minArea: 0.02, for: 500ms }
    cooldown: 0s
    clearAfter: 1s
`;

const run = promisify(execFile);
async function nodeVerify(dir: string): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, ['verify.mjs'], { cwd: dir });
    return { code: 0, stderr: '' };
  } catch (error) {
    return { code: (error as { code: number }).code, stderr: (error as { stderr: string }).stderr };
  }
}

describe.each(storeTargets)('signed evidence of a real alert, exported and audited ($name)', (target) => {
  let harness: Awaited<ReturnType<typeof startTestVigil>>;
  let watcher: VigilSocket;
  let alert: AlertDto;
  const dataDir = () => join(harness.dir, 'data');
  const get = (path: string) => fetch(`${harness.vigil.url}${path}`, { headers: { authorization: `Bearer ${E2E_TOKEN}` } });
  const evidenceVerify = async (args: string[]) => {
    const lines: string[] = [];
    const code = await runEvidenceVerify(args, { DATA_DIR: dataDir() }, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    return { code, text: lines.join('\n') };
  };

  beforeAll(async () => {
    harness = await startTestVigil({ siteYaml: SITE, rules: { 'site.yaml': RULES }, target });
    watcher = connectSocket(harness.vigil.url);
    const opened = await nextEvent(watcher, 'alert:new', (a) => a.ruleId === 'cell-intrusion', 40_000);
    alert = await nextEvent(watcher, 'alert:updated', (a) => a.id === opened.id && a.evidence.some((e) => e.kind === 'manifest'), 40_000);
  });

  afterAll(async () => {
    watcher?.close();
    await harness?.dispose();
  });

  it('signs a manifest of the clip and snapshot once the clip is stored', async () => {
    const manifestRow = alert.evidence.find((e) => e.kind === 'manifest')!;
    expect(manifestRow.url).toBe(`/api/alerts/${alert.id}/manifests/${manifestRow.id}.json`);
    const [manifestResponse, signatureResponse, keyResponse] = await Promise.all([get(manifestRow.url), get(manifestRow.url.replace(/\.json$/, '.sig')), get('/api/evidence/public-key')]);
    expect([manifestResponse.status, signatureResponse.status, keyResponse.status]).toEqual([200, 200, 200]);
    const bytes = Buffer.from(await manifestResponse.arrayBuffer());
    const publicKey = await keyResponse.text();
    expect(publicKey).toContain('BEGIN PUBLIC KEY');
    expect(verify(null, bytes, publicKey, Buffer.from((await signatureResponse.text()).trim(), 'base64'))).toBe(true);

    const manifest = JSON.parse(bytes.toString()) as { files: { kind: string; path: string; sha256: string }[]; alertId: string; keyFingerprint: string };
    expect(manifest.alertId).toBe(alert.id);
    expect(manifest.keyFingerprint).toBe(keyResponse.headers.get('x-key-fingerprint'));
    for (const kind of ['clip', 'snapshot']) {
      expect(manifest.files.find((f) => f.kind === kind)?.sha256).toBe(alert.evidence.find((e) => e.kind === kind)?.sha256);
    }
    expect(await evidenceVerify([alert.id])).toMatchObject({ code: 0 });
  });

  it('exports a zip that verifies with plain Node, holds the evidence and audits it', async () => {
    const response = await get(`/api/alerts/${alert.id}/export.zip`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const zipPath = join(harness.dir, 'export.zip');
    await writeFile(zipPath, Buffer.from(await response.arrayBuffer()));
    const dir = await mkdtemp(join(tmpdir(), 'vigil-export-'));
    try {
      await extractZip(zipPath, dir);
      expect((await nodeVerify(dir)).code).toBe(0);
      const clip = await readFile(join(dir, 'clip.mp4'));
      clip[clip.length >> 1] = clip[clip.length >> 1]! ^ 0x01;
      await writeFile(join(dir, 'clip.mp4'), clip);
      const tampered = await nodeVerify(dir);
      expect(tampered.code).toBe(1);
      expect(tampered.stderr).toContain('clip.mp4');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(await evidenceVerify(['--bundle', zipPath])).toMatchObject({ code: 0 });

    const held = await api<EvidenceHoldDto>(harness.vigil, `/api/alerts/${alert.id}/hold`);
    expect(held.body).toMatchObject({ held: true, reason: 'exported', actor: 'root' });
    expect((await api<EvidenceHoldDto>(harness.vigil, `/api/alerts/${alert.id}/hold`, { method: 'DELETE' })).body.held).toBe(false);
    const again = await api<EvidenceHoldDto>(harness.vigil, `/api/alerts/${alert.id}/hold`, { method: 'POST', body: JSON.stringify({ reason: 'incident 42' }) });
    expect(again.body).toMatchObject({ held: true, reason: 'incident 42' });
  });

  it('records the changes in a hash chain that verifies', async () => {
    const ack = await api(harness.vigil, `/api/alerts/${alert.id}/ack`, { method: 'POST', body: JSON.stringify({ actor: 'shift-lead', note: 'on my way' }) });
    expect(ack.status).toBe(200);
    // A zone added beside the rule's own, so the alert's rule keeps its zone.
    const camera = (await api<CameraDto>(harness.vigil, '/api/cameras/cell-9')).body;
    const zones = [...camera.zones, { id: 'aisle', name: 'Aisle', polygon: [[0, 0], [0.3, 0], [0.3, 0.3], [0, 0.3]] }];
    expect((await api(harness.vigil, '/api/cameras/cell-9/zones', { method: 'PUT', body: JSON.stringify({ zones }) })).status).toBe(200);
    const page = await api<AuditPageDto>(harness.vigil, '/api/audit?limit=1000');
    expect(page.status).toBe(200);
    const actions = page.body.items.map((item) => item.action);
    expect(actions.slice(0, 2)).toEqual(['config.load', 'rules.reload']);
    expect(page.body.items[0]!.details).toMatchObject({ cameras: ['cell-9'], channels: [] });
    expect(actions).toEqual(expect.arrayContaining(['evidence.export', 'evidence.release', 'evidence.hold', 'alert.ack']));
    expect(page.body.items.find((item) => item.action === 'alert.ack')).toMatchObject({ actor: 'shift-lead', targetType: 'alert', targetId: alert.id, details: { from: 'open', to: 'acknowledged' } });
    expect(page.body.items.find((item) => item.action === 'zone.update')).toMatchObject({ actor: 'root', targetType: 'camera', targetId: 'cell-9' });
    expect(page.body.items.map((item) => item.seq)).toEqual(page.body.items.map((_, i) => i + 1));

    const verified = await api<AuditVerifyDto>(harness.vigil, '/api/audit/verify');
    // Vigil may record more while the test reads (an alert ending): the chain holds over all of it.
    expect(verified.body.ok).toBe(true);
    expect(verified.body.rows).toBeGreaterThanOrEqual(page.body.items.length);
  });

  it('names the clip when its bytes change under DATA_DIR', async () => {
    const clipRow = alert.evidence.find((e) => e.kind === 'clip')!;
    const clipFile = join(dataDir(), 'evidence', alert.startedAt.slice(0, 10), alert.id, 'clip.mp4');
    const data = await readFile(clipFile);
    expect(data.length).toBe(clipRow.bytes);
    data[0] = data[0]! ^ 0x01;
    await writeFile(clipFile, data);
    const result = await evidenceVerify([alert.id]);
    expect(result.code).toBe(1);
    expect(result.text).toContain('FAIL  clip.mp4: SHA-256');
  });
});
