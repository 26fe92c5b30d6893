import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { VigilError } from '../domain/index.js';
import { isSafeManifestPath } from './evidence-manifest.js';

/** Unpacks a zip into `dir` (plain relative names only; anything else is refused). Returns the names written. */
export async function extractZip(zipPath: string, dir: string): Promise<string[]> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true });
  const names: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (name.endsWith('/')) return zip.readEntry();
        if (!isSafeManifestPath(name)) return reject(new VigilError('invalid_input', `the zip holds an unsafe name: ${JSON.stringify(name)}`));
        const target = join(dir, name);
        mkdir(dirname(target), { recursive: true })
          .then(() => zip.openReadStreamPromise(entry))
          .then((stream) => pipeline(stream, createWriteStream(target)))
          .then(() => {
            names.push(name);
            zip.readEntry();
          }, reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return names;
}
