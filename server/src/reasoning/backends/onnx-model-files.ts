/**
 * Which files an ONNX model folder must hold for the in-process backend. The layout is the one
 * transformers.js v4 loads for Qwen3-VL (and so for Cosmos Reason 2): JSON configs at the top and
 * onnx/{embed_tokens,vision_encoder,decoder_model_merged}{suffix}.onnx, where the suffix names the dtype.
 */
import { z } from 'zod';

/** File-name suffix per dtype, as transformers.js names them (`quantized` is its 8-bit `q8`). */
export const ONNX_DTYPE_SUFFIX = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  quantized: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
} as const;

export type OnnxDtype = keyof typeof ONNX_DTYPE_SUFFIX;
export const ONNX_DTYPES = Object.keys(ONNX_DTYPE_SUFFIX) as OnnxDtype[];

/** The dtype name transformers.js takes for a Vigil dtype. */
export function transformersDtype(dtype: OnnxDtype): Exclude<OnnxDtype, 'quantized'> {
  return dtype === 'quantized' ? 'q8' : dtype;
}

export const ONNX_SESSIONS = ['embed_tokens', 'vision_encoder', 'decoder_model_merged'] as const;

export const CONFIG_FILES = [
  'config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
] as const;

const externalDataSetting = z.union([z.boolean(), z.number().int().min(0)]);
const modelConfigSchema = z.object({
  'transformers.js_config': z
    .object({
      use_external_data_format: z.union([externalDataSetting, z.record(z.string(), externalDataSetting)]).optional(),
    })
    .optional(),
});

export type ExternalDataFormat = boolean | number | Record<string, boolean | number>;

/** Reads `transformers.js_config.use_external_data_format` from a parsed config.json (absent → none). */
export function externalDataFormatOf(config: unknown): ExternalDataFormat | undefined {
  const parsed = modelConfigSchema.safeParse(config);
  return parsed.success ? parsed.data['transformers.js_config']?.use_external_data_format : undefined;
}

/** How many `.onnx_data` chunks a session file has, following transformers.js's rule. */
function externalChunks(setting: ExternalDataFormat | undefined, fileName: string, session: string): number {
  if (setting === undefined) return 0;
  if (typeof setting === 'object') return Number(setting[fileName] ?? setting[session] ?? 0);
  return Number(setting);
}

/** Every file the folder must hold for `dtype`, relative to the folder, in load order. */
export function requiredModelFiles(dtype: OnnxDtype, externalData?: ExternalDataFormat): string[] {
  const suffix = ONNX_DTYPE_SUFFIX[dtype];
  const onnxFiles = ONNX_SESSIONS.flatMap((session) => {
    const fileName = `${session}${suffix}.onnx`;
    const chunks = externalChunks(externalData, fileName, session);
    const dataFiles = Array.from({ length: chunks }, (_, i) => `${fileName}_data${i === 0 ? '' : `_${i}`}`);
    return [fileName, ...dataFiles].map((name) => `onnx/${name}`);
  });
  return [...CONFIG_FILES, ...onnxFiles];
}

/** A sentence naming the missing files, with what the dtype expects when ONNX files are missing. */
export function describeMissingFiles(dir: string, dtype: OnnxDtype, missing: string[]): string {
  const list = missing.join(', ');
  const onnxMissing = missing.some((file) => file.startsWith('onnx/'));
  const hint = onnxMissing
    ? ` (dtype ${dtype} reads onnx/<session>${ONNX_DTYPE_SUFFIX[dtype]}.onnx)`
    : '';
  return `model folder ${dir} is missing ${list}${hint}`;
}
