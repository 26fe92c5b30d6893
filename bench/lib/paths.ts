import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/lib/../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
export const BENCHMARKS_MD = join(REPO_ROOT, 'BENCHMARKS.md');
/** The fault suite's figures, kept by hand from its runs; BENCHMARKS.md ends with them. */
export const FAULTS_README = join(REPO_ROOT, 'test', 'faults', 'README.md');

export const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';

/** Inputs built once and reused between runs (encoded clips); outside the repository. */
export function benchCacheDir(): string {
  return join(tmpdir(), 'vigil-bench-cache');
}
