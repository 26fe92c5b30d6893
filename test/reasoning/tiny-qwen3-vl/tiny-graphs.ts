/**
 * The three ONNX graphs of the tiny Qwen3-VL test model, with the input/output names and shapes of the
 * onnx-community Qwen3-VL export that transformers.js v4 drives.
 *
 * The decoder "speaks" a fixed script: every cached token carries a marker (1 when it was fed alone, i.e.
 * generated; 0 when it came with the prompt), so the number of tokens generated so far is the sum of the
 * markers, and the logits are one row of a script table picked by that count. Sampling with any
 * temperature/top-k/top-p therefore yields the same reply, while the KV cache still flows step to step.
 */
import { FLOAT, INT64, floats, input, int64s, model, node, output } from './onnx-builder.js';

export interface TinyDims {
  vocabSize: number;
  hiddenSize: number;
  kvHeads: number;
  headDim: number;
  /** channels · temporal_patch_size · patch_size² */
  patchFeatures: number;
  mergeSize: number;
}

/** A small deterministic weight pattern (values in ±0.03). */
function pattern(count: number, seed: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => (((i * 31 + seed * 17) % 61) - 30) / 1000);
}

export function embedTokensModel(d: TinyDims): Uint8Array {
  return model({
    name: 'embed_tokens',
    inputs: [input('input_ids', INT64, ['batch_size', 'sequence_length'])],
    outputs: [output('inputs_embeds', FLOAT, ['batch_size', 'sequence_length', d.hiddenSize])],
    initializers: [floats('embed_weight', [d.vocabSize, d.hiddenSize], pattern(d.vocabSize * d.hiddenSize, 1))],
    nodes: [node('Gather', ['embed_weight', 'input_ids'], ['inputs_embeds'], { axis: 0 })],
  });
}

/** Merges each merge²-patch group into one visual token by a linear projection. */
export function visionEncoderModel(d: TinyDims): Uint8Array {
  const grouped = d.mergeSize * d.mergeSize * d.patchFeatures;
  return model({
    name: 'vision_encoder',
    inputs: [
      input('pixel_values', FLOAT, ['num_patches', d.patchFeatures]),
      input('image_grid_thw', INT64, ['num_images', 3]),
    ],
    outputs: [output('image_features', FLOAT, ['num_visual_tokens', d.hiddenSize])],
    initializers: [
      int64s('group_shape', [2], [-1, grouped]),
      floats('merger_weight', [grouped, d.hiddenSize], pattern(grouped * d.hiddenSize, 2)),
    ],
    nodes: [
      node('Reshape', ['pixel_values', 'group_shape'], ['grouped_patches']),
      node('MatMul', ['grouped_patches', 'merger_weight'], ['image_features']),
    ],
  });
}

/** `script`: the token ids to emit in order; the last one is repeated if generation runs past it. */
export function scriptedDecoderModel(d: TinyDims, script: number[]): Uint8Array {
  const table = new Float32Array(script.length * d.vocabSize);
  script.forEach((tokenId, step) => {
    table[step * d.vocabSize + tokenId] = 40;
  });
  const pastDims = ['batch_size', d.kvHeads, 'past_sequence_length', d.headDim];
  const presentDims = ['batch_size', d.kvHeads, 'total_sequence_length', d.headDim];
  return model({
    name: 'decoder_model_merged',
    inputs: [
      input('inputs_embeds', FLOAT, ['batch_size', 'sequence_length', d.hiddenSize]),
      input('attention_mask', INT64, ['batch_size', 'total_sequence_length']),
      input('position_ids', INT64, [3, 'batch_size', 'sequence_length']),
      input('past_key_values.0.key', FLOAT, pastDims),
      input('past_key_values.0.value', FLOAT, pastDims),
    ],
    outputs: [
      output('logits', FLOAT, ['batch_size', 'sequence_length', d.vocabSize]),
      output('present.0.key', FLOAT, presentDims),
      output('present.0.value', FLOAT, presentDims),
    ],
    initializers: [
      int64s('axis0', [1], [0]),
      int64s('axis1', [1], [1]),
      int64s('axis2', [1], [2]),
      int64s('kv_heads', [1], [d.kvHeads]),
      int64s('head_dim', [1], [d.headDim]),
      int64s('vocab', [1], [d.vocabSize]),
      int64s('one', [], [1]),
      int64s('last_step', [], [script.length - 1]),
      floats('marker_width', [], [d.kvHeads * d.headDim]),
      floats('script_table', [script.length, d.vocabSize], table),
    ],
    nodes: [
      node('Shape', ['inputs_embeds'], ['embeds_shape']),
      node('Slice', ['embeds_shape', 'axis0', 'axis1'], ['batch']),
      node('Slice', ['embeds_shape', 'axis1', 'axis2'], ['seq']),
      node('Squeeze', ['seq'], ['seq_scalar']),
      node('Equal', ['seq_scalar', 'one'], ['is_single_token']),
      node('Cast', ['is_single_token'], ['marker'], { to: FLOAT }),
      node('Concat', ['batch', 'kv_heads', 'seq', 'head_dim'], ['kv_shape'], { axis: 0 }),
      node('Expand', ['marker', 'kv_shape'], ['new_kv']),
      node('Concat', ['past_key_values.0.key', 'new_kv'], ['present.0.key'], { axis: 2 }),
      node('Concat', ['past_key_values.0.value', 'new_kv'], ['present.0.value'], { axis: 2 }),
      node('ReduceSum', ['present.0.key'], ['marker_total'], { keepdims: 0 }),
      node('Div', ['marker_total', 'marker_width'], ['generated_float']),
      node('Cast', ['generated_float'], ['generated'], { to: INT64 }),
      node('Min', ['generated', 'last_step'], ['step']),
      node('Gather', ['script_table', 'step'], ['step_logits'], { axis: 0 }),
      node('Concat', ['batch', 'seq', 'vocab'], ['logits_shape'], { axis: 0 }),
      node('Expand', ['step_logits', 'logits_shape'], ['logits']),
    ],
  });
}
