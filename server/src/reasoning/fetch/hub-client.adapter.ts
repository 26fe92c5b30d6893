/**
 * Talks to a Hugging Face hub (or a mirror of it) over HTTP: lists a repository's files and downloads one
 * file into `<name>.part`, resuming with Range, checking size (and SHA-256 when the hub gives one), then
 * renaming it into place.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  ModelFetchError,
  causeOf,
  httpError,
  notFoundError,
  unauthorizedError,
  unreachableError,
} from './fetch-errors.js';
import { authHeaders, listingUrl, nextPageUrl, resolveUrl } from './hub-urls.js';
import { parseListing, planDownload, type HubFile } from './model-file-selection.js';

export interface HubClientOptions {
  endpoint: string;
  token?: string | undefined;
  /** Advice appended when the hub cannot be reached at all. */
  offlineAdvice: string;
  /** How long to wait for the hub to answer a request (headers). */
  answerTimeoutMs?: number;
  /** A download that delivers no byte for this long is dropped (and resumed, up to `attempts`). */
  stallTimeoutMs?: number;
  /** Tries per file when the connection drops mid-file; each try resumes where the last stopped. */
  attempts?: number;
}

export type DownloadEvent =
  | { kind: 'start'; file: HubFile; from: number }
  | { kind: 'progress'; file: HubFile; bytes: number }
  | { kind: 'done'; file: HubFile; outcome: 'fetched' | 'present' };

const MAX_PAGES = 100;

export async function listRepoFiles(options: HubClientOptions, repo: string, revision: string): Promise<HubFile[]> {
  const files: HubFile[] = [];
  let url: string | null = listingUrl(options.endpoint, repo, revision);
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const response = await request(options, url, repo, {}, `repository ${repo} or revision ${revision} does not exist on ${options.endpoint}`);
    const body = (await response.json().catch(() => null)) as unknown;
    files.push(...parseListing(body, url));
    url = nextPageUrl(response.headers.get('link'), url);
  }
  return files;
}

/** Downloads `file` into `dir` unless it is already there with its listed size. */
export async function downloadHubFile(
  options: HubClientOptions,
  repo: string,
  revision: string,
  file: HubFile,
  dir: string,
  onEvent: (event: DownloadEvent) => void = () => undefined,
): Promise<'fetched' | 'present'> {
  const target = join(dir, ...file.path.split('/'));
  const part = `${target}.part`;
  const step = planDownload(file, { finalSize: await sizeOf(target), partSize: await sizeOf(part) });
  if (step.kind === 'present') {
    onEvent({ kind: 'done', file, outcome: 'present' });
    return 'present';
  }
  await mkdir(dirname(target), { recursive: true });
  const url = resolveUrl(options.endpoint, repo, revision, file.path);
  const attempts = options.attempts ?? 3;
  let from = step.from;
  for (let attempt = 1; ; attempt++) {
    onEvent({ kind: 'start', file, from });
    try {
      await downloadInto(options, url, repo, file, part, from, onEvent);
      break;
    } catch (error) {
      if (error instanceof ModelFetchError || attempt >= attempts) throw asFetchError(error, url);
      from = (await sizeOf(part)) ?? 0;
    }
  }
  await verify(file, part, url);
  await rename(part, target);
  onEvent({ kind: 'done', file, outcome: 'fetched' });
  return 'fetched';
}

async function downloadInto(
  options: HubClientOptions,
  url: string,
  repo: string,
  file: HubFile,
  part: string,
  from: number,
  onEvent: (event: DownloadEvent) => void,
): Promise<void> {
  const range: Record<string, string> = from > 0 ? { range: `bytes=${from}-` } : {};
  const stall = new AbortController();
  const response = await request(options, url, repo, range, `${file.path} is listed but cannot be downloaded`, [200, 206, 416], stall.signal);
  if (response.status === 416) {
    // The partial file does not fit what the hub has now: start over.
    await response.body?.cancel();
    await unlink(part).catch(() => undefined);
    return downloadInto(options, url, repo, file, part, 0, onEvent);
  }
  const resumed = response.status === 206 && contentRangeStart(response.headers.get('content-range')) === from;
  if (response.status === 206 && !resumed) {
    await response.body?.cancel();
    throw new ModelFetchError('http', `GET ${url} answered a range other than the one asked for (bytes=${from}-)`);
  }
  if (!response.body) throw new ModelFetchError('http', `GET ${url} answered without a body`);

  let bytes = resumed ? from : 0;
  let timer: NodeJS.Timeout | undefined;
  const stallMs = options.stallTimeoutMs ?? 60_000;
  const armStallTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(new Error(`no data for ${Math.round(stallMs / 1000)} s`)), stallMs);
  };
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      armStallTimer();
      onEvent({ kind: 'progress', file, bytes });
      done(null, chunk);
    },
  });
  armStallTimer();
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      counter,
      createWriteStream(part, { flags: resumed ? 'a' : 'w' }),
    );
  } finally {
    clearTimeout(timer);
  }
}

async function verify(file: HubFile, part: string, url: string): Promise<void> {
  const size = (await sizeOf(part)) ?? 0;
  if (size !== file.size) {
    await unlink(part).catch(() => undefined);
    throw new ModelFetchError('corrupt', `${file.path}: got ${size} bytes from ${url}, but the hub lists ${file.size}; the partial file was removed, run again`);
  }
  if (!file.sha256) return;
  const hash = createHash('sha256');
  await pipeline(createReadStream(part), hash);
  const digest = hash.digest('hex');
  if (digest !== file.sha256) {
    await unlink(part).catch(() => undefined);
    throw new ModelFetchError('corrupt', `${file.path}: SHA-256 ${digest} from ${url} differs from the hub's ${file.sha256}; the file was removed, run again`);
  }
}

/** One GET; statuses outside `accept` and transport failures become ModelFetchErrors that say what to do. */
async function request(
  options: HubClientOptions,
  url: string,
  repo: string,
  headers: Record<string, string>,
  notFound: string,
  accept: readonly number[] = [200],
  signal?: AbortSignal,
): Promise<Response> {
  // The answer timeout covers the wait for headers only; a long body is watched by the stall timer instead.
  const answerMs = options.answerTimeoutMs ?? 20_000;
  const answered = new AbortController();
  const timer = setTimeout(() => answered.abort(new Error(`no answer within ${Math.round(answerMs / 1000)} s`)), answerMs);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { ...authHeaders(options.token), ...headers, 'user-agent': 'vigil-model-fetch' },
      redirect: 'follow',
      signal: signal ? AbortSignal.any([answered.signal, signal]) : answered.signal,
    });
  } catch (error) {
    throw unreachableError(url, answered.signal.aborted ? causeOf(answered.signal.reason) : causeOf(error), options.offlineAdvice);
  } finally {
    clearTimeout(timer);
  }
  if (accept.includes(response.status)) return response;
  const body = await response.text().catch(() => '');
  if (response.status === 401 || response.status === 403) throw unauthorizedError(url, response.status, repo, options.token !== undefined);
  if (response.status === 404) throw notFoundError(url, notFound);
  throw httpError(url, response.status, body);
}

function asFetchError(error: unknown, url: string): ModelFetchError {
  if (error instanceof ModelFetchError) return error;
  return new ModelFetchError('incomplete', `downloading ${url} broke off (${causeOf(error)}); what arrived is kept, run the command again to resume`);
}

function contentRangeStart(header: string | null): number | null {
  const match = header ? /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(header.trim()) : null;
  return match?.[1] ? Number(match[1]) : null;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}
