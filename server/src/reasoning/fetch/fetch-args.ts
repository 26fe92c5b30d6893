/** Command-line arguments of `npm run model:fetch`, and the defaults a model manifest gives them. Pure. */
import { ModelFetchError } from './fetch-errors.js';
import { ONNX_DTYPES, type OnnxDtype } from '../backends/onnx-model-files.js';

export const DEFAULT_MANIFEST_MODEL = 'nvidia/Cosmos-Reason2-2B';
export const WEIGHTS_DIR = 'models/weights';

export interface FetchFlags {
  help: boolean;
  /** The manifest (models/*.yaml) whose `hfRepo` and `onnx` block give the defaults. */
  model: string;
  repo?: string;
  dtype?: OnnxDtype;
  dir?: string;
  revision: string;
}

export interface FetchRequest {
  repo: string;
  dtype: OnnxDtype;
  /** The model folder to fill (what `model.onnxDir` then names). */
  dir: string;
  revision: string;
}

/** The manifest fields the defaults come from. */
export interface ManifestDefaults {
  hfRepo: string;
  onnx: { dtype: OnnxDtype; layoutLike?: string | undefined };
}

const REPO = /^[\w.-]+\/[\w.-]+$/;
const REVISION = /^[\w./-]+$/;
const FLAGS = ['repo', 'dtype', 'dir', 'revision', 'model'] as const;
type Flag = (typeof FLAGS)[number];

export const USAGE = `Usage: npm run model:fetch -- [--repo ORG/NAME] [--dtype DTYPE] [--dir FOLDER] [--revision main] [--model ID]

Downloads the files of an ONNX model folder for Vigil's in-process backend (model.backend: onnx) from the
Hugging Face hub: config.json, preprocessor_config.json, tokenizer files, generation config and chat template
when present, and onnx/{embed_tokens,vision_encoder,decoder_model_merged}<dtype>.onnx with their .onnx_data.

  --repo      hub repository (default: the manifest's hfRepo)
  --dtype     ${ONNX_DTYPES.join(' | ')} (default: the manifest's onnx.dtype)
  --dir       where the folder goes (default: ${WEIGHTS_DIR}/ORG/NAME)
  --revision  branch, tag or commit (default: main)
  --model     manifest in models/ giving the defaults (default: ${DEFAULT_MANIFEST_MODEL})

Environment: HF_TOKEN (gated or private repositories), HF_ENDPOINT (a mirror of the hub).
A partial download resumes when the command is run again.`;

export function parseFetchArgs(argv: readonly string[]): FetchFlags {
  const flags: FetchFlags = { help: false, model: DEFAULT_MANIFEST_MODEL, revision: 'main' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      flags.help = true;
      continue;
    }
    const match = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1];
    if (!match || !name || !(FLAGS as readonly string[]).includes(name)) {
      throw new ModelFetchError('usage', `unknown argument "${arg}"\n\n${USAGE}`);
    }
    let value = match[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new ModelFetchError('usage', `--${name} needs a value\n\n${USAGE}`);
      i++;
    }
    setFlag(flags, name as Flag, value);
  }
  return flags;
}

function setFlag(flags: FetchFlags, name: Flag, value: string): void {
  switch (name) {
    case 'repo':
    case 'model':
      if (!REPO.test(value)) throw new ModelFetchError('usage', `--${name} must look like "org/name" (got "${value}")`);
      flags[name] = value;
      return;
    case 'dtype':
      if (!(ONNX_DTYPES as readonly string[]).includes(value)) {
        throw new ModelFetchError('usage', `--dtype must be one of ${ONNX_DTYPES.join(', ')} (got "${value}")`);
      }
      flags.dtype = value as OnnxDtype;
      return;
    case 'dir':
      if (value.trim() === '') throw new ModelFetchError('usage', '--dir must name a folder');
      flags.dir = value;
      return;
    case 'revision':
      if (!REVISION.test(value) || value.split('/').includes('..')) {
        throw new ModelFetchError('usage', `--revision must be a branch, tag or commit (got "${value}")`);
      }
      flags.revision = value;
  }
}

/** Fills what the flags leave open from the manifest; the folder is named after the repository fetched. */
export function fetchRequestFrom(flags: FetchFlags, manifest: ManifestDefaults): FetchRequest {
  const repo = flags.repo ?? manifest.hfRepo;
  return {
    repo,
    dtype: flags.dtype ?? manifest.onnx.dtype,
    dir: flags.dir ?? `${WEIGHTS_DIR}/${repo}`,
    revision: flags.revision,
  };
}
