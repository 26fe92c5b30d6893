import { describe, expect, it } from 'vitest';
import { trustedProxy } from './trusted-proxy.js';

describe('trusted proxy', () => {
  const proxy = trustedProxy({ header: 'X-Forwarded-User', trustedAddresses: ['127.0.0.1', '10.8.0.0/16', '::1'] });

  it('trusts listed addresses and ranges, IPv4 seen over IPv6 included', () => {
    expect(proxy.header).toBe('x-forwarded-user');
    expect(proxy.trusts('127.0.0.1')).toBe(true);
    expect(proxy.trusts('::ffff:127.0.0.1')).toBe(true);
    expect(proxy.trusts('10.8.3.4')).toBe(true);
    expect(proxy.trusts('::1')).toBe(true);
  });

  it('trusts nothing else', () => {
    expect(proxy.trusts('127.0.0.2')).toBe(false);
    expect(proxy.trusts('10.9.0.1')).toBe(false);
    expect(proxy.trusts('::ffff:10.9.0.1')).toBe(false);
    expect(proxy.trusts(undefined)).toBe(false);
    expect(proxy.trusts('not-an-address')).toBe(false);
  });
});
