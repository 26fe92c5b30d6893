import { readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Alert, Evidence } from '../domain/index.js';
import type { EvidenceInput } from '../store/ports.js';
import { writeFileAtomic } from './atomic-file.js';
import type { EvidenceKeys } from './evidence-keys.adapter.js';
import {
  buildManifest,
  isSafeManifestPath,
  manifestBytes,
  manifestFileProblems,
  manifestSignatureValid,
  parseManifest,
  signManifest,
  type EvidenceManifest,
} from './evidence-manifest.js';
import { alertEvidenceDir, resolveInDataDir } from './evidence-paths.js';
import { sha256File, sha256Hex } from './hash.js';

export const MANIFEST_MIME = 'application/json';

/** The signature lies beside its manifest: `manifest-<ms>.json.sig` (base64 Ed25519). */
export const signaturePathOf = (manifestPath: string): string => `${manifestPath}.sig`;

/**
 * Writes a signed manifest of the alert's evidence into its folder (`manifest-<ms>.json` and its `.sig`, the
 * signature first so a manifest never stands without one) and returns it as evidence to record.
 */
export async function writeManifest(input: {
  dataDir: string;
  alert: Alert;
  evidence: readonly Evidence[];
  keys: EvidenceKeys;
  now: number;
}): Promise<EvidenceInput> {
  const manifest = buildManifest({ alert: input.alert, evidence: input.evidence, createdAt: input.now, keyFingerprint: input.keys.fingerprint });
  const bytes = manifestBytes(manifest);
  const path = posix.join(alertEvidenceDir(input.alert.id, input.alert.startedAt), `manifest-${input.now}.json`);
  await writeFileAtomic(resolveInDataDir(input.dataDir, signaturePathOf(path)), Buffer.from(`${signManifest(bytes, input.keys.privateKey)}\n`));
  await writeFileAtomic(resolveInDataDir(input.dataDir, path), bytes);
  return { kind: 'manifest', path, mime: MANIFEST_MIME, bytes: bytes.length, sha256: sha256Hex(bytes), startTs: input.now, endTs: input.now };
}

export interface ManifestCheck {
  ok: boolean;
  manifest: EvidenceManifest | null;
  signatureValid: boolean;
  /** In words, one per problem: the signature, then each file that is missing or differs. */
  problems: string[];
}

/**
 * Checks a manifest in `folder` (the alert's evidence folder, or an unpacked export): its Ed25519 signature with
 * `publicKeyPem`, then every file it names, re-hashed.
 */
export async function checkManifestFolder(input: {
  folder: string;
  manifestFile: string;
  signatureFile: string;
  publicKeyPem: string;
}): Promise<ManifestCheck> {
  const bytes = await readFile(join(input.folder, input.manifestFile));
  const signature = await readFile(join(input.folder, input.signatureFile), 'utf8').catch(() => null);
  const signatureValid = signature !== null && manifestSignatureValid(bytes, signature, input.publicKeyPem);
  const problems: string[] = [];
  if (signature === null) problems.push(`${input.signatureFile}: missing`);
  else if (!signatureValid) problems.push(`${input.manifestFile}: the signature does not match (the manifest was changed, or signed with another key)`);
  const manifest = parseManifest(bytes);
  if (!manifest) return { ok: false, manifest: null, signatureValid, problems: [...problems, `${input.manifestFile}: not a Vigil evidence manifest`] };
  const found = new Map<string, { bytes: number; sha256: string } | null>();
  for (const file of manifest.files) {
    if (!isSafeManifestPath(file.path)) continue;
    const absolute = join(input.folder, file.path);
    try {
      found.set(file.path, { bytes: (await stat(absolute)).size, sha256: await sha256File(absolute) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      found.set(file.path, null);
    }
  }
  problems.push(...manifestFileProblems(manifest, found));
  return { ok: problems.length === 0, manifest, signatureValid, problems };
}
