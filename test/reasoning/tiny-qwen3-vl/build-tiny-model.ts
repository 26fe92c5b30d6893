/**
 * Builds a tiny Qwen3-VL model folder for tests, laid out like onnx-community/Qwen3-VL-2B-Instruct-ONNX
 * (config.json, preprocessor_config.json, tokenizer.json, tokenizer_config.json, generation_config.json,
 * onnx/{embed_tokens,vision_encoder,decoder_model_merged}{suffix}.onnx). It is a stand-in for Cosmos Reason 2
 * with the same files, tensor names and processor, whose decoder always replies with a fixed script.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedTokensModel, scriptedDecoderModel, visionEncoderModel, type TinyDims } from './tiny-graphs.js';
import { VOCAB, spell, tokenId, tokenizerConfigJson, tokenizerJson } from './tiny-vocab.js';

export const TINY_REPLY =
  '<think> a person is inside the zone </think> [{"hazard":"person-in-zone","present":true,"confidence":0.9,' +
  '"boxes":[{"bbox_2d":[100,200,300,400],"label":"person"}],"start":0,"end":1.5,"reason":"person inside"}]';

export const TINY_VISION = { patchSize: 16, temporalPatchSize: 2, mergeSize: 2 } as const;

export interface TinyModelOptions {
  /** Where to create the folder; a fresh temp dir by default. */
  dir?: string;
  /** Weight files to write: the file suffix ('' = fp32, '_q4', …) and the reply those weights give. */
  weights?: Array<{ suffix: string; reply: string }>;
  /** Never emit <|im_end|>: the reply's last character repeats until max_new_tokens or an abort. */
  endless?: boolean;
}

/** Tokens a scripted reply takes, the closing <|im_end|> included. */
export function replyTokenCount(reply: string): number {
  return spell(reply).length + 1;
}

/** Returns the folder it wrote. */
export async function buildTinyQwen3VlModel(options: TinyModelOptions = {}): Promise<string> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'vigil-tiny-qwen3-vl-')));
  const dims: TinyDims = {
    vocabSize: VOCAB.length,
    hiddenSize: 8,
    kvHeads: 1,
    headDim: 4,
    patchFeatures: 3 * TINY_VISION.temporalPatchSize * TINY_VISION.patchSize ** 2,
    mergeSize: TINY_VISION.mergeSize,
  };

  await mkdir(join(dir, 'onnx'), { recursive: true });
  const json = (name: string, value: object) => writeFile(join(dir, name), JSON.stringify(value, null, 2));
  await Promise.all([
    json('config.json', configJson(dims)),
    json('generation_config.json', generationConfigJson()),
    json('preprocessor_config.json', preprocessorConfigJson()),
    json('tokenizer.json', tokenizerJson()),
    json('tokenizer_config.json', tokenizerConfigJson()),
  ]);

  const embedTokens = embedTokensModel(dims);
  const visionEncoder = visionEncoderModel(dims);
  for (const { suffix, reply } of options.weights ?? [{ suffix: '', reply: TINY_REPLY }]) {
    const script = options.endless ? spell(reply) : [...spell(reply), tokenId('<|im_end|>')];
    await Promise.all([
      writeFile(join(dir, 'onnx', `embed_tokens${suffix}.onnx`), embedTokens),
      writeFile(join(dir, 'onnx', `vision_encoder${suffix}.onnx`), visionEncoder),
      writeFile(join(dir, 'onnx', `decoder_model_merged${suffix}.onnx`), scriptedDecoderModel(dims, script)),
    ]);
  }
  return dir;
}

function configJson(d: TinyDims): object {
  return {
    architectures: ['Qwen3VLForConditionalGeneration'],
    model_type: 'qwen3_vl',
    image_token_id: tokenId('<|image_pad|>'),
    video_token_id: tokenId('<|video_pad|>'),
    vision_start_token_id: tokenId('<|vision_start|>'),
    vision_end_token_id: tokenId('<|vision_end|>'),
    tie_word_embeddings: false,
    text_config: {
      model_type: 'qwen3_vl_text',
      vocab_size: d.vocabSize,
      hidden_size: d.hiddenSize,
      num_hidden_layers: 1,
      num_attention_heads: 2,
      num_key_value_heads: d.kvHeads,
      head_dim: d.headDim,
      max_position_embeddings: 4096,
      bos_token_id: tokenId('<|endoftext|>'),
      eos_token_id: tokenId('<|im_end|>'),
    },
    vision_config: {
      model_type: 'qwen3_vl',
      in_channels: 3,
      patch_size: TINY_VISION.patchSize,
      temporal_patch_size: TINY_VISION.temporalPatchSize,
      spatial_merge_size: TINY_VISION.mergeSize,
      out_hidden_size: d.hiddenSize,
    },
  };
}

function generationConfigJson(): object {
  return {
    bos_token_id: tokenId('<|endoftext|>'),
    eos_token_id: [tokenId('<|im_end|>'), tokenId('<|endoftext|>')],
    pad_token_id: tokenId('<|endoftext|>'),
    do_sample: true,
    temperature: 0.7,
    top_k: 20,
    top_p: 0.8,
  };
}

function preprocessorConfigJson(): object {
  return {
    processor_class: 'Qwen3VLProcessor',
    image_processor_type: 'Qwen2VLImageProcessor',
    do_convert_rgb: true,
    do_resize: true,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
    patch_size: TINY_VISION.patchSize,
    temporal_patch_size: TINY_VISION.temporalPatchSize,
    merge_size: TINY_VISION.mergeSize,
    // one visual token per 32×32 px, as in Qwen3-VL; small bounds keep test frames small
    size: { shortest_edge: 32 * 32, longest_edge: 256 * 256 },
  };
}
