import { describe, expect, it } from 'vitest';
import { candidateFragment, iceCredentials, isWhipCamera, negotiatedCodec, resolutionById, sdpCandidates, sessionUrl, whipUrl } from './whip-publish.js';

const OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=candidate:1 1 udp 2122260223 192.0.2.1 61764 typ host generation 0',
  'a=candidate:2 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active',
  'a=ice-ufrag:EsAw',
  'a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1',
  'a=mid:0',
  '',
].join('\r\n');

describe('WHIP publishing helpers', () => {
  it('recognises WHIP cameras by their url', () => {
    expect(isWhipCamera({ url: 'whip://phone-1' })).toBe(true);
    expect(isWhipCamera({ url: 'WHIP://Dock' })).toBe(true);
    expect(isWhipCamera({ url: 'rtsp://***:***@10.0.0.5/stream' })).toBe(false);
    expect(isWhipCamera({ url: 'sim://yard' })).toBe(false);
  });

  it('builds the endpoint URL another device enters', () => {
    expect(whipUrl('https://vigil.plant.example', 'dock-phone')).toBe('https://vigil.plant.example/api/whip/dock-phone');
    expect(whipUrl('http://127.0.0.1:8080/', 'a b')).toBe('http://127.0.0.1:8080/api/whip/a%20b');
  });

  it('resolves the session Location against the endpoint', () => {
    const endpoint = 'http://127.0.0.1:8080/api/whip/dock-phone';
    expect(sessionUrl('/api/whip/dock-phone/5f3c', endpoint)).toBe('http://127.0.0.1:8080/api/whip/dock-phone/5f3c');
    expect(sessionUrl('dock-phone/5f3c', endpoint)).toBe('http://127.0.0.1:8080/api/whip/dock-phone/5f3c');
    expect(sessionUrl('https://edge.example/whip/s/1', endpoint)).toBe('https://edge.example/whip/s/1');
  });

  it('falls back to the default resolution for an unknown choice', () => {
    expect(resolutionById('1280x720')).toMatchObject({ width: 1280, height: 720 });
    expect(resolutionById('nope')).toMatchObject({ width: 640, height: 360 });
  });

  it('reads the ICE credentials and the candidates an offer carries', () => {
    expect(iceCredentials(OFFER)).toEqual({ ufrag: 'EsAw', pwd: 'P2uYro0UCOQ4zxjKXaWCBui1' });
    expect(iceCredentials('v=0\r\n')).toBeNull();
    expect(sdpCandidates(OFFER)).toEqual([
      'candidate:1 1 udp 2122260223 192.0.2.1 61764 typ host generation 0',
      'candidate:2 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active',
    ]);
  });

  it('reads the codec an answer picked', () => {
    const answer = 'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 102 96\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:102 H264/90000\r\n';
    expect(negotiatedCodec(answer)).toBe('H264');
    expect(negotiatedCodec('v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n')).toBe('VP8');
    expect(negotiatedCodec('v=0\r\nm=audio 9 RTP/AVP 0\r\n')).toBeNull();
  });

  it('writes a trickle-ICE fragment (RFC 8840)', () => {
    expect(candidateFragment({ ufrag: 'EsAw', pwd: 'pw', mid: '0', candidates: ['candidate:3 1 udp 1 198.51.100.7 5000 typ srflx'], end: true })).toBe(
      'a=ice-ufrag:EsAw\r\na=ice-pwd:pw\r\nm=video 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=candidate:3 1 udp 1 198.51.100.7 5000 typ srflx\r\na=end-of-candidates\r\n',
    );
    expect(candidateFragment({ ufrag: 'u', pwd: 'p', mid: '1', candidates: [], end: false })).toBe(
      'a=ice-ufrag:u\r\na=ice-pwd:p\r\nm=video 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:1\r\n',
    );
  });
});
