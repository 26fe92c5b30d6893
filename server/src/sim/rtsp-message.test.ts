import { describe, expect, it } from 'vitest';
import { formatResponse, frameInterleaved, RtspStreamParser, type RtspRequest } from './rtsp-message.js';

interface Collected {
  requests: RtspRequest[];
  frames: Array<{ channel: number; payload: string; framed: string }>;
  errors: string[];
}

function collector(): { parser: RtspStreamParser; got: Collected } {
  const got: Collected = { requests: [], frames: [], errors: [] };
  const parser = new RtspStreamParser({
    onRequest: (request) => got.requests.push(request),
    onFrame: (channel, payload, framed) =>
      got.frames.push({ channel, payload: payload.toString('latin1'), framed: framed.toString('hex') }),
    onError: (reason) => got.errors.push(reason),
  });
  return { parser, got };
}

const announce =
  'ANNOUNCE rtsp://127.0.0.1:8554/cam-1 RTSP/1.0\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: 10\r\n\r\nv=0\r\ns=x\r\n';
const options = 'OPTIONS rtsp://127.0.0.1:8554/cam-1 RTSP/1.0\r\nCSeq: 3\r\nUser-Agent: Lavf59\r\n\r\n';

describe('RtspStreamParser', () => {
  it('parses a request with a body and lower-cases header names', () => {
    const { parser, got } = collector();
    parser.push(Buffer.from(announce, 'latin1'));
    expect(got.requests).toHaveLength(1);
    const request = got.requests[0]!;
    expect(request.method).toBe('ANNOUNCE');
    expect(request.url).toBe('rtsp://127.0.0.1:8554/cam-1');
    expect(request.headers.get('cseq')).toBe('2');
    expect(request.headers.get('content-type')).toBe('application/sdp');
    expect(request.body.toString()).toBe('v=0\r\ns=x\r\n');
  });

  it('gives the same result when the bytes arrive one at a time', () => {
    const { parser, got } = collector();
    const packet = Buffer.from('RTPDATA');
    const stream = Buffer.concat([
      Buffer.from(announce, 'latin1'),
      frameInterleaved(0, packet),
      frameInterleaved(1, Buffer.from('RTCP')),
      Buffer.from(options, 'latin1'),
    ]);
    for (const byte of stream) parser.push(Buffer.from([byte]));
    expect(got.requests.map((request) => request.method)).toEqual(['ANNOUNCE', 'OPTIONS']);
    expect(got.requests[1]!.headers.get('cseq')).toBe('3');
    expect(got.frames.map((frame) => [frame.channel, frame.payload])).toEqual([
      [0, 'RTPDATA'],
      [1, 'RTCP'],
    ]);
    expect(got.frames[0]!.framed).toBe(frameInterleaved(0, packet).toString('hex'));
    expect(got.errors).toEqual([]);
  });

  it('handles a frame split across chunks at every position', () => {
    const payload = Buffer.alloc(1400, 7);
    const frame = frameInterleaved(2, payload);
    for (let cut = 1; cut < frame.length; cut += 97) {
      const { parser, got } = collector();
      const stream = Buffer.concat([frame, frame]);
      parser.push(stream.subarray(0, cut));
      parser.push(stream.subarray(cut, cut + frame.length));
      parser.push(stream.subarray(cut + frame.length));
      expect(got.frames).toHaveLength(2);
      expect(got.frames.every((f) => f.channel === 2 && f.payload.length === 1400)).toBe(true);
    }
  });

  it('skips responses and stray line breaks between messages', () => {
    const { parser, got } = collector();
    parser.push(Buffer.from(`RTSP/1.0 200 OK\r\nCSeq: 9\r\n\r\n\r\n${options}`, 'latin1'));
    expect(got.requests.map((request) => request.method)).toEqual(['OPTIONS']);
  });

  it('reports garbage and oversized headers as errors and stops', () => {
    const garbage = collector();
    garbage.parser.push(Buffer.from('HELLO THERE\r\n\r\n'));
    expect(garbage.got.errors).toEqual(['malformed message']);
    garbage.parser.push(Buffer.from(options));
    expect(garbage.got.requests).toEqual([]);

    const huge = collector();
    huge.parser.push(Buffer.from(`OPTIONS * RTSP/1.0\r\nX: ${'a'.repeat(20_000)}`));
    expect(huge.got.errors).toEqual(['header too large']);
  });

  it('rejects a negative or enormous Content-Length', () => {
    const { parser, got } = collector();
    parser.push(Buffer.from('ANNOUNCE rtsp://h/x RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 99999999\r\n\r\n'));
    expect(got.errors).toEqual(['bad Content-Length']);
  });
});

describe('formatResponse', () => {
  it('writes the status line, headers in order, and Content-Length for a body', () => {
    const text = formatResponse(200, { CSeq: '4', Session: undefined, 'Content-Type': 'application/sdp' }, 'v=0\r\n');
    expect(text.toString()).toBe('RTSP/1.0 200 OK\r\nCSeq: 4\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n');
  });

  it('names the RTSP-specific statuses', () => {
    expect(formatResponse(454, {}).toString()).toBe('RTSP/1.0 454 Session Not Found\r\n\r\n');
    expect(formatResponse(461, {}).toString()).toContain('Unsupported Transport');
  });
});

describe('frameInterleaved', () => {
  it('prefixes $, the channel and the 16-bit length', () => {
    expect([...frameInterleaved(3, Buffer.from([9, 8, 7]))]).toEqual([0x24, 3, 0, 3, 9, 8, 7]);
  });
});
