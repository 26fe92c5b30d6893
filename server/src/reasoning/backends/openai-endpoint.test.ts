import { describe, expect, it } from 'vitest';
import { VigilError } from '../../domain/errors.js';
import { endpointUrl, resolveEndpoint } from './openai-endpoint.js';

describe('resolveEndpoint', () => {
  it.each([
    ['http://gpu-box:8000', 'http://gpu-box:8000/v1'],
    ['http://gpu-box:8000/', 'http://gpu-box:8000/v1'],
    ['http://gpu-box:8000/v1', 'http://gpu-box:8000/v1'],
    ['http://gpu-box:8000/v1/', 'http://gpu-box:8000/v1'],
    ['http://gpu-box:8000/v1/chat/completions', 'http://gpu-box:8000/v1'],
    ['http://gpu-box:8000/v1/models', 'http://gpu-box:8000/v1'],
    ['https://nim.plant.example/cosmos/v1', 'https://nim.plant.example/cosmos/v1'],
    ['https://nim.plant.example/cosmos', 'https://nim.plant.example/cosmos/v1'],
    ['https://gateway.example/v2', 'https://gateway.example/v2'],
  ])('%s → %s', (url, base) => {
    expect(resolveEndpoint(url).base).toBe(base);
  });

  it('moves user:password out of the URL into basic auth and keeps them out of what is shown', () => {
    const endpoint = resolveEndpoint('http://vigil:p%40ss@gpu-box:8000');
    expect(endpoint.base).toBe('http://gpu-box:8000/v1');
    expect(endpoint.basicAuth).toBe(`Basic ${Buffer.from('vigil:p@ss').toString('base64')}`);
    expect(endpoint.shown).toBe('http://***@gpu-box:8000/v1');
    expect(endpoint.secrets).toContain('p@ss');
  });

  it('keeps a query key for gateways that take one, shown redacted', () => {
    const endpoint = resolveEndpoint('https://gateway.example/v1?key=abc123', 'sk-live-key');
    expect(endpointUrl(endpoint, 'chat/completions')).toBe('https://gateway.example/v1/chat/completions?key=abc123');
    expect(endpoint.shown).toBe('https://gateway.example/v1?key=***');
    expect(endpoint.secrets).toEqual(['sk-live-key']);
  });

  it('builds endpoint URLs under the base', () => {
    const endpoint = resolveEndpoint('http://gpu-box:8000/v1');
    expect(endpointUrl(endpoint, 'models')).toBe('http://gpu-box:8000/v1/models');
    expect(endpointUrl(endpoint, 'chat/completions')).toBe('http://gpu-box:8000/v1/chat/completions');
  });

  it.each(['gpu-box:8000', 'not a url', 'ftp://gpu-box/v1'])('rejects %s as invalid config', (url) => {
    expect(() => resolveEndpoint(url)).toThrow(VigilError);
  });

  it('does not quote a password when rejecting a URL', () => {
    expect(() => resolveEndpoint('ftp://vigil:hunter22@gpu-box/v1')).toThrow(/ftp:\/\/\*\*\*@gpu-box/);
  });
});
