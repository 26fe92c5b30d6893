import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { modelSchema } from '../server/src/config/site-schema.js';
import { VigilError, parseDuration } from '../server/src/domain/index.js';
import { resolveModelSettings, type ModelSettings } from '../server/src/reasoning/model-settings.js';

export type ReasonerSettings = Exclude<ModelSettings, { backend: 'none' }>;

export interface EvalOptions {
  /** The set's folder, absolute. */
  setDir: string;
  windowMs: number;
  fps: number;
  maxSide: number;
  /** An observation counts as "present" at or above this confidence. */
  threshold: number;
  /** Where to write every window's raw result, absolute; null for none. */
  jsonPath: string | null;
  settings: ReasonerSettings;
}

export type ParsedArgs = { help: true } | ({ help: false } & EvalOptions);

export interface ArgsContext {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Folder of model manifests (the repository's models/). */
  manifestsDir: string;
}

export const USAGE = `Usage: npm run eval -- --set DIR [options]

Runs a labelled set of clips through Vigil's hazard reasoning and scores every hazard per window.

  --set DIR              folder holding set.yaml and its clips (required)
  --backend openai|onnx  default: openai when a URL is known, onnx when a model folder is
  --url URL              OpenAI-compatible server, e.g. http://gpu-box:8000/v1   (default: COSMOS_URL)
  --model ID             served model id (default: COSMOS_MODEL, else nvidia/Cosmos-Reason2-2B)
  --onnx-dir DIR         local ONNX model folder (default: COSMOS_ONNX_DIR)
  --dtype NAME           ONNX weights: fp32, fp16, q8, q4, q4f16, … (default fp32)
  --device cpu|cuda      where the ONNX model runs (default cpu)
  --window DURATION      window length, e.g. 4s (default 4s)
  --fps N                frames sampled per second (default 2)
  --budget N             vision tokens per window (default 1600)
  --reasoning            ask for <think> reasoning before the answer (default)
  --no-reasoning         answer directly
  --threshold X          confidence at which "present" counts (default 0.5)
  --timeout DURATION     per model call (default 30s)
  --json FILE            write every window's raw result as JSON
  --help                 show this text

COSMOS_API_KEY is read from the environment only. Exit codes: 0 ran, 2 bad input or usage, 1 backend
unreachable or the run failed part way.`;

const OPTIONS = {
  set: { type: 'string' },
  backend: { type: 'string' },
  url: { type: 'string' },
  model: { type: 'string' },
  'onnx-dir': { type: 'string' },
  dtype: { type: 'string' },
  device: { type: 'string' },
  window: { type: 'string' },
  fps: { type: 'string' },
  budget: { type: 'string' },
  reasoning: { type: 'boolean' },
  'no-reasoning': { type: 'boolean' },
  threshold: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const DEFAULT_MAX_SIDE = 640;

/** Reads the command line; COSMOS_* fill in what the flags leave out, as for Vigil itself. Throws VigilError invalid_input. */
export function parseEvalArgs(argv: readonly string[], context: ArgsContext): ParsedArgs {
  let values: ReturnType<typeof parseFlags>;
  try {
    values = parseFlags(argv);
  } catch (err) {
    throw usage((err as Error).message);
  }
  if (values.help) return { help: true };
  if (!values.set) throw usage('--set DIR is required');
  if (values.reasoning && values['no-reasoning']) throw usage('--reasoning and --no-reasoning contradict each other');

  const windowMs = duration('--window', values.window ?? '4s');
  const fps = number('--fps', values.fps ?? '2', z.number().gt(0).max(30));
  const threshold = number('--threshold', values.threshold ?? '0.5', z.number().min(0).max(1));
  if (windowMs * fps < 1000) throw usage(`--window ${values.window ?? '4s'} at --fps ${fps} holds no frame; lengthen the window or raise the rate`);

  const settings = modelSettings(values, context);
  return {
    help: false,
    setDir: resolve(context.cwd, values.set),
    windowMs,
    fps,
    maxSide: DEFAULT_MAX_SIDE,
    threshold,
    jsonPath: values.json ? resolve(context.cwd, values.json) : null,
    settings,
  };
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
}

function modelSettings(values: ReturnType<typeof parseFlags>, context: ArgsContext): ReasonerSettings {
  const backend = values.backend ?? 'none';
  if (backend !== 'none' && backend !== 'openai' && backend !== 'onnx') throw usage(`--backend must be openai or onnx, got "${backend}"`);
  const config = modelSchema.safeParse({
    backend,
    manifests: context.manifestsDir,
    ...(values.dtype !== undefined ? { dtype: values.dtype } : {}),
    ...(values.device !== undefined ? { device: values.device } : {}),
    ...(values['no-reasoning'] ? { reasoning: false } : {}),
    ...(values.budget !== undefined ? { visionTokens: number('--budget', values.budget, z.number()) } : {}),
    ...(values.timeout !== undefined ? { timeout: values.timeout } : {}),
  });
  if (!config.success) {
    const flagOf: Record<string, string> = { visionTokens: '--budget', dtype: '--dtype', device: '--device', timeout: '--timeout' };
    const lines = config.error.issues.map((issue) => `${flagOf[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`);
    throw usage(lines.join('\n'));
  }
  const env = present(context.env);
  const onnxDir = values['onnx-dir'] ?? env.COSMOS_ONNX_DIR;
  const flagsOverEnv = {
    COSMOS_URL: values.url ?? env.COSMOS_URL,
    COSMOS_MODEL: values.model ?? env.COSMOS_MODEL,
    COSMOS_API_KEY: env.COSMOS_API_KEY,
    COSMOS_ONNX_DIR: onnxDir === undefined || isAbsolute(onnxDir) ? onnxDir : resolve(context.cwd, onnxDir),
  };
  let settings: ModelSettings;
  try {
    settings = resolveModelSettings(config.data, flagsOverEnv, context.cwd);
  } catch (err) {
    if (err instanceof VigilError) throw usage(err.message.replace('set model.url in vigil.yaml or', 'pass --url or set').replace('set model.onnxDir in vigil.yaml or', 'pass --onnx-dir or set'));
    throw err;
  }
  if (settings.backend === 'none') {
    throw usage('no model to evaluate: pass --url URL (an OpenAI-compatible server such as vLLM) or --onnx-dir DIR, or set COSMOS_URL or COSMOS_ONNX_DIR');
  }
  return settings;
}

function present(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

function duration(flag: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) throw usage(`${flag}: "${text}" is not a duration (use e.g. 4s, 2500ms)`);
  return ms;
}

function number(flag: string, text: string, schema: z.ZodNumber): number {
  const value = Number(text);
  const parsed = schema.safeParse(text.trim() === '' ? Number.NaN : value);
  if (!parsed.success) throw usage(`${flag}: "${text}" ${Number.isFinite(value) ? parsed.error.issues[0]?.message ?? 'is out of range' : 'is not a number'}`);
  return parsed.data;
}

/** A command-line mistake; the message says which flag and why. */
const usage = (message: string) => new VigilError('invalid_input', message, { usage: true });

export const isUsageError = (err: unknown): boolean =>
  err instanceof VigilError && (err.details as { usage?: unknown } | undefined)?.usage === true;
