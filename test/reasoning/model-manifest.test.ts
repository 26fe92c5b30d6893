import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VigilError } from '../../server/src/domain/index.js';
import { findManifest, loadModelManifest } from '../../server/src/reasoning/cosmos/index.js';

const modelsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'models');
const SUFFIX = 'Answer the question using the following format: <think> Your reasoning. </think> Write your final answer immediately after the </think> tag.';

describe('the shipped model manifests', () => {
  it.each([
    ['cosmos-reason2-2b.yaml', 'nvidia/Cosmos-Reason2-2B'],
    ['cosmos-reason2-8b.yaml', 'nvidia/Cosmos-Reason2-8B'],
  ])('%s carries NVIDIA conventions for Cosmos Reason 2', async (file, id) => {
    const manifest = await loadModelManifest(join(modelsDir, file));
    expect(manifest.id).toBe(id);
    expect(manifest.hfRepo).toBe(id);
    expect(manifest.prompt).toEqual({ system: 'You are a helpful assistant.', reasoningSuffix: SUFFIX });
    expect(manifest.sampling).toEqual({
      reasoning: { temperature: 0.6, topP: 0.95, topK: 20 },
      plain: { temperature: 0.7, topP: 0.8, topK: 20, presencePenalty: 1.5 },
    });
    expect(manifest.maxTokens).toBe(4096);
    expect(manifest.vision).toEqual({ tokenBudget: 1600, patchSize: 16, mergeSize: 2 });
    expect(manifest.onnx.folder).toBe(id);
  });

  it('are found by id, whatever the case', async () => {
    expect((await findManifest(modelsDir, 'nvidia/Cosmos-Reason2-2B'))?.name).toBe('Cosmos Reason 2 (2B)');
    expect((await findManifest(modelsDir, 'NVIDIA/cosmos-reason2-8b'))?.name).toBe('Cosmos Reason 2 (8B)');
    expect(await findManifest(modelsDir, 'nvidia/Cosmos-Reason2-32B')).toBeNull();
  });
});

describe('loading manifests from a folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-models-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names file:line:column of a wrong value', async () => {
    const good = await readFile(join(modelsDir, 'cosmos-reason2-2b.yaml'), 'utf8');
    const path = join(dir, 'bad.yaml');
    await writeFile(path, good.replace('maxTokens: 4096', 'maxTokens: lots'));
    const line = good.split('\n').findIndex((text) => text.startsWith('maxTokens:')) + 1;
    const error = await loadModelManifest(path).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(VigilError);
    expect((error as VigilError).code).toBe('invalid_config');
    expect((error as VigilError).message).toContain(`${path}:${line}:12: maxTokens:`);
  });

  it('says when the file cannot be read', async () => {
    await expect(loadModelManifest(join(dir, 'absent.yaml'))).rejects.toThrow(/cannot read model manifest/);
  });

  it('finds a good manifest beside a broken one, and names the broken one when nothing matches', async () => {
    const good = await readFile(join(modelsDir, 'cosmos-reason2-2b.yaml'), 'utf8');
    await writeFile(join(dir, 'a-broken.yaml'), 'id: [oops\n');
    await writeFile(join(dir, 'b-good.yml'), good);
    await writeFile(join(dir, 'notes.txt'), 'not a manifest');
    expect((await findManifest(dir, 'nvidia/Cosmos-Reason2-2B'))?.id).toBe('nvidia/Cosmos-Reason2-2B');
    await expect(findManifest(dir, 'nvidia/Cosmos-Reason2-8B')).rejects.toThrow(/a-broken\.yaml:\d+:\d+/);
  });

  it('says when the folder is missing', async () => {
    await expect(findManifest(join(dir, 'nope'), 'x/y')).rejects.toThrow(/cannot read the model manifest folder/);
  });
});
