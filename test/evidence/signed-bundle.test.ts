import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evidence } from '../../server/src/domain/index.js';
import { evidenceBundle } from '../../server/src/evidence/evidence-bundle.adapter.js';
import { loadOrCreateEvidenceKeys, privateKeyPath, type EvidenceKeys } from '../../server/src/evidence/evidence-keys.adapter.js';
import { alertEvidenceDir } from '../../server/src/evidence/evidence-paths.js';
import { runEvidenceVerify } from '../../server/src/evidence/evidence-verify-cli.adapter.js';
import { sha256Hex } from '../../server/src/evidence/hash.js';
import { writeManifest } from '../../server/src/evidence/manifest-files.adapter.js';
import { extractZip } from '../../server/src/evidence/zip-extract.adapter.js';
import { makeAlert, T0 } from '../store/fixtures.js';

const run = promisify(execFile);

/** `node verify.mjs` in `dir`, as an investigator runs it. */
async function nodeVerify(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['verify.mjs'], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function cli(args: string[], dataDir: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runEvidenceVerify(args, { DATA_DIR: dataDir }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('signed evidence on disk and in an export', () => {
  const alert = makeAlert({ startedAt: T0 });
  let dataDir: string;
  let keys: EvidenceKeys;
  let manifest: Evidence;
  let zipPath: string;
  const folder = alertEvidenceDir(alert.id, alert.startedAt);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-signed-'));
    keys = await loadOrCreateEvidenceKeys(dataDir);
    await mkdir(join(dataDir, folder), { recursive: true });
    const files = { 'clip.mp4': Buffer.alloc(4096, 7), 'snapshot.jpg': Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]), 'robot-patrol-1-5.jpg': Buffer.from([0xff, 0xd8, 0xff, 9]) };
    const evidence: Evidence[] = [];
    for (const [name, data] of Object.entries(files)) {
      await writeFile(join(dataDir, folder, name), data);
      const kind = name === 'clip.mp4' ? 'clip' : name === 'snapshot.jpg' ? 'snapshot' : 'robot';
      evidence.push({ id: name, alertId: alert.id, kind, path: `${folder}/${name}`, mime: 'x', bytes: data.length, sha256: sha256Hex(data), createdAt: T0, startTs: null, endTs: null });
    }
    const input = await writeManifest({ dataDir, alert, evidence, keys, now: T0 + 5000 });
    manifest = { ...input, id: 'm1', alertId: alert.id, createdAt: T0 + 5000 };
    zipPath = join(dataDir, 'export.zip');
    await pipeline(await evidenceBundle({ dataDir, manifest, publicKeyPem: keys.publicKeyPem }), createWriteStream(zipPath));
  });

  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps the private key to its owner and the key pair across starts', async () => {
    expect((await stat(privateKeyPath(dataDir))).mode & 0o777).toBe(0o600);
    expect((await loadOrCreateEvidenceKeys(dataDir)).fingerprint).toBe(keys.fingerprint);
  });

  it('verifies the newest manifest of an alert under DATA_DIR', async () => {
    const result = await cli([alert.id], dataDir);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('all 3 files match');
  });

  it('exports a zip that verifies with plain Node, and fails once a file inside is changed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-unzipped-'));
    try {
      expect((await extractZip(zipPath, dir)).sort()).toEqual(
        ['README.txt', 'clip.mp4', 'evidence-ed25519.pub.pem', 'manifest.json', 'manifest.sig', 'robot-patrol-1-5.jpg', 'snapshot.jpg', 'verify.mjs'].sort(),
      );
      expect(await readFile(join(dir, 'README.txt'), 'utf8')).toContain('node verify.mjs');
      const intact = await nodeVerify(dir);
      expect(intact.code).toBe(0);
      expect(intact.stdout).toContain(`signing key SHA-256 fingerprint: ${keys.fingerprint}`);

      const clip = await readFile(join(dir, 'clip.mp4'));
      clip[100] = clip[100]! ^ 0xff;
      await writeFile(join(dir, 'clip.mp4'), clip);
      const tampered = await nodeVerify(dir);
      expect(tampered.code).toBe(1);
      expect(tampered.stderr).toContain('FAIL clip.mp4: SHA-256');

      const manifestText = await readFile(join(dir, 'manifest.json'), 'utf8');
      await writeFile(join(dir, 'manifest.json'), manifestText.replace(/"sha256":"[0-9a-f]+"/, `"sha256":"${sha256Hex(clip)}"`));
      const forged = await nodeVerify(dir);
      expect(forged.code).toBe(1);
      expect(forged.stderr).toContain('manifest.json: the signature does not match');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('verifies the export offline with evidence:verify --bundle', async () => {
    const result = await cli(['--bundle', zipPath], dataDir);
    expect(result.code).toBe(0);
    expect(result.out).toContain("the key is this Vigil's");
  });

  it('names the file when evidence under DATA_DIR was changed', async () => {
    const path = join(dataDir, folder, 'snapshot.jpg');
    const original = await readFile(path);
    await writeFile(path, Buffer.concat([original, Buffer.from([0])]));
    try {
      const result = await cli([alert.id], dataDir);
      expect(result.code).toBe(1);
      expect(result.err).toContain('FAIL  snapshot.jpg: SHA-256');
    } finally {
      await writeFile(path, original);
    }
  });
});
