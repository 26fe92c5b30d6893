import { describe, expect, it } from 'vitest';
import { causeOf, offlineAdvice, unauthorizedError } from './fetch-errors.js';
import { authHeaders, hubEndpoint, hubToken, listingUrl, nextPageUrl, resolveUrl } from './hub-urls.js';

describe('hub endpoint and token', () => {
  it('uses huggingface.co unless HF_ENDPOINT names a mirror', () => {
    expect(hubEndpoint({})).toBe('https://huggingface.co');
    expect(hubEndpoint({ HF_ENDPOINT: '  ' })).toBe('https://huggingface.co');
    expect(hubEndpoint({ HF_ENDPOINT: 'https://mirror.example/hf/' })).toBe('https://mirror.example/hf');
    expect(() => hubEndpoint({ HF_ENDPOINT: 'mirror.example' })).toThrow('HF_ENDPOINT must be an http(s) URL');
    expect(() => hubEndpoint({ HF_ENDPOINT: 'ftp://mirror.example' })).toThrow('HF_ENDPOINT must be an http(s) URL');
  });

  it('sends HF_TOKEN as a bearer token, and nothing without one', () => {
    expect(hubToken({ HF_TOKEN: 'hf_abc' })).toBe('hf_abc');
    expect(hubToken({ HF_TOKEN: '' })).toBeUndefined();
    expect(authHeaders('hf_abc')).toEqual({ authorization: 'Bearer hf_abc' });
    expect(authHeaders(undefined)).toEqual({});
  });
});

describe('hub URLs', () => {
  const hub = 'https://huggingface.co';

  it('lists a repository recursively at a revision', () => {
    expect(listingUrl(hub, 'onnx-community/Qwen3-VL-2B-Instruct-ONNX', 'main')).toBe(
      'https://huggingface.co/api/models/onnx-community/Qwen3-VL-2B-Instruct-ONNX/tree/main?recursive=1',
    );
    expect(listingUrl(hub, 'org/name', 'refs/pr/1')).toBe('https://huggingface.co/api/models/org/name/tree/refs%2Fpr%2F1?recursive=1');
  });

  it('resolves a file path segment by segment', () => {
    expect(resolveUrl(hub, 'org/name', 'main', 'onnx/decoder_model_merged_q4.onnx')).toBe(
      'https://huggingface.co/org/name/resolve/main/onnx/decoder_model_merged_q4.onnx',
    );
    expect(resolveUrl('http://127.0.0.1:9/hub', 'org/name', 'main', 'a b/c#d.json')).toBe('http://127.0.0.1:9/hub/org/name/resolve/main/a%20b/c%23d.json');
  });

  it('follows the Link header to the next page of a listing', () => {
    const base = 'https://huggingface.co/api/models/org/name/tree/main?recursive=1';
    expect(nextPageUrl('<https://huggingface.co/api/models/org/name/tree/main?recursive=1&cursor=abc>; rel="next"', base)).toBe(
      'https://huggingface.co/api/models/org/name/tree/main?recursive=1&cursor=abc',
    );
    expect(nextPageUrl('</api/models/org/name/tree/main?cursor=2>; rel="prev", </api/models/org/name/tree/main?cursor=3>; rel="next"', base)).toBe(
      'https://huggingface.co/api/models/org/name/tree/main?cursor=3',
    );
    expect(nextPageUrl('<https://x/a>; rel="prev"', base)).toBeNull();
    expect(nextPageUrl(null, base)).toBeNull();
  });
});

describe('fetch error messages', () => {
  it('finds the socket error under "fetch failed"', () => {
    const error = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    expect(causeOf(error)).toBe('connect ECONNREFUSED 127.0.0.1:9');
    expect(causeOf('plain')).toBe('plain');
  });

  it('says what to do without the hub and after a 401', () => {
    expect(offlineAdvice('models/weights/x/y', ['config.json', 'onnx/a.onnx'])).toContain('copy the model folder by hand into models/weights/x/y (it needs config.json, onnx/a.onnx)');
    expect(offlineAdvice('d', [])).toContain('HF_ENDPOINT');
    expect(unauthorizedError('https://h/api', 401, 'org/gated', false).message).toContain('set HF_TOKEN');
    expect(unauthorizedError('https://h/api', 401, 'org/gated', true).message).toContain('did not accept HF_TOKEN');
  });
});
