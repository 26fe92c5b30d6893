import { describe, expect, it } from 'vitest';
import { rtpInputSdp, sdpDataUrl } from './rtp-input-sdp.js';

const H264 = { codec: 'H264', payloadType: 102, clockRate: 90000, fmtp: 'packetization-mode=1;profile-level-id=42e01f;sprop-parameter-sets=Z0LAHtkA,aM4OiA==', port: 50_000 } as const;

describe('rtpInputSdp', () => {
  it("describes the publisher's format on the loopback port, with its fmtp", () => {
    expect(rtpInputSdp(H264).split('\r\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=Vigil WHIP input',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=video 50000 RTP/AVP 102',
      'a=rtpmap:102 H264/90000',
      'a=fmtp:102 packetization-mode=1;profile-level-id=42e01f;sprop-parameter-sets=Z0LAHtkA,aM4OiA==',
      'a=recvonly',
      '',
    ]);
  });

  it('leaves out a=fmtp when the publisher sent none', () => {
    const sdp = rtpInputSdp({ codec: 'VP8', payloadType: 96, clockRate: 90000, fmtp: '', port: 50_002 });
    expect(sdp).toContain('m=video 50002 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\na=recvonly\r\n');
    expect(sdp).not.toContain('a=fmtp');
  });

  it('ends every line with CRLF and has no bare LF', () => {
    const sdp = rtpInputSdp(H264);
    expect(sdp.endsWith('\r\n')).toBe(true);
    expect(sdp.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('sdpDataUrl', () => {
  it('carries the SDP as base64 in a data: URL that decodes to the same text', () => {
    const sdp = rtpInputSdp(H264);
    const url = sdpDataUrl(sdp);
    expect(url.startsWith('data:application/sdp;base64,')).toBe(true);
    const decoded = Buffer.from(url.slice('data:application/sdp;base64,'.length), 'base64').toString('utf8');
    expect(decoded).toBe(sdp);
    expect(url).not.toMatch(/\s/);
  });
});
