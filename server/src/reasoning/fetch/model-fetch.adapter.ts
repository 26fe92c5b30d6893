/**
 * Fills a local ONNX model folder from the hub: lists the repository, picks the files the chosen dtype needs,
 * downloads what is not there yet, and checks that the folder is complete for the in-process backend.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFetchError, offlineAdvice } from './fetch-errors.js';
import type { FetchRequest } from './fetch-args.js';
import { downloadHubFile, listRepoFiles, type DownloadEvent } from './hub-client.adapter.js';
import { describeNoExport, selectModelFiles, stillMissing, type HubFile } from './model-file-selection.js';
import { externalDataFormatOf, requiredModelFiles } from '../backends/onnx-model-files.js';

export interface FetchModelOptions {
  endpoint: string;
  token?: string | undefined;
  /** A repository with the same layout to suggest when the requested one has no ONNX export. */
  layoutLike?: string | undefined;
  onEvent?: (event: DownloadEvent) => void;
  answerTimeoutMs?: number;
  stallTimeoutMs?: number;
}

export interface FetchModelResult {
  dir: string;
  fetched: HubFile[];
  present: HubFile[];
}

export async function fetchModelFolder(request: FetchRequest, options: FetchModelOptions): Promise<FetchModelResult> {
  const client = {
    endpoint: options.endpoint,
    token: options.token,
    offlineAdvice: offlineAdvice(request.dir, requiredModelFiles(request.dtype)),
    ...(options.answerTimeoutMs !== undefined ? { answerTimeoutMs: options.answerTimeoutMs } : {}),
    ...(options.stallTimeoutMs !== undefined ? { stallTimeoutMs: options.stallTimeoutMs } : {}),
  };
  const listing = await listRepoFiles(client, request.repo, request.revision);
  const selection = selectModelFiles(listing, request.dtype);
  if (selection.missing.length > 0) {
    throw new ModelFetchError('no_export', describeNoExport(request.repo, request.dtype, listing, selection.missing, options.layoutLike));
  }

  const result: FetchModelResult = { dir: request.dir, fetched: [], present: [] };
  for (const file of selection.files) {
    const outcome = await downloadHubFile(client, request.repo, request.revision, file, request.dir, options.onEvent);
    result[outcome].push(file);
  }

  // config.json may ask for external data files that the repository does not have.
  const config = await readJson(join(request.dir, 'config.json'));
  const missing = stillMissing(request.dtype, externalDataFormatOf(config), new Set(selection.files.map((f) => f.path)));
  if (missing.length > 0) {
    throw new ModelFetchError('incomplete', `${request.repo}'s config.json asks for ${missing.join(', ')}, which the repository does not have`);
  }
  return result;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
