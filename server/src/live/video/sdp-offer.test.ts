import { describe, expect, it } from 'vitest';
import { chooseH264, inspectOffer } from './sdp-offer.js';

const offer = (video: string[], session: string[] = ['a=ice-ufrag:abcd', 'a=ice-pwd:0123456789abcdef0123', 'a=fingerprint:sha-256 AA:BB']) =>
  ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', ...session, 'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98', 'c=IN IP4 0.0.0.0', ...video].join('\r\n') + '\r\n';
const h264 = [
  'a=rtpmap:96 VP8/90000',
  'a=rtpmap:97 H264/90000',
  'a=fmtp:97 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f',
  'a=rtpmap:98 H264/90000',
  'a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=rtpmap:99 H264/90000',
  'a=fmtp:99 packetization-mode=1;profile-level-id=640c1f',
];

describe('inspectOffer', () => {
  it('keeps the H.264 formats with packetization-mode=1, in the offer\'s order', () => {
    expect(inspectOffer(offer(['a=recvonly', ...h264])).h264).toEqual([
      { payloadType: 98, profileLevelId: '42e01f', packetizationMode: 1 },
      { payloadType: 99, profileLevelId: '640c1f', packetizationMode: 1 },
    ]);
  });

  it.each([
    ['hello', /not SDP/],
    [offer(['a=recvonly', ...h264]).replace('m=video', 'm=audio'), /no video section/],
    [offer(['a=sendonly', ...h264]), /video is sendonly/],
    [offer(['a=recvonly', 'a=rtpmap:96 VP8/90000']), /no H\.264/],
    [offer(['a=recvonly', ...h264.slice(0, 3)]), /packetization-mode=1/],
    [offer(['a=recvonly', ...h264], ['a=fingerprint:sha-256 AA']), /ICE credentials/],
    [offer(['a=recvonly', ...h264], ['a=ice-ufrag:abcd', 'a=ice-pwd:0123456789abcdef0123']), /fingerprint/],
  ])('refuses a bad offer, naming the problem (%#)', (sdp, message) => {
    expect(() => inspectOffer(sdp)).toThrow(message);
  });
});

describe('chooseH264', () => {
  const offered = inspectOffer(offer(['a=recvonly', ...h264])).h264;
  it('prefers the camera\'s profile, then constrained baseline, then the first', () => {
    expect(chooseH264(offered, '640028')?.payloadType).toBe(99);
    expect(chooseH264(offered, '4d001f')?.payloadType).toBe(98);
    expect(chooseH264([offered[1]!], '4d001f')?.payloadType).toBe(99);
    expect(chooseH264([], null)).toBeNull();
  });
});
