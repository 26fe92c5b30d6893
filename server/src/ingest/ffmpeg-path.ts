import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { VigilError } from '../domain/index.js';

const SYSTEM_FFMPEG = '/usr/bin/ffmpeg';

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * The ffmpeg binary Vigil runs: FFMPEG_PATH when set (it must exist), else /usr/bin/ffmpeg, else `ffmpeg`
 * on PATH. Throws VigilError with a message that says what to do when none is found.
 */
export function resolveFfmpegPath(
  env: Readonly<Record<string, string | undefined>> = process.env,
  executable: (path: string) => boolean = isExecutable,
): string {
  const configured = env.FFMPEG_PATH?.trim();
  if (configured) {
    if (executable(configured)) return configured;
    throw new VigilError('invalid_config', `FFMPEG_PATH is ${configured}, which is not an executable file`);
  }
  if (executable(SYSTEM_FFMPEG)) return SYSTEM_FFMPEG;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir.length === 0) continue;
    const candidate = join(dir, 'ffmpeg');
    if (executable(candidate)) return candidate;
  }
  throw new VigilError('unavailable', 'ffmpeg not found: install ffmpeg (for example `apt-get install ffmpeg`) or set FFMPEG_PATH');
}

/** ffprobe beside the resolved ffmpeg, else on PATH under the same rules. */
export function resolveFfprobePath(
  env: Readonly<Record<string, string | undefined>> = process.env,
  executable: (path: string) => boolean = isExecutable,
): string {
  const ffmpeg = resolveFfmpegPath(env, executable);
  const sibling = join(dirname(ffmpeg), 'ffprobe');
  if (executable(sibling)) return sibling;
  throw new VigilError('unavailable', `ffprobe not found next to ${ffmpeg}: install ffmpeg's ffprobe as well`);
}
