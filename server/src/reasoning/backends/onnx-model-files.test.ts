import { describe, expect, it } from 'vitest';
import {
  describeMissingFiles,
  externalDataFormatOf,
  requiredModelFiles,
  transformersDtype,
} from './onnx-model-files.js';

describe('requiredModelFiles', () => {
  it('lists the configs and the fp32 sessions without a suffix', () => {
    expect(requiredModelFiles('fp32')).toEqual([
      'config.json',
      'preprocessor_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/embed_tokens.onnx',
      'onnx/vision_encoder.onnx',
      'onnx/decoder_model_merged.onnx',
    ]);
  });

  it('uses the dtype suffix of the export', () => {
    expect(requiredModelFiles('q4').slice(4)).toEqual([
      'onnx/embed_tokens_q4.onnx',
      'onnx/vision_encoder_q4.onnx',
      'onnx/decoder_model_merged_q4.onnx',
    ]);
    expect(requiredModelFiles('q4f16')).toContain('onnx/decoder_model_merged_q4f16.onnx');
    expect(requiredModelFiles('quantized')).toContain('onnx/vision_encoder_quantized.onnx');
    expect(requiredModelFiles('q8')).toContain('onnx/vision_encoder_quantized.onnx');
  });

  it('adds external data chunks the config asks for', () => {
    expect(requiredModelFiles('fp16', true)).toContain('onnx/decoder_model_merged_fp16.onnx_data');
    const chunked = requiredModelFiles('fp32', { 'decoder_model_merged.onnx': 2, vision_encoder: true });
    expect(chunked.filter((f) => f.includes('_data'))).toEqual([
      'onnx/vision_encoder.onnx_data',
      'onnx/decoder_model_merged.onnx_data',
      'onnx/decoder_model_merged.onnx_data_1',
    ]);
  });
});

describe('externalDataFormatOf', () => {
  it('reads transformers.js_config.use_external_data_format and ignores everything else', () => {
    const config = { model_type: 'qwen3_vl', 'transformers.js_config': { use_external_data_format: 1 } };
    expect(externalDataFormatOf(config)).toBe(1);
    expect(externalDataFormatOf({ model_type: 'qwen3_vl' })).toBeUndefined();
    expect(externalDataFormatOf({ 'transformers.js_config': { use_external_data_format: 'yes' } })).toBeUndefined();
    expect(externalDataFormatOf(undefined)).toBeUndefined();
  });
});

describe('describeMissingFiles', () => {
  it('names every missing file and the suffix the dtype reads', () => {
    expect(describeMissingFiles('/m', 'q4', ['onnx/embed_tokens_q4.onnx'])).toBe(
      'model folder /m is missing onnx/embed_tokens_q4.onnx (dtype q4 reads onnx/<session>_q4.onnx)',
    );
    expect(describeMissingFiles('/m', 'fp32', ['tokenizer.json'])).toBe('model folder /m is missing tokenizer.json');
  });
});

it('maps quantized to the q8 dtype of transformers.js', () => {
  expect(transformersDtype('quantized')).toBe('q8');
  expect(transformersDtype('q4f16')).toBe('q4f16');
});
