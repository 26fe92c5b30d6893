import { z } from 'zod';
import { formatSourceError, parseYamlSource, zodSourceErrors, type SourceError } from '../../config/yaml-source.js';
import type { SamplingParams } from '../reasoner.js';

const positive = z.number().positive();
const samplingSchema = z.strictObject({
  temperature: z.number().min(0).max(2),
  topP: z.number().gt(0).max(1),
  topK: z.number().int().min(1),
  presencePenalty: z.number().min(-2).max(2).optional(),
});

/** A model manifest (models/*.yaml): who the model is and how Cosmos Reason 2 wants to be asked. */
export const modelManifestSchema = z.strictObject({
  /** The id servers know the model by, e.g. "nvidia/Cosmos-Reason2-2B". */
  id: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must look like "org/name"'),
  name: z.string().min(1),
  hfRepo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must look like "org/name"'),
  defaultBackend: z.enum(['openai', 'onnx']),
  /** Where the ONNX export sits under COSMOS_ONNX_DIR, and which weights file variant to load. */
  onnx: z.strictObject({
    folder: z.string().min(1),
    dtype: z.enum(['fp32', 'fp16', 'q8', 'q4', 'q4f16', 'int8', 'uint8', 'bnb4']).default('q4'),
    layoutLike: z.string().min(1).optional(),
  }),
  prompt: z.strictObject({
    system: z.string().min(1),
    reasoningSuffix: z.string().includes('</think>', { message: 'must ask for the answer after </think>' }),
  }),
  sampling: z.strictObject({ reasoning: samplingSchema, plain: samplingSchema }),
  maxTokens: z.number().int().min(64).max(65_536),
  vision: z.strictObject({
    /** Vision tokens one window may spend, over all its frames. */
    tokenBudget: z.number().int().min(1).default(1600),
    patchSize: z.number().int().min(1).default(16),
    mergeSize: z.number().int().min(1).default(2),
  }).prefault({}),
});

export type ModelManifest = z.infer<typeof modelManifestSchema>;

export type ManifestParseResult = { ok: true; manifest: ModelManifest } | { ok: false; errors: SourceError[] };

/** Parses manifest YAML text; every error names file:line:column. Pure. */
export function parseModelManifest(file: string, text: string): ManifestParseResult {
  const source = parseYamlSource(file, text);
  if (source.syntaxErrors.length > 0) return { ok: false, errors: source.syntaxErrors };
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    return { ok: false, errors: [{ file, line: 1, column: 1, message: 'a model manifest must be a YAML mapping with at least "id"' }] };
  }
  const parsed = modelManifestSchema.safeParse(source.value);
  if (!parsed.success) return { ok: false, errors: zodSourceErrors(source, parsed.error) };
  return { ok: true, manifest: parsed.data };
}

export const formatManifestErrors = (errors: readonly SourceError[]): string => errors.map(formatSourceError).join('\n');

/** NVIDIA's sampling for the mode, with the manifest's token limit. */
export function samplingFor(manifest: ModelManifest, reasoning: boolean): SamplingParams {
  const chosen = reasoning ? manifest.sampling.reasoning : manifest.sampling.plain;
  return { ...chosen, maxTokens: manifest.maxTokens };
}

/** Pixels per visual token along one side: patch × spatial merge (16 × 2 = 32 for Cosmos Reason 2). */
export const tokenSide = (manifest: Pick<ModelManifest, 'vision'>): number => manifest.vision.patchSize * manifest.vision.mergeSize;

/** Model ids compare case-insensitively, as the Hugging Face hub treats repository names. */
export const sameModelId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
