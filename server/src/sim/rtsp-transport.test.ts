import { describe, expect, it } from 'vitest';
import { formatTcpTransport, formatUdpTransport, parsePair, parseTransport } from './rtsp-transport.js';

describe('parseTransport', () => {
  it('reads what ffmpeg sends to publish over TCP', () => {
    expect(parseTransport('RTP/AVP/TCP;unicast;interleaved=0-1;mode=record')).toEqual([
      { protocol: 'tcp', multicast: false, mode: 'record', interleaved: [0, 1] },
    ]);
  });

  it('reads UDP unicast with client ports, with or without the /UDP suffix', () => {
    expect(parseTransport('RTP/AVP;unicast;client_port=5000-5001')).toEqual([
      { protocol: 'udp', multicast: false, mode: 'play', clientPort: [5000, 5001] },
    ]);
    expect(parseTransport('RTP/AVP/UDP;unicast;client_port=6000-6001;mode="RECORD"')[0]).toMatchObject({
      protocol: 'udp',
      mode: 'record',
      clientPort: [6000, 6001],
    });
  });

  it('keeps alternatives in order and skips profiles it does not know', () => {
    const specs = parseTransport('RTP/SAVP;unicast, RTP/AVP;multicast, RTP/AVP/TCP;interleaved=4-5');
    expect(specs.map((spec) => [spec.protocol, spec.multicast])).toEqual([
      ['udp', true],
      ['tcp', false],
    ]);
    expect(specs[1]!.interleaved).toEqual([4, 5]);
  });

  it('returns nothing for an empty header', () => {
    expect(parseTransport('')).toEqual([]);
  });
});

describe('parsePair', () => {
  it('accepts a-b and a single number meaning a, a+1', () => {
    expect(parsePair('10-11', 255)).toEqual([10, 11]);
    expect(parsePair('6', 255)).toEqual([6, 7]);
  });

  it('rejects out-of-range and malformed values', () => {
    expect(parsePair('255', 255)).toBeUndefined();
    expect(parsePair('x-1', 255)).toBeUndefined();
    expect(parsePair('70000-70001', 65535)).toBeUndefined();
  });
});

describe('format transports', () => {
  it('echoes channels for TCP and adds the server ports for UDP', () => {
    expect(formatTcpTransport([0, 1], 'play')).toBe('RTP/AVP/TCP;unicast;interleaved=0-1');
    expect(formatTcpTransport([2, 3], 'record')).toBe('RTP/AVP/TCP;unicast;interleaved=2-3;mode=record');
    expect(formatUdpTransport([5000, 5001], [7000, 7001], 'play')).toBe(
      'RTP/AVP;unicast;client_port=5000-5001;server_port=7000-7001',
    );
  });
});
