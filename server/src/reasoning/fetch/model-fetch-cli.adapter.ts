/**
 * `npm run model:fetch`: reads the arguments and the model manifest, fetches the folder, and tells the
 * operator what to put in vigil.yaml. Returns the process exit code.
 */
import { resolve } from 'node:path';
import { ModelFetchError } from './fetch-errors.js';
import { USAGE, fetchRequestFrom, parseFetchArgs } from './fetch-args.js';
import { hubEndpoint, hubToken } from './hub-urls.js';
import { fetchModelFolder } from './model-fetch.adapter.js';
import type { DownloadEvent } from './hub-client.adapter.js';
import { findManifest } from '../cosmos/model-manifest.adapter.js';
import { VigilError } from '../../domain/index.js';

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

export interface CliOptions {
  /** Folder of model manifests; models/ under the working directory by default. */
  manifestsDir?: string;
  answerTimeoutMs?: number;
  stallTimeoutMs?: number;
}

export async function runModelFetch(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  output: CliOutput,
  options: CliOptions = {},
): Promise<number> {
  try {
    const flags = parseFetchArgs(argv);
    if (flags.help) {
      output.out(USAGE);
      return 0;
    }
    const manifestsDir = options.manifestsDir ?? resolve('models');
    const manifest = await findManifest(manifestsDir, flags.model);
    if (!manifest) throw new ModelFetchError('usage', `no model manifest for ${flags.model} in ${manifestsDir}`);
    const request = fetchRequestFrom(flags, manifest);
    const endpoint = hubEndpoint(env);

    output.err(`fetching ${request.repo} (${request.dtype}) from ${endpoint} into ${request.dir}`);
    const result = await fetchModelFolder(request, {
      endpoint,
      token: hubToken(env),
      layoutLike: manifest.onnx.layoutLike,
      onEvent: progressPrinter(output),
      ...(options.answerTimeoutMs !== undefined ? { answerTimeoutMs: options.answerTimeoutMs } : {}),
      ...(options.stallTimeoutMs !== undefined ? { stallTimeoutMs: options.stallTimeoutMs } : {}),
    });
    output.out(`${request.dir}: ${result.fetched.length} file(s) fetched, ${result.present.length} already there`);
    output.out(`vigil.yaml:  model: { backend: onnx, onnxDir: ${request.dir}, dtype: ${request.dtype} }`);
    if (request.repo.toLowerCase() !== manifest.hfRepo.toLowerCase()) {
      output.out(`note: ${request.repo} is not ${manifest.name}; Vigil prompts it the way ${manifest.id} is prompted.`);
    }
    return 0;
  } catch (error) {
    if (error instanceof ModelFetchError || error instanceof VigilError) {
      output.err(`model:fetch: ${error.message}`);
      return error instanceof ModelFetchError && error.kind === 'usage' ? 2 : 1;
    }
    throw error;
  }
}

const MB = 1024 * 1024;

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / (1024 * MB)).toFixed(2)} GB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  return `${bytes} B`;
}

/** One line per file, and one per tenth of a large file. */
function progressPrinter(output: CliOutput): (event: DownloadEvent) => void {
  const tenths = new Map<string, number>();
  return (event) => {
    const { path, size } = event.file;
    if (event.kind === 'start') {
      tenths.set(path, size > 0 ? Math.floor((event.from * 10) / size) : 10);
      output.err(`  ${path} (${formatBytes(size)})${event.from > 0 ? ` resuming at ${formatBytes(event.from)}` : ''}`);
    } else if (event.kind === 'progress' && size >= 50 * MB) {
      const tenth = Math.floor((event.bytes * 10) / size);
      if (tenth > (tenths.get(path) ?? 0) && tenth < 10) {
        tenths.set(path, tenth);
        output.err(`  ${path} ${tenth * 10}%`);
      }
    } else if (event.kind === 'done') {
      output.err(`  ${path} ${event.outcome === 'present' ? 'already there' : 'done'}`);
    }
  };
}
