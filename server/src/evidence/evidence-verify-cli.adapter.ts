import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEnv } from '../config/index.js';
import { EVIDENCE_ROOT, isEvidenceDay } from './evidence-paths.js';
import { publicKeyFingerprint, readEvidencePublicKey } from './evidence-keys.adapter.js';
import { checkManifestFolder, type ManifestCheck } from './manifest-files.adapter.js';
import { extractZip } from './zip-extract.adapter.js';

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = 'usage: npm run evidence:verify -- ALERT_ID | --bundle FILE.zip';
const MANIFEST_NAME = /^manifest-(\d+)\.json$/;

/**
 * `npm run evidence:verify ALERT_ID`: checks the alert's newest manifest under DATA_DIR (signature with
 * DATA_DIR/keys/evidence-ed25519.pub.pem, every file re-hashed). `--bundle FILE.zip` checks an export on its own.
 * Reads files only (no database), so it runs beside a live Vigil. 0: intact; 1: something differs; 2: usage.
 */
export async function runEvidenceVerify(args: readonly string[], rawEnv: Record<string, string | undefined>, io: CliOutput): Promise<number> {
  const dataDir = resolve(parseEnv(rawEnv).DATA_DIR);
  if (args[0] === '--bundle' && args[1]) return verifyBundle(resolve(args[1]), dataDir, io);
  const alertId = args[0];
  if (!alertId || args.length !== 1 || alertId.startsWith('-') || !/^[A-Za-z0-9_-]+$/.test(alertId)) {
    io.err(USAGE);
    return 2;
  }
  const publicKeyPem = await readEvidencePublicKey(dataDir);
  if (!publicKeyPem) {
    io.err(`no evidence public key in ${dataDir}/keys (has Vigil run with this DATA_DIR?)`);
    return 1;
  }
  const found = await newestManifest(dataDir, alertId);
  if (!found) {
    io.err(`no manifest for alert ${alertId} under ${join(dataDir, EVIDENCE_ROOT)}`);
    return 1;
  }
  const check = await checkManifestFolder({ folder: found.folder, manifestFile: found.name, signatureFile: `${found.name}.sig`, publicKeyPem });
  return report(check, join(found.folder, found.name), io);
}

async function verifyBundle(zipPath: string, dataDir: string, io: CliOutput): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bundle-'));
  try {
    await extractZip(zipPath, dir);
    const publicKeyPem = await readFile(join(dir, 'evidence-ed25519.pub.pem'), 'utf8').catch(() => null);
    if (!publicKeyPem) {
      io.err(`${zipPath}: no evidence-ed25519.pub.pem in the export`);
      return 1;
    }
    const check = await checkManifestFolder({ folder: dir, manifestFile: 'manifest.json', signatureFile: 'manifest.sig', publicKeyPem });
    const code = report(check, zipPath, io);
    const fingerprint = publicKeyFingerprint(publicKeyPem);
    io.out(`signing key SHA-256 fingerprint: ${fingerprint}`);
    const ours = await readEvidencePublicKey(dataDir).catch(() => null);
    if (ours) io.out(publicKeyFingerprint(ours) === fingerprint ? `the key is this Vigil's (${dataDir})` : `NOTE: the key is not this Vigil's (${dataDir}); compare the fingerprint with the site's`);
    return code;
  } catch (error) {
    io.err(`${zipPath}: ${(error as Error).message}`);
    return 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function report(check: ManifestCheck, what: string, io: CliOutput): number {
  for (const file of check.manifest?.files ?? []) {
    if (!check.problems.some((p) => p.startsWith(`${file.path}:`))) io.out(`ok    ${file.kind.padEnd(8)} ${file.path}`);
  }
  if (!check.ok) {
    for (const problem of check.problems) io.err(`FAIL  ${problem}`);
    io.err(`${what}: the evidence does NOT match its signed manifest`);
    return 1;
  }
  io.out(`${what}: signature valid; all ${check.manifest?.files.length ?? 0} files match`);
  return 0;
}

/** The alert's evidence folder (any day) and its newest `manifest-<ms>.json`. */
async function newestManifest(dataDir: string, alertId: string): Promise<{ folder: string; name: string } | null> {
  const root = join(dataDir, EVIDENCE_ROOT);
  const days = (await readdir(root).catch(() => [] as string[])).filter(isEvidenceDay);
  let best: { folder: string; name: string; ms: number } | null = null;
  for (const day of days) {
    const folder = join(root, day, alertId);
    for (const name of await readdir(folder).catch(() => [] as string[])) {
      const ms = Number(MANIFEST_NAME.exec(name)?.[1] ?? NaN);
      if (Number.isFinite(ms) && (!best || ms > best.ms)) best = { folder, name, ms };
    }
  }
  return best && { folder: best.folder, name: best.name };
}
