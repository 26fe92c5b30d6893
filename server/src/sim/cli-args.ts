import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { invalidInput } from '../domain/index.js';
import { parseFrameSize, type FrameSize } from './frame-size.js';

export interface SimCliArgs {
  readonly help: boolean;
  readonly cameras: number;
  readonly port: number;
  readonly host: string;
  readonly size: FrameSize;
  readonly fps: number;
  readonly dir: string;
}

export const SIM_USAGE = `Usage: npm run sim -- --cameras N [--port 8554] [--host 127.0.0.1] [--size 640x360] [--fps 15] [--dir DIR]

Publishes N simulated cameras over RTSP (rtsp://HOST:PORT/sim-1 ... sim-N) from one pre-encoded clip,
stream-copied, so each camera costs no encoding. The clip is cached in DIR (default $DATA_DIR/sim).`;

/** Parses `npm run sim` arguments; `env` supplies DATA_DIR for the default clip folder. */
export function parseSimCliArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): SimCliArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      cameras: { type: 'string', short: 'n' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      size: { type: 'string' },
      fps: { type: 'string' },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return {
    help: values.help ?? false,
    cameras: integerIn('cameras', values.cameras ?? '4', 1, 512),
    port: integerIn('port', values.port ?? '8554', 0, 65535),
    host: values.host ?? '127.0.0.1',
    size: parseFrameSize(values.size ?? '640x360'),
    fps: integerIn('fps', values.fps ?? '15', 1, 60),
    dir: values.dir ?? join(env.DATA_DIR ?? './data', 'sim'),
  };
}

function integerIn(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw invalidInput(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** A `cameras:` block to paste into vigil.yaml. */
export function camerasYaml(urls: readonly string[], fps = 2): string {
  const lines = ['cameras:'];
  urls.forEach((url, index) => {
    const number = index + 1;
    lines.push(
      `  - id: sim-${number}`,
      `    name: Simulated camera ${number}`,
      `    url: ${url}`,
      `    sample: { fps: ${fps}, maxSide: 640 }`,
    );
  });
  return `${lines.join('\n')}\n`;
}
