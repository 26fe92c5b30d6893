import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';
import { VigilError, type Evidence } from '../domain/index.js';
import { bundleReadme } from './bundle-readme.js';
import { parseManifest } from './evidence-manifest.js';
import { resolveExistingInDataDir } from './evidence-paths.js';
import { signaturePathOf } from './manifest-files.adapter.js';
import { PUBLIC_KEY_FILE } from './evidence-keys.adapter.js';

const VERIFY_SCRIPT = fileURLToPath(new URL('./bundle/verify.mjs', import.meta.url));

/**
 * An alert's evidence as one zip, streamed: the files its manifest names (by their names in the manifest),
 * manifest.json and manifest.sig exactly as stored, the public key, README.txt and verify.mjs.
 */
export async function evidenceBundle(input: { dataDir: string; manifest: Evidence; publicKeyPem: string }): Promise<Readable> {
  const manifestPath = await resolveExistingInDataDir(input.dataDir, input.manifest.path);
  const manifestBytes = await readFile(manifestPath);
  const manifest = parseManifest(manifestBytes);
  if (!manifest) throw new VigilError('internal', `${input.manifest.path} is not an evidence manifest`);
  const signature = await readFile(await resolveExistingInDataDir(input.dataDir, signaturePathOf(input.manifest.path)));
  const folder = posix.dirname(input.manifest.path);
  // Every file is found before the first byte goes out: a missing one is an error reply, not a torn zip.
  const files = await Promise.all(
    manifest.files.map(async (file) => ({ name: file.path, path: await resolveExistingInDataDir(input.dataDir, posix.join(folder, file.path)) })),
  );
  const zip = new yazl.ZipFile();
  const mtime = new Date(manifest.createdAt);
  zip.addBuffer(manifestBytes, 'manifest.json', { mtime });
  zip.addBuffer(signature, 'manifest.sig', { mtime });
  zip.addBuffer(Buffer.from(input.publicKeyPem), PUBLIC_KEY_FILE, { mtime });
  zip.addBuffer(Buffer.from(bundleReadme(manifest)), 'README.txt', { mtime });
  zip.addBuffer(await readFile(VERIFY_SCRIPT), 'verify.mjs', { mtime, mode: 0o100755 });
  // Clips are already compressed: stored, not deflated again.
  for (const file of files) zip.addFile(file.path, file.name, { compress: false });
  zip.end();
  return zip.outputStream as Readable;
}
