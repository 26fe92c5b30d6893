import { sign, verify, type KeyObject } from 'node:crypto';
import { posix } from 'node:path';
import { canonicalJson } from '../audit/canonical-json.js';
import type { Alert, Evidence, EvidenceKind } from '../domain/index.js';
import { alertEvidenceDir } from './evidence-paths.js';

export const MANIFEST_VERSION = 1;

/** One evidence file as a manifest names it; `path` is relative to the alert's evidence folder. */
export interface ManifestFile {
  kind: Exclude<EvidenceKind, 'manifest'>;
  path: string;
  bytes: number;
  sha256: string;
}

/** What an alert's evidence was when the manifest was signed. Times are ISO-8601 UTC. */
export interface EvidenceManifest {
  version: typeof MANIFEST_VERSION;
  alertId: string;
  cameraId: string;
  rule: { id: string; name: string; severity: string };
  startedAt: string;
  files: ManifestFile[];
  /** Hazard alerts: the question asked (its hash), the model, and the frames it saw. */
  observation: { promptHash: string; modelId: string; frames: string[] } | null;
  createdAt: string;
  /** SHA-256 of the signing public key's DER (SPKI). */
  keyFingerprint: string;
}

/** The manifest of an alert's evidence files (earlier manifests are not listed). */
export function buildManifest(input: { alert: Alert; evidence: readonly Evidence[]; createdAt: number; keyFingerprint: string }): EvidenceManifest {
  const { alert } = input;
  const folder = alertEvidenceDir(alert.id, alert.startedAt);
  const files = input.evidence
    .filter((row): row is Evidence & { kind: ManifestFile['kind'] } => row.kind !== 'manifest')
    .map((row) => ({ kind: row.kind, path: relativeTo(folder, row.path), bytes: row.bytes, sha256: row.sha256 }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const observation = alert.observation;
  return {
    version: MANIFEST_VERSION,
    alertId: alert.id,
    cameraId: alert.cameraId,
    rule: { id: alert.ruleId, name: alert.ruleName, severity: alert.severity },
    startedAt: new Date(alert.startedAt).toISOString(),
    files,
    observation: observation
      ? { promptHash: observation.promptHash, modelId: observation.modelId, frames: observation.frameTimes.map((t) => new Date(t).toISOString()) }
      : null,
    createdAt: new Date(input.createdAt).toISOString(),
    keyFingerprint: input.keyFingerprint,
  };
}

/** The bytes that are stored and signed: canonical JSON, keys sorted. */
export function manifestBytes(manifest: EvidenceManifest): Buffer {
  return Buffer.from(canonicalJson(manifest), 'utf8');
}

/** Ed25519 signature of the manifest bytes, base64. */
export function signManifest(bytes: Buffer, privateKey: KeyObject): string {
  return sign(null, bytes, privateKey).toString('base64');
}

export function manifestSignatureValid(bytes: Buffer, signatureBase64: string, publicKeyPem: string): boolean {
  try {
    return verify(null, bytes, publicKeyPem, Buffer.from(signatureBase64.trim(), 'base64'));
  } catch {
    return false;
  }
}

/** Where a file named by a manifest lies below its folder: plain relative paths only. */
export function isSafeManifestPath(path: string): boolean {
  if (path.length === 0 || path.includes('\0') || path.includes('\\') || posix.isAbsolute(path)) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** What is wrong with the files, compared with the manifest ([] when they all match). */
export function manifestFileProblems(manifest: EvidenceManifest, found: ReadonlyMap<string, { bytes: number; sha256: string } | null>): string[] {
  const problems: string[] = [];
  for (const file of manifest.files) {
    const actual = found.get(file.path);
    if (!actual) problems.push(`${file.path}: missing`);
    else if (actual.sha256 !== file.sha256) problems.push(`${file.path}: SHA-256 ${actual.sha256} does not match the manifest's ${file.sha256}`);
    else if (actual.bytes !== file.bytes) problems.push(`${file.path}: ${actual.bytes} bytes, the manifest says ${file.bytes}`);
  }
  return problems;
}

/** Reads a manifest's JSON; null when it is not one. */
export function parseManifest(bytes: Buffer): EvidenceManifest | null {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  const m = value as Partial<EvidenceManifest> | null;
  if (!m || typeof m !== 'object' || m.version !== MANIFEST_VERSION || typeof m.alertId !== 'string' || !Array.isArray(m.files)) return null;
  const filesOk = m.files.every((f) => f && typeof f.path === 'string' && isSafeManifestPath(f.path) && typeof f.sha256 === 'string' && typeof f.bytes === 'number');
  return filesOk ? (m as EvidenceManifest) : null;
}

function relativeTo(folder: string, path: string): string {
  const relative = posix.relative(folder, path);
  if (!isSafeManifestPath(relative)) throw new Error(`evidence file ${path} lies outside the alert's folder ${folder}`);
  return relative;
}
