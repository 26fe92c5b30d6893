import { describe, expect, it } from 'vitest';
import { ModelFetchError } from './fetch-errors.js';
import { DEFAULT_MANIFEST_MODEL, fetchRequestFrom, parseFetchArgs, type ManifestDefaults } from './fetch-args.js';

const cosmos2b: ManifestDefaults = {
  hfRepo: 'nvidia/Cosmos-Reason2-2B',
  onnx: { dtype: 'q4', layoutLike: 'onnx-community/Qwen3-VL-2B-Instruct-ONNX' },
};

function usageError(argv: string[]): string {
  try {
    parseFetchArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFetchError);
    expect((error as ModelFetchError).kind).toBe('usage');
    return (error as Error).message;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

describe('parseFetchArgs', () => {
  it('reads every flag, as "--flag value" or "--flag=value"', () => {
    const flags = parseFetchArgs([
      '--repo', 'onnx-community/Qwen3-VL-2B-Instruct-ONNX',
      '--dtype=q4f16',
      '--dir', './models/weights/qwen',
      '--revision=v1.0',
      '--model', 'nvidia/Cosmos-Reason2-8B',
    ]);
    expect(flags).toEqual({
      help: false,
      repo: 'onnx-community/Qwen3-VL-2B-Instruct-ONNX',
      dtype: 'q4f16',
      dir: './models/weights/qwen',
      revision: 'v1.0',
      model: 'nvidia/Cosmos-Reason2-8B',
    });
  });

  it('defaults to the 2B manifest and the main branch', () => {
    expect(parseFetchArgs([])).toEqual({ help: false, model: DEFAULT_MANIFEST_MODEL, revision: 'main' });
    expect(parseFetchArgs(['-h']).help).toBe(true);
  });

  it('refuses unknown flags, missing values, bad dtypes and bad repository names', () => {
    expect(usageError(['--force'])).toContain('unknown argument "--force"');
    expect(usageError(['somewhere'])).toContain('Usage: npm run model:fetch');
    expect(usageError(['--repo'])).toContain('--repo needs a value');
    expect(usageError(['--repo', '--dtype', 'q4'])).toContain('--repo needs a value');
    expect(usageError(['--dtype', 'int4'])).toContain('--dtype must be one of fp32, fp16, q8, quantized');
    expect(usageError(['--repo', 'just-a-name'])).toContain('must look like "org/name"');
    expect(usageError(['--revision', '../../etc'])).toContain('--revision must be a branch');
    expect(usageError(['--dir='])).toContain('--dir must name a folder');
  });
});

describe('fetchRequestFrom', () => {
  it("takes repository and dtype from the manifest and names the folder after the repository", () => {
    expect(fetchRequestFrom(parseFetchArgs([]), cosmos2b)).toEqual({
      repo: 'nvidia/Cosmos-Reason2-2B',
      dtype: 'q4',
      dir: 'models/weights/nvidia/Cosmos-Reason2-2B',
      revision: 'main',
    });
  });

  it('keeps another repository out of the manifest model\'s folder', () => {
    const request = fetchRequestFrom(parseFetchArgs(['--repo', 'onnx-community/Qwen3-VL-2B-Instruct-ONNX']), cosmos2b);
    expect(request.dir).toBe('models/weights/onnx-community/Qwen3-VL-2B-Instruct-ONNX');
    expect(request.dtype).toBe('q4');
  });

  it('lets flags win over the manifest', () => {
    const request = fetchRequestFrom(parseFetchArgs(['--dtype', 'fp16', '--dir', '/srv/model']), cosmos2b);
    expect(request).toMatchObject({ dtype: 'fp16', dir: '/srv/model' });
  });
});
