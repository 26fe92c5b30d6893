/**
 * Which files of a hub repository make an ONNX model folder for one dtype, read from the hub's listing:
 * the files `requiredModelFiles` names, the optional generation config and chat template, and the external
 * data of the chosen sessions. Pure.
 */
import { z } from 'zod';
import { ModelFetchError } from './fetch-errors.js';
import { ONNX_DTYPE_SUFFIX, ONNX_SESSIONS, requiredModelFiles, type OnnxDtype } from '../backends/onnx-model-files.js';

export interface HubFile {
  /** Relative to the repository root, with "/" separators. */
  path: string;
  size: number;
  /** SHA-256 of the content (hex) when the hub stores the file in LFS. */
  sha256?: string;
}

export const OPTIONAL_FILES = ['generation_config.json', 'chat_template.jinja', 'chat_template.json'] as const;

const listingEntry = z.object({
  type: z.string(),
  path: z.string().min(1),
  size: z.number().int().min(0).optional(),
  lfs: z.object({ oid: z.string().optional(), size: z.number().int().min(0).optional() }).optional(),
});
const listingSchema = z.array(listingEntry);

const SHA256 = /^[0-9a-f]{64}$/i;

/** The files of one page of `GET /api/models/{repo}/tree/{revision}?recursive=1`. */
export function parseListing(body: unknown, url: string): HubFile[] {
  const parsed = listingSchema.safeParse(body);
  if (!parsed.success) {
    throw new ModelFetchError('bad_listing', `GET ${url} did not answer with a file listing (expected a JSON array of {type, path, size})`);
  }
  const files: HubFile[] = [];
  for (const entry of parsed.data) {
    if (entry.type !== 'file') continue;
    const size = entry.lfs?.size ?? entry.size;
    if (size === undefined) throw new ModelFetchError('bad_listing', `GET ${url} listed ${entry.path} without a size`);
    if (!isSafePath(entry.path)) throw new ModelFetchError('bad_listing', `GET ${url} listed an unsafe path "${entry.path}"`);
    const oid = entry.lfs?.oid;
    files.push({ path: entry.path, size, ...(oid && SHA256.test(oid) ? { sha256: oid.toLowerCase() } : {}) });
  }
  return files;
}

/** A listed path may only lead down into the model folder. */
function isSafePath(path: string): boolean {
  return !path.startsWith('/') && !path.includes('\\') && path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `onnx/<session><suffix>.onnx_data`, `…_data_1`, …: external weights of the chosen sessions. */
function externalDataPattern(dtype: OnnxDtype): RegExp {
  const suffix = escape(ONNX_DTYPE_SUFFIX[dtype]);
  return new RegExp(`^onnx/(?:${ONNX_SESSIONS.join('|')})${suffix}\\.onnx_data(?:_\\d+)?$`);
}

export interface FileSelection {
  /** What to download, in load order: required files, external data, then optional files. */
  files: HubFile[];
  /** Required files the repository does not have. */
  missing: string[];
}

export function selectModelFiles(listing: readonly HubFile[], dtype: OnnxDtype): FileSelection {
  const byPath = new Map(listing.map((file) => [file.path, file]));
  const required = requiredModelFiles(dtype);
  const missing = required.filter((path) => !byPath.has(path));
  const dataPattern = externalDataPattern(dtype);
  const data = listing.filter((file) => dataPattern.test(file.path)).sort((a, b) => a.path.localeCompare(b.path));
  const pick = (paths: readonly string[]) => paths.flatMap((path) => byPath.get(path) ?? []);
  return { files: [...pick(required), ...data, ...pick(OPTIONAL_FILES)], missing };
}

/** The dtypes whose three session files the repository has. */
export function dtypesInListing(listing: readonly HubFile[]): OnnxDtype[] {
  const paths = new Set(listing.map((file) => file.path));
  const seen = new Set<string>();
  return (Object.keys(ONNX_DTYPE_SUFFIX) as OnnxDtype[]).filter((dtype) => {
    const suffix = ONNX_DTYPE_SUFFIX[dtype];
    if (seen.has(suffix)) return false;
    const complete = ONNX_SESSIONS.every((session) => paths.has(`onnx/${session}${suffix}.onnx`));
    if (complete) seen.add(suffix);
    return complete;
  });
}

/**
 * Why the repository cannot make a folder for `dtype`: no ONNX export at all, or not in this dtype (naming
 * the dtypes it has), or configs missing. `stillRuns` names a repository with the same layout to try instead.
 */
export function describeNoExport(repo: string, dtype: OnnxDtype, listing: readonly HubFile[], missing: readonly string[], stillRuns?: string): string {
  const hasOnnx = listing.some((file) => file.path.startsWith('onnx/') && file.path.endsWith('.onnx'));
  const available = dtypesInListing(listing);
  const lines: string[] = [];
  if (!hasOnnx) {
    lines.push(`${repo} has no ONNX export (no onnx/*.onnx files); the in-process backend needs one laid out for transformers.js.`);
    lines.push(`Export it to onnx/{${ONNX_SESSIONS.join(',')}}${ONNX_DTYPE_SUFFIX[dtype]}.onnx and pass --repo with where it lives, or serve the model with vLLM or NIM (backend: openai).`);
    if (stillRuns && stillRuns !== repo) {
      lines.push(`To try the in-process path with the same layout meanwhile: --repo ${stillRuns} (a different model, not ${repo}).`);
    }
  } else if (available.length > 0 && missing.some((path) => path.startsWith('onnx/'))) {
    lines.push(`${repo} has no ${dtype} weights (missing ${missing.join(', ')}); it has: ${available.join(', ')}. Pass --dtype with one of those.`);
  } else {
    lines.push(`${repo} is missing ${missing.join(', ')}, which a model folder for dtype ${dtype} needs.`);
  }
  return lines.join('\n');
}

/** What is on disk for one file: the finished file's size and the partial download's size, when present. */
export interface LocalFileState {
  finalSize: number | null;
  partSize: number | null;
}

export type DownloadStep = { kind: 'present' } | { kind: 'download'; from: number };

/** A finished file of the listed size stays; a shorter partial download resumes; anything else starts over. */
export function planDownload(file: HubFile, local: LocalFileState): DownloadStep {
  if (local.finalSize === file.size) return { kind: 'present' };
  if (local.partSize !== null && local.partSize > 0 && local.partSize < file.size) return { kind: 'download', from: local.partSize };
  return { kind: 'download', from: 0 };
}

/** Required files (external data as config.json asks for it) that are not among `present`. */
export function stillMissing(dtype: OnnxDtype, externalData: Parameters<typeof requiredModelFiles>[1], present: ReadonlySet<string>): string[] {
  return requiredModelFiles(dtype, externalData).filter((path) => !present.has(path));
}
