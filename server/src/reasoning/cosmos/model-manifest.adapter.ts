import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { VigilError } from '../../domain/index.js';
import { formatManifestErrors, parseModelManifest, sameModelId, type ModelManifest } from './model-manifest.js';

const MANIFEST_FILE = /\.ya?ml$/i;

/** Reads and validates one manifest file; throws an invalid_config VigilError naming file:line:column. */
export async function loadModelManifest(path: string): Promise<ModelManifest> {
  const text = await readText(path);
  const result = parseModelManifest(path, text);
  if (result.ok) return result.manifest;
  throw new VigilError('invalid_config', `invalid model manifest:\n${formatManifestErrors(result.errors)}`, result.errors);
}

/**
 * The manifest in `modelsDir` whose id is `modelId`, or null when none has it. A broken file is skipped
 * while another file matches; when nothing matches and some file is broken, that is an error, because the
 * wanted manifest may be the broken one.
 */
export async function findManifest(modelsDir: string, modelId: string): Promise<ModelManifest | null> {
  let names: string[];
  try {
    names = (await readdir(modelsDir)).filter((name) => MANIFEST_FILE.test(name)).sort();
  } catch (err) {
    throw new VigilError('invalid_config', `cannot read the model manifest folder ${modelsDir}: ${(err as Error).message}`);
  }
  const broken: string[] = [];
  for (const name of names) {
    const path = join(modelsDir, name);
    const result = parseModelManifest(path, await readText(path));
    if (!result.ok) {
      broken.push(formatManifestErrors(result.errors));
      continue;
    }
    if (sameModelId(result.manifest.id, modelId)) return result.manifest;
  }
  if (broken.length > 0) {
    throw new VigilError('invalid_config', `no valid model manifest for ${modelId}; broken manifests:\n${broken.join('\n')}`);
  }
  return null;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new VigilError('invalid_config', `cannot read model manifest ${path}: ${(err as Error).message}`);
  }
}
