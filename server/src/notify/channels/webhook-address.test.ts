import { describe, expect, it } from 'vitest';
import { classifyAddress, parseIpv6, refusalReason, type AddressKind } from './webhook-address.js';

describe('webhook address classification', () => {
  it.each<[string, AddressKind, RegExp]>([
    ['169.254.169.254', 'forbidden', /link-local.*metadata/],
    ['169.254.0.1', 'forbidden', /link-local/],
    ['0.0.0.0', 'forbidden', /0\.0\.0\.0\/8/],
    ['0.1.2.3', 'forbidden', /0\.0\.0\.0\/8/],
    ['224.0.0.251', 'forbidden', /multicast/],
    ['255.255.255.255', 'forbidden', /reserved/],
    ['127.0.0.1', 'loopback', /loopback/],
    ['127.8.9.10', 'loopback', /loopback/],
    ['10.1.2.3', 'private', /10\.0\.0\.0\/8/],
    ['172.16.0.1', 'private', /172\.16\.0\.0\/12/],
    ['172.31.255.255', 'private', /172\.16\.0\.0\/12/],
    ['192.168.1.20', 'private', /192\.168/],
    ['100.64.0.1', 'private', /100\.64/],
    ['172.32.0.1', 'public', /public/],
    ['100.128.0.1', 'public', /public/],
    ['8.8.8.8', 'public', /public/],
    ['::', 'forbidden', /unspecified/],
    ['::1', 'loopback', /loopback/],
    ['fe80::1', 'forbidden', /link-local fe80/],
    ['fe80::1%eth0', 'forbidden', /link-local fe80/],
    ['febf::1', 'forbidden', /link-local fe80/],
    ['ff02::1', 'forbidden', /multicast/],
    ['fd00::5', 'private', /fc00::\/7/],
    ['fc12:3456::1', 'private', /fc00::\/7/],
    ['::ffff:169.254.169.254', 'forbidden', /IPv4-mapped 169\.254\.169\.254.*metadata/],
    ['::ffff:a9fe:a9fe', 'forbidden', /IPv4-mapped 169\.254\.169\.254/],
    ['[::ffff:a9fe:a9fe]', 'forbidden', /IPv4-mapped/],
    ['::ffff:10.0.0.1', 'private', /IPv4-mapped 10\.0\.0\.1/],
    ['::ffff:127.0.0.1', 'loopback', /IPv4-mapped/],
    ['::ffff:8.8.8.8', 'public', /IPv4-mapped/],
    ['64:ff9b::a9fe:a9fe', 'forbidden', /NAT64 169\.254\.169\.254/],
    ['2002:a9fe:a9fe::1', 'forbidden', /6to4 169\.254\.169\.254/],
    ['::a9fe:a9fe', 'forbidden', /IPv4-compatible/],
    ['2001:4860:4860::8888', 'public', /public IPv6/],
    ['metadata.google.internal', 'forbidden', /not an IP/],
  ])('%s is %s', (address, kind, range) => {
    const verdict = classifyAddress(address);
    expect(verdict.kind).toBe(kind);
    expect(verdict.range).toMatch(range);
  });

  it('expands IPv6 text into eight groups', () => {
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIpv6('1:2:3:4:5:6:7.8.9.10')).toEqual([1, 2, 3, 4, 5, 6, 0x0708, 0x090a]);
    expect(parseIpv6('2001:db8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6('10.0.0.1')).toBeNull();
  });

  it('lets the policy decide loopback and private ranges, never link-local', () => {
    const strict = { allowPrivate: false };
    const onPrem = { allowPrivate: true };
    const testsOnly = { allowPrivate: false, allowLoopback: true };
    expect(refusalReason(classifyAddress('8.8.8.8'), strict)).toBeNull();
    expect(refusalReason(classifyAddress('10.1.2.3'), strict)).toMatch(/private 10\.0\.0\.0\/8; set allowPrivate: true/);
    expect(refusalReason(classifyAddress('10.1.2.3'), onPrem)).toBeNull();
    expect(refusalReason(classifyAddress('10.1.2.3'), testsOnly)).not.toBeNull();
    expect(refusalReason(classifyAddress('127.0.0.1'), strict)).toMatch(/loopback/);
    expect(refusalReason(classifyAddress('127.0.0.1'), onPrem)).toBeNull();
    expect(refusalReason(classifyAddress('127.0.0.1'), testsOnly)).toBeNull();
    for (const policy of [strict, onPrem, testsOnly]) {
      expect(refusalReason(classifyAddress('169.254.169.254'), policy)).toMatch(/never calls/);
      expect(refusalReason(classifyAddress('fe80::1'), policy)).toMatch(/never calls/);
    }
  });
});
