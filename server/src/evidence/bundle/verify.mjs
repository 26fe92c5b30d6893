#!/usr/bin/env node
// Checks a Vigil evidence export with Node.js alone (version 18 or later, no packages):
//   node verify.mjs [FOLDER]      (FOLDER: where the export was unpacked; this script's folder by default)
// It checks the Ed25519 signature of manifest.json with evidence-ed25519.pub.pem, then the size and SHA-256 of
// every file the manifest names. Exit status 0: all intact; 1: something differs (each problem is printed).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = resolve(process.argv[2] ?? dirname(fileURLToPath(import.meta.url)));
const problems = [];
const read = (name) => {
  const path = join(folder, name);
  if (!existsSync(path)) {
    problems.push(`${name}: missing`);
    return null;
  }
  return readFileSync(path);
};

const manifestBytes = read('manifest.json');
const signature = read('manifest.sig');
const publicKeyPem = read('evidence-ed25519.pub.pem');

let fingerprint = null;
if (publicKeyPem) {
  try {
    const key = createPublicKey(publicKeyPem);
    fingerprint = createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
    if (manifestBytes && signature) {
      const valid = verify(null, manifestBytes, key, Buffer.from(signature.toString('utf8').trim(), 'base64'));
      if (!valid) problems.push('manifest.json: the signature does not match (the manifest was changed, or signed with another key)');
    }
  } catch (error) {
    problems.push(`evidence-ed25519.pub.pem: not a usable public key (${error.message})`);
  }
}

const safePath = (path) =>
  typeof path === 'string' && path.length > 0 && !isAbsolute(path) && !path.includes('\\') && path.split('/').every((p) => p !== '' && p !== '.' && p !== '..');

const sha256File = (path) =>
  new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });

let manifest = null;
if (manifestBytes) {
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8'));
  } catch {
    problems.push('manifest.json: not JSON');
  }
}
if (manifest) {
  if (fingerprint && manifest.keyFingerprint !== fingerprint) problems.push('manifest.json: names another signing key than evidence-ed25519.pub.pem');
  for (const file of Array.isArray(manifest.files) ? manifest.files : []) {
    if (!safePath(file.path)) {
      problems.push(`${String(file.path)}: not a plain relative path`);
      continue;
    }
    const path = join(folder, file.path);
    if (!existsSync(path)) {
      problems.push(`${file.path}: missing`);
      continue;
    }
    const sha256 = await sha256File(path);
    const bytes = statSync(path).size;
    if (sha256 !== file.sha256) problems.push(`${file.path}: SHA-256 ${sha256} does not match the manifest's ${file.sha256}`);
    else if (bytes !== file.bytes) problems.push(`${file.path}: ${bytes} bytes, the manifest says ${file.bytes}`);
    else console.log(`ok  ${file.kind.padEnd(8)} ${file.path}  ${sha256}`);
  }
}

if (manifest) console.log(`alert ${manifest.alertId} (${manifest.rule?.name ?? 'unknown rule'}, camera ${manifest.cameraId}), manifest of ${manifest.createdAt}`);
if (fingerprint) console.log(`signing key SHA-256 fingerprint: ${fingerprint}`);
if (problems.length > 0) {
  for (const problem of problems) console.error(`FAIL ${problem}`);
  console.error('The evidence does NOT match its signed manifest.');
  process.exit(1);
}
console.log('The signature is valid and every file matches the manifest.');
console.log("Compare the fingerprint above with the one the site publishes (GET /api/evidence/public-key) to know who signed it.");
