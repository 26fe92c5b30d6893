import { describe, expect, it } from 'vitest';
import { parseTrickleFragment } from './trickle-fragment.js';

const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;

const HOST = 'candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1';
const SRFLX = 'candidate:3471623853 1 udp 1686052607 198.51.100.7 61764 typ srflx raddr 192.0.2.1 rport 61764 generation 0 ufrag EsAw';
const TCP = 'candidate:473322822 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active generation 0 ufrag EsAw network-id 1';

describe('parseTrickleFragment', () => {
  it('reads the ICE credentials, the mid and the candidates of a WHIP PATCH body (RFC 8840)', () => {
    const fragment = parseTrickleFragment(
      crlf(['a=ice-ufrag:EsAw', 'a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y', 'a=group:BUNDLE 0 1', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=mid:0', `a=${HOST}`, `a=${SRFLX}`, `a=${TCP}`, 'a=end-of-candidates']),
    );
    expect(fragment).toEqual({
      ufrag: 'EsAw',
      pwd: 'bP+XJMM09aR8AiX1jdukzR6Y',
      candidates: [
        { candidate: HOST, sdpMid: '0', sdpMLineIndex: 0 },
        { candidate: SRFLX, sdpMid: '0', sdpMLineIndex: 0 },
        { candidate: TCP, sdpMid: '0', sdpMLineIndex: 0 },
      ],
      endOfCandidates: true,
    });
  });

  it('numbers the m= lines and takes each one its own mid; a candidate before any m= line names neither', () => {
    const fragment = parseTrickleFragment(
      ['a=ice-ufrag:EsAw', `a=${HOST}`, 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=mid:0', `a=${SRFLX}`, 'm=video 9 UDP/TLS/RTP/SAVPF 96', `a=${TCP}`, 'a=mid:1', `a=${HOST}`].join('\n'),
    );
    expect(fragment.candidates).toEqual([
      { candidate: HOST, sdpMid: null, sdpMLineIndex: null },
      { candidate: SRFLX, sdpMid: '0', sdpMLineIndex: 0 },
      { candidate: TCP, sdpMid: null, sdpMLineIndex: 1 },
      { candidate: HOST, sdpMid: '1', sdpMLineIndex: 1 },
    ]);
    expect(fragment.pwd).toBeNull();
    expect(fragment.endOfCandidates).toBe(false);
  });

  it('takes a fragment with credentials only, or only the end of candidates', () => {
    expect(parseTrickleFragment('a=ice-ufrag:EsAw\r\na=ice-pwd:secret\r\n')).toEqual({ ufrag: 'EsAw', pwd: 'secret', candidates: [], endOfCandidates: false });
    expect(parseTrickleFragment('m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=end-of-candidates\r\n')).toMatchObject({ candidates: [], endOfCandidates: true });
  });

  it('refuses an empty body', () => {
    expect(() => parseTrickleFragment('')).toThrow(/the ICE fragment is empty/);
    expect(() => parseTrickleFragment(' \r\n\r\n')).toThrow(/the ICE fragment is empty/);
  });

  it('refuses a line that is not SDP, quoting it', () => {
    expect(() => parseTrickleFragment('a=ice-ufrag:EsAw\r\n{"candidate": "x"}\r\n')).toThrow(/a line that is not SDP: "\{"candidate": "x"\}"/);
    expect(() => parseTrickleFragment(HOST)).toThrow(/not SDP/);
  });

  it('refuses an incomplete candidate', () => {
    expect(() => parseTrickleFragment('a=mid:0\r\na=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ\r\n')).toThrow(/the ICE candidate "a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ" is incomplete/);
    expect(() => parseTrickleFragment('a=candidate:1 1 udp')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
