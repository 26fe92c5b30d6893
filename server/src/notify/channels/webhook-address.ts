import { isIPv4, isIPv6 } from 'node:net';

/**
 * Where an outgoing webhook may connect. Link-local (cloud metadata lives at 169.254.169.254), unspecified,
 * multicast and reserved addresses are never allowed; loopback and private ranges only when the endpoint says so
 * (an on-prem receiver usually sits on one). IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are
 * judged by the IPv4 address they carry.
 */

export type AddressKind = 'public' | 'private' | 'loopback' | 'forbidden';

export interface AddressVerdict {
  address: string;
  kind: AddressKind;
  /** The range that decided, in words: "private 10.0.0.0/8", "link-local 169.254.0.0/16 (cloud metadata)". */
  range: string;
}

export interface AddressPolicy {
  allowPrivate: boolean;
  /** Loopback without the private ranges; for tests against a receiver on 127.0.0.1. */
  allowLoopback?: boolean;
}

interface V4Range {
  base: number;
  bits: number;
  kind: AddressKind;
  range: string;
}

const v4 = (text: string): number => text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);

const V4_RANGES: readonly V4Range[] = [
  { base: v4('0.0.0.0'), bits: 8, kind: 'forbidden', range: '"this network" 0.0.0.0/8' },
  { base: v4('127.0.0.0'), bits: 8, kind: 'loopback', range: 'loopback 127.0.0.0/8' },
  { base: v4('169.254.0.0'), bits: 16, kind: 'forbidden', range: 'link-local 169.254.0.0/16 (cloud metadata)' },
  { base: v4('224.0.0.0'), bits: 4, kind: 'forbidden', range: 'multicast 224.0.0.0/4' },
  { base: v4('240.0.0.0'), bits: 4, kind: 'forbidden', range: 'reserved 240.0.0.0/4' },
  { base: v4('10.0.0.0'), bits: 8, kind: 'private', range: 'private 10.0.0.0/8' },
  { base: v4('172.16.0.0'), bits: 12, kind: 'private', range: 'private 172.16.0.0/12' },
  { base: v4('192.168.0.0'), bits: 16, kind: 'private', range: 'private 192.168.0.0/16' },
  { base: v4('100.64.0.0'), bits: 10, kind: 'private', range: 'shared (carrier-grade NAT) 100.64.0.0/10' },
];

function classifyV4Number(value: number, address: string): AddressVerdict {
  for (const { base, bits, kind, range } of V4_RANGES) {
    const size = 2 ** (32 - bits);
    if (Math.floor(value / size) === Math.floor(base / size)) return { address, kind, range };
  }
  return { address, kind: 'public', range: 'public IPv4' };
}

/** Eight 16-bit groups, or null when the text is not an IPv6 address. Accepts `::` and a trailing dotted IPv4. */
export function parseIpv6(text: string): number[] | null {
  const address = text.replace(/%.*$/, '');
  if (!isIPv6(address)) return null;
  let head = address;
  const tailGroups: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted?.[1]) {
    const value = v4(dotted[1]);
    tailGroups.push(Math.floor(value / 65536), value % 65536);
    head = address.slice(0, -dotted[1].length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const toGroups = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [left = '', right] = head.split('::');
  const leftGroups = toGroups(left);
  const rightGroups = [...toGroups(right ?? ''), ...tailGroups];
  if (right === undefined) return [...leftGroups, ...tailGroups];
  const zeros = new Array<number>(8 - leftGroups.length - rightGroups.length).fill(0);
  return [...leftGroups, ...zeros, ...rightGroups];
}

const embeddedV4 = (high: number, low: number): number => high * 65536 + low;
const dottedV4 = (value: number): string => [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');

function classifyV6(groups: number[], address: string): AddressVerdict {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const firstSixZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  const carried = (form: string): AddressVerdict => {
    const inner = classifyV4Number(embeddedV4(g6, g7), address);
    return { ...inner, range: `${form} ${dottedV4(embeddedV4(g6, g7))}: ${inner.range}` };
  };
  if (firstSixZero && g6 === 0 && g7 === 0) return { address, kind: 'forbidden', range: 'unspecified ::' };
  if (firstSixZero && g6 === 0 && g7 === 1) return { address, kind: 'loopback', range: 'loopback ::1' };
  if (firstSixZero) return { address, kind: 'forbidden', range: 'deprecated IPv4-compatible ::/96' };
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return carried('IPv4-mapped');
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return carried('NAT64');
  if (g0 === 0x2002) {
    const inner = classifyV4Number(embeddedV4(g1, g2), address);
    return { ...inner, range: `6to4 ${dottedV4(embeddedV4(g1, g2))}: ${inner.range}` };
  }
  if ((g0 & 0xffc0) === 0xfe80) return { address, kind: 'forbidden', range: 'link-local fe80::/10' };
  if ((g0 & 0xff00) === 0xff00) return { address, kind: 'forbidden', range: 'multicast ff00::/8' };
  if ((g0 & 0xfe00) === 0xfc00) return { address, kind: 'private', range: 'unique local fc00::/7' };
  if ((g0 & 0xffc0) === 0xfec0) return { address, kind: 'private', range: 'site-local fec0::/10' };
  return { address, kind: 'public', range: 'public IPv6' };
}

/** Classifies one IP address (v4 or v6, brackets and zone ids allowed). Anything else is forbidden. */
export function classifyAddress(text: string): AddressVerdict {
  const address = text.replace(/^\[(.*)\]$/, '$1');
  if (isIPv4(address)) return classifyV4Number(v4(address), address);
  const groups = parseIpv6(address);
  if (groups) return classifyV6(groups, address);
  return { address, kind: 'forbidden', range: 'not an IP address' };
}

/** Null when the policy allows the address; otherwise why not, in words. */
export function refusalReason(verdict: AddressVerdict, policy: AddressPolicy): string | null {
  switch (verdict.kind) {
    case 'public':
      return null;
    case 'forbidden':
      return `${verdict.address} is ${verdict.range}, which Vigil never calls`;
    case 'loopback':
      return policy.allowPrivate || policy.allowLoopback ? null : `${verdict.address} is ${verdict.range}; set allowPrivate: true for a receiver on this host`;
    case 'private':
      return policy.allowPrivate ? null : `${verdict.address} is ${verdict.range}; set allowPrivate: true for an on-prem receiver`;
  }
}
