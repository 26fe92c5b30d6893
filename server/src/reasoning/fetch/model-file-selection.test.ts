import { describe, expect, it } from 'vitest';
import {
  describeNoExport,
  dtypesInListing,
  parseListing,
  planDownload,
  selectModelFiles,
  stillMissing,
  type HubFile,
} from './model-file-selection.js';

const file = (path: string, size = 10): HubFile => ({ path, size });

/** Shaped like onnx-community/Qwen3-VL-2B-Instruct-ONNX: several dtypes side by side. */
const qwenListing: HubFile[] = [
  '.gitattributes',
  'README.md',
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'chat_template.jinja',
  'onnx/embed_tokens.onnx',
  'onnx/embed_tokens_fp16.onnx',
  'onnx/embed_tokens_q4.onnx',
  'onnx/embed_tokens_q4f16.onnx',
  'onnx/vision_encoder.onnx',
  'onnx/vision_encoder.onnx_data',
  'onnx/vision_encoder_fp16.onnx',
  'onnx/vision_encoder_q4.onnx',
  'onnx/vision_encoder_q4f16.onnx',
  'onnx/decoder_model_merged.onnx',
  'onnx/decoder_model_merged.onnx_data',
  'onnx/decoder_model_merged.onnx_data_1',
  'onnx/decoder_model_merged_fp16.onnx',
  'onnx/decoder_model_merged_fp16.onnx_data',
  'onnx/decoder_model_merged_q4.onnx',
  'onnx/decoder_model_merged_q4.onnx_data',
  'onnx/decoder_model_merged_q4f16.onnx',
].map((path) => file(path));

const paths = (files: HubFile[]) => files.map((f) => f.path);

describe('parseListing', () => {
  it('keeps files with their size and LFS SHA-256, and drops folders', () => {
    const sha = 'a'.repeat(64);
    const body = [
      { type: 'directory', oid: 'x', size: 0, path: 'onnx' },
      { type: 'file', oid: 'y', size: 1234, path: 'config.json' },
      { type: 'file', oid: 'z', size: 999, path: 'onnx/decoder_model_merged_q4.onnx', lfs: { oid: sha, size: 2_000_000_000, pointerSize: 135 } },
    ];
    expect(parseListing(body, 'u')).toEqual([
      { path: 'config.json', size: 1234 },
      { path: 'onnx/decoder_model_merged_q4.onnx', size: 2_000_000_000, sha256: sha },
    ]);
  });

  it('refuses what is not a listing, and paths that leave the folder', () => {
    expect(() => parseListing({ error: 'Repository not found' }, 'https://h/api/x')).toThrow('GET https://h/api/x did not answer with a file listing');
    expect(() => parseListing([{ type: 'file', path: 'config.json' }], 'u')).toThrow('listed config.json without a size');
    expect(() => parseListing([{ type: 'file', path: '../evil.json', size: 1 }], 'u')).toThrow('unsafe path "../evil.json"');
    expect(() => parseListing([{ type: 'file', path: '/etc/passwd', size: 1 }], 'u')).toThrow('unsafe path');
  });
});

describe('selectModelFiles', () => {
  it('picks the configs, the q4 sessions with their external data, and the optional files, nothing else', () => {
    const selection = selectModelFiles(qwenListing, 'q4');
    expect(selection.missing).toEqual([]);
    expect(paths(selection.files)).toEqual([
      'config.json',
      'preprocessor_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/embed_tokens_q4.onnx',
      'onnx/vision_encoder_q4.onnx',
      'onnx/decoder_model_merged_q4.onnx',
      'onnx/decoder_model_merged_q4.onnx_data',
      'generation_config.json',
      'chat_template.jinja',
    ]);
  });

  it('tells fp32 (no suffix) apart from the suffixed dtypes, chunks included', () => {
    const onnx = paths(selectModelFiles(qwenListing, 'fp32').files).filter((p) => p.startsWith('onnx/'));
    expect(onnx).toEqual([
      'onnx/embed_tokens.onnx',
      'onnx/vision_encoder.onnx',
      'onnx/decoder_model_merged.onnx',
      'onnx/decoder_model_merged.onnx_data',
      'onnx/decoder_model_merged.onnx_data_1',
      'onnx/vision_encoder.onnx_data',
    ]);
    expect(paths(selectModelFiles(qwenListing, 'q4f16').files)).not.toContain('onnx/decoder_model_merged_q4.onnx_data');
  });

  it('names the required files a repository lacks', () => {
    const listing = qwenListing.filter((f) => f.path !== 'tokenizer.json');
    expect(selectModelFiles(listing, 'q8').missing).toEqual([
      'tokenizer.json',
      'onnx/embed_tokens_quantized.onnx',
      'onnx/vision_encoder_quantized.onnx',
      'onnx/decoder_model_merged_quantized.onnx',
    ]);
  });
});

describe('describeNoExport', () => {
  it('says a repository has no ONNX export and what to try instead', () => {
    const cosmos = ['config.json', 'model.safetensors', 'tokenizer.json'].map((p) => file(p));
    const { missing } = selectModelFiles(cosmos, 'q4');
    const text = describeNoExport('nvidia/Cosmos-Reason2-2B', 'q4', cosmos, missing, 'onnx-community/Qwen3-VL-2B-Instruct-ONNX');
    expect(text).toContain('nvidia/Cosmos-Reason2-2B has no ONNX export');
    expect(text).toContain('onnx/{embed_tokens,vision_encoder,decoder_model_merged}_q4.onnx');
    expect(text).toContain('backend: openai');
    expect(text).toContain('--repo onnx-community/Qwen3-VL-2B-Instruct-ONNX (a different model, not nvidia/Cosmos-Reason2-2B)');
  });

  it('lists the dtypes a repository does have', () => {
    const { missing } = selectModelFiles(qwenListing, 'bnb4');
    const text = describeNoExport('onnx-community/Qwen3-VL-2B-Instruct-ONNX', 'bnb4', qwenListing, missing);
    expect(text).toContain('has no bnb4 weights');
    expect(text).toContain('it has: fp32, fp16, q4, q4f16');
    expect(dtypesInListing(qwenListing)).toEqual(['fp32', 'fp16', 'q4', 'q4f16']);
  });

  it('names missing configs when the weights are there', () => {
    const listing = qwenListing.filter((f) => f.path !== 'preprocessor_config.json');
    const { missing } = selectModelFiles(listing, 'q4');
    expect(describeNoExport('org/x', 'q4', listing, missing)).toBe('org/x is missing preprocessor_config.json, which a model folder for dtype q4 needs.');
  });
});

describe('planDownload', () => {
  const big = file('onnx/decoder_model_merged_q4.onnx', 1000);
  it('keeps a finished file, resumes a shorter partial one, and restarts otherwise', () => {
    expect(planDownload(big, { finalSize: 1000, partSize: null })).toEqual({ kind: 'present' });
    expect(planDownload(big, { finalSize: null, partSize: 400 })).toEqual({ kind: 'download', from: 400 });
    expect(planDownload(big, { finalSize: 999, partSize: null })).toEqual({ kind: 'download', from: 0 });
    expect(planDownload(big, { finalSize: null, partSize: 0 })).toEqual({ kind: 'download', from: 0 });
    expect(planDownload(big, { finalSize: null, partSize: 1000 })).toEqual({ kind: 'download', from: 0 });
    expect(planDownload(big, { finalSize: null, partSize: 1200 })).toEqual({ kind: 'download', from: 0 });
  });
});

describe('stillMissing', () => {
  it('checks the external data that config.json asks for against what was fetched', () => {
    const fetched = new Set(paths(selectModelFiles(qwenListing, 'q4').files));
    expect(stillMissing('q4', { 'decoder_model_merged_q4.onnx': 1 }, fetched)).toEqual([]);
    expect(stillMissing('q4', { vision_encoder: 1 }, fetched)).toEqual(['onnx/vision_encoder_q4.onnx_data']);
  });
});
