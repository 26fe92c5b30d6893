/**
 * `npm run eval -- --set DIR …`: scores Vigil's hazard reasoning on a labelled set of clips. See eval/README.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VigilError } from '../server/src/domain/index.js';
import { encodeFrameJpeg } from '../server/src/imaging/jpeg.adapter.js';
import { resolveFfmpegPath } from '../server/src/ingest/ffmpeg-path.js';
import { WindowAnalyzer } from '../server/src/reasoning/window-analyzer.js';
import { ClipDecodeError, decodeClipFrames } from './clip-frames.adapter.js';
import { USAGE, isUsageError, parseEvalArgs, type EvalOptions } from './eval-args.js';
import { loadEvalSet } from './eval-set.adapter.js';
import { formatProgress, formatSummary, summarize } from './report.js';
import { BackendUnreachableError, isBackendGone, openBackend, type OpenedBackend } from './reasoner.adapter.js';
import { runEval } from './run-eval.js';

export const EXIT = { ran: 0, backend: 1, usage: 2 } as const;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let options: EvalOptions;
  let backend: OpenedBackend | null = null;
  try {
    const parsed = parseEvalArgs(argv, { env, cwd: process.cwd(), manifestsDir: resolve(REPO_ROOT, 'models') });
    if (parsed.help) {
      io.out(USAGE);
      return EXIT.ran;
    }
    options = parsed;
    const set = await loadEvalSet(options.setDir);
    const ffmpegPath = resolveFfmpegPath(env);
    backend = await openBackend(options.settings);
    io.err(`evaluating ${options.settings.model} (${options.settings.backend}, ${backend.where}) on ${set.clips.length} clip(s) from ${options.setDir}`);

    const analyzer = new WindowAnalyzer({
      reasoner: backend.reasoner,
      manifest: backend.manifest,
      reasoning: options.settings.reasoning,
      visionTokenBudget: options.settings.visionTokens,
      encode: async (frame, size) => (await encodeFrameJpeg(frame, { size })).jpeg,
    });
    const results = await runEval(set, options, {
      frames: (path, cameraId) => decodeClipFrames(path, { ffmpegPath, cameraId, fps: options.fps, maxSide: options.maxSide }),
      analyze: (input) => analyzer.analyze(input),
      isFatal: isBackendGone,
      onWindow: (result) => io.err(formatProgress(result)),
    });
    const summary = summarize(results);
    io.out(formatSummary(summary));
    if (options.jsonPath) {
      await mkdir(dirname(options.jsonPath), { recursive: true });
      await writeFile(options.jsonPath, `${JSON.stringify(jsonReport(options, set.name ?? null, backend, summary, results), null, 2)}\n`);
      io.err(`wrote ${options.jsonPath}`);
    }
    return EXIT.ran;
  } catch (err) {
    return failure(err, io);
  } finally {
    await backend?.reasoner.close();
  }
}

function jsonReport(options: EvalOptions, setName: string | null, backend: OpenedBackend, summary: ReturnType<typeof summarize>, results: unknown[]) {
  const { settings } = options;
  return {
    set: { dir: options.setDir, name: setName },
    settings: {
      backend: settings.backend,
      model: settings.model,
      where: backend.where,
      reasoning: settings.reasoning,
      visionTokenBudget: settings.visionTokens,
      windowSeconds: options.windowMs / 1000,
      fps: options.fps,
      maxSide: options.maxSide,
      threshold: options.threshold,
    },
    summary,
    windows: results,
  };
}

function failure(err: unknown, io: CliIo): number {
  if (err instanceof BackendUnreachableError || isBackendGone(err)) {
    io.err(`backend unreachable: ${(err as Error).message}`);
    return EXIT.backend;
  }
  if (err instanceof VigilError || err instanceof ClipDecodeError) {
    io.err(err.message);
    if (isUsageError(err)) io.err('run with --help for the options');
    return EXIT.usage;
  }
  io.err(`eval failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return EXIT.backend;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const io: CliIo = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };
  process.exitCode = await main(process.argv.slice(2), process.env, io);
}
