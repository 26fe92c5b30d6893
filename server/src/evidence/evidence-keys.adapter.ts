import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { VigilError } from '../domain/index.js';
import { writeFileAtomic } from './atomic-file.js';

/** The evidence signing key pair, under DATA_DIR/keys/. */
export const KEYS_DIR = 'keys';
export const PRIVATE_KEY_FILE = 'evidence-ed25519.pem';
export const PUBLIC_KEY_FILE = 'evidence-ed25519.pub.pem';

export interface EvidenceKeys {
  privateKey: KeyObject;
  /** SPKI PEM: what investigators verify with. */
  publicKeyPem: string;
  /** SHA-256 (hex) of the public key's DER: names the key in manifests. */
  fingerprint: string;
}

export const privateKeyPath = (dataDir: string): string => join(dataDir, KEYS_DIR, PRIVATE_KEY_FILE);
export const publicKeyPath = (dataDir: string): string => join(dataDir, KEYS_DIR, PUBLIC_KEY_FILE);

/** SHA-256 (hex) of a public key's DER (SPKI) encoding. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

/**
 * The evidence key pair, made at first start: the private key written 0600 (never replaced once there), the
 * public key (re)written from it.
 */
export async function loadOrCreateEvidenceKeys(dataDir: string): Promise<EvidenceKeys> {
  const dir = join(dataDir, KEYS_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let pem = await readIfPresent(privateKeyPath(dataDir));
  if (pem === null) {
    const { privateKey } = generateKeyPairSync('ed25519');
    await createExclusive(privateKeyPath(dataDir), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    pem = (await readIfPresent(privateKeyPath(dataDir)))!;
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new VigilError('invalid_config', `${privateKeyPath(dataDir)} is not a private key: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new VigilError('invalid_config', `${privateKeyPath(dataDir)} is not an Ed25519 key`);
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  if ((await readIfPresent(publicKeyPath(dataDir))) !== publicKeyPem) await writeFileAtomic(publicKeyPath(dataDir), Buffer.from(publicKeyPem));
  return { privateKey, publicKeyPem, fingerprint: publicKeyFingerprint(publicKeyPem) };
}

/** The public key PEM under DATA_DIR; null when Vigil has not made one yet. */
export function readEvidencePublicKey(dataDir: string): Promise<string | null> {
  return readIfPresent(publicKeyPath(dataDir));
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes a 0600 file whole, never over one that exists (two processes starting at once keep the first key). */
async function createExclusive(path: string, text: string): Promise<void> {
  const draft = `${path}.${randomBytes(4).toString('hex')}.part`;
  const handle = await open(draft, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}
