import { describe, expect, it } from 'vitest';
import { deliveryResultFor } from './webhook-response.js';

const TARGET = 'https://ops.example/hooks/vigil';

describe('webhook response classification', () => {
  it.each([200, 201, 202, 204, 299])('HTTP %i is delivered', (status) => {
    expect(deliveryResultFor({ kind: 'status', status }, TARGET)).toEqual({ ok: true, detail: `HTTP ${status}` });
  });

  it('HTTP 410 disables the endpoint and is not retried', () => {
    expect(deliveryResultFor({ kind: 'status', status: 410 }, TARGET)).toMatchObject({ ok: false, retryable: false, disable: true, error: expect.stringMatching(/410/) });
  });

  it.each([408, 429, 500, 502, 503, 504])('HTTP %i is retried', (status) => {
    const result = deliveryResultFor({ kind: 'status', status }, TARGET);
    expect(result).toMatchObject({ ok: false, retryable: true, error: `${TARGET} answered HTTP ${status}` });
    expect(result).not.toHaveProperty('disable');
  });

  it.each([400, 401, 403, 404, 413, 422])('HTTP %i is not retried', (status) => {
    expect(deliveryResultFor({ kind: 'status', status }, TARGET)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining(`HTTP ${status}`) });
  });

  it('a redirect is reported with its destination and not followed', () => {
    const result = deliveryResultFor({ kind: 'status', status: 302, location: 'http://169.254.169.254/' }, TARGET);
    expect(result).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/302.*169\.254\.169\.254.*do not follow/) });
  });

  it('timeouts, cancellations and network errors are retried', () => {
    expect(deliveryResultFor({ kind: 'timeout', afterMs: 250 }, TARGET)).toMatchObject({ retryable: true, error: expect.stringMatching(/250 ms/) });
    expect(deliveryResultFor({ kind: 'aborted' }, TARGET)).toMatchObject({ retryable: true });
    expect(deliveryResultFor({ kind: 'network', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, TARGET)).toMatchObject({
      retryable: true,
      error: expect.stringMatching(/ECONNREFUSED/),
    });
  });
});
