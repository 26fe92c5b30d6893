import { describe, expect, it } from 'vitest';
import { VigilError } from '../../domain/index.js';
import { inspectPublisherOffer } from './publisher-offer.js';

/** An offer as Chromium makes it for a sendonly audio and video publisher, before any candidate is gathered. */
const CHROMIUM_OFFER = `v=0
o=- 5654846103882585321 2 IN IP4 127.0.0.1
s=-
t=0 0
a=group:BUNDLE 0 1
a=extmap-allow-mixed
a=msid-semantic: WMS
m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:yk4N
a=ice-pwd:ICBSlaPS5TTCy9R0lUxIrw5s
a=ice-options:trickle
a=fingerprint:sha-256 68:72:CC:2E:C9:73:11:93:E4:F4:28:EE:C0:53:6F:95:D8:5D:11:8F:8A:B4:4C:10:52:7A:42:F3:E5:C7:D0:29
a=setup:actpass
a=mid:0
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=sendonly
a=msid:- 3659af66-23e5-471d-8783-76d25dcb2c51
a=rtcp-mux
a=rtcp-rsize
a=rtcp-xr:rcvr-rtt=all
a=rtpmap:111 opus/48000/2
a=rtcp-fb:111 transport-cc
a=fmtp:111 minptime=10;useinbandfec=1
a=rtpmap:63 red/48000/2
a=fmtp:63 111/111
a=rtpmap:9 G722/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:13 CN/8000
a=rtpmap:110 telephone-event/48000
a=rtpmap:126 telephone-event/8000
a=ssrc:2281381389 cname:j7wQzfNpRpM++pMa
a=ssrc:2281381389 msid:- 3659af66-23e5-471d-8783-76d25dcb2c51
m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 107 108 109 114 115 116 117 39 40 45 46 98 99 100 101 118 119 120
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:yk4N
a=ice-pwd:ICBSlaPS5TTCy9R0lUxIrw5s
a=ice-options:trickle
a=fingerprint:sha-256 68:72:CC:2E:C9:73:11:93:E4:F4:28:EE:C0:53:6F:95:D8:5D:11:8F:8A:B4:4C:10:52:7A:42:F3:E5:C7:D0:29
a=setup:actpass
a=mid:1
a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:13 urn:3gpp:video-orientation
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type
a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing
a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
a=sendonly
a=msid:- 0da205dc-f4f2-474e-8f0f-3efe60bc4066
a=rtcp-mux
a=rtcp-rsize
a=rtcp-xr:rcvr-rtt=all
a=rtpmap:96 VP8/90000
a=rtcp-fb:96 goog-remb
a=rtcp-fb:96 transport-cc
a=rtcp-fb:96 ccm fir
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=rtpmap:97 rtx/90000
a=fmtp:97 apt=96
a=rtpmap:102 H264/90000
a=rtcp-fb:102 goog-remb
a=rtcp-fb:102 transport-cc
a=rtcp-fb:102 ccm fir
a=rtcp-fb:102 nack
a=rtcp-fb:102 nack pli
a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
a=rtpmap:103 rtx/90000
a=fmtp:103 apt=102
a=rtpmap:104 H264/90000
a=rtcp-fb:104 goog-remb
a=rtcp-fb:104 transport-cc
a=rtcp-fb:104 ccm fir
a=rtcp-fb:104 nack
a=rtcp-fb:104 nack pli
a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f
a=rtpmap:107 rtx/90000
a=fmtp:107 apt=104
a=rtpmap:108 H264/90000
a=rtcp-fb:108 goog-remb
a=rtcp-fb:108 transport-cc
a=rtcp-fb:108 ccm fir
a=rtcp-fb:108 nack
a=rtcp-fb:108 nack pli
a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
a=rtpmap:109 rtx/90000
a=fmtp:109 apt=108
a=rtpmap:114 H264/90000
a=rtcp-fb:114 goog-remb
a=rtcp-fb:114 transport-cc
a=rtcp-fb:114 ccm fir
a=rtcp-fb:114 nack
a=rtcp-fb:114 nack pli
a=fmtp:114 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f
a=rtpmap:115 rtx/90000
a=fmtp:115 apt=114
a=rtpmap:116 H264/90000
a=rtcp-fb:116 goog-remb
a=rtcp-fb:116 transport-cc
a=rtcp-fb:116 ccm fir
a=rtcp-fb:116 nack
a=rtcp-fb:116 nack pli
a=fmtp:116 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f
a=rtpmap:117 rtx/90000
a=fmtp:117 apt=116
a=rtpmap:39 H264/90000
a=rtcp-fb:39 goog-remb
a=rtcp-fb:39 transport-cc
a=rtcp-fb:39 ccm fir
a=rtcp-fb:39 nack
a=rtcp-fb:39 nack pli
a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=4d001f
a=rtpmap:40 rtx/90000
a=fmtp:40 apt=39
a=rtpmap:45 AV1/90000
a=rtcp-fb:45 goog-remb
a=rtcp-fb:45 transport-cc
a=rtcp-fb:45 ccm fir
a=rtcp-fb:45 nack
a=rtcp-fb:45 nack pli
a=fmtp:45 level-idx=5;profile=0;tier=0
a=rtpmap:46 rtx/90000
a=fmtp:46 apt=45
a=rtpmap:98 VP9/90000
a=rtcp-fb:98 goog-remb
a=rtcp-fb:98 transport-cc
a=rtcp-fb:98 ccm fir
a=rtcp-fb:98 nack
a=rtcp-fb:98 nack pli
a=fmtp:98 profile-id=0
a=rtpmap:99 rtx/90000
a=fmtp:99 apt=98
a=rtpmap:100 VP9/90000
a=rtcp-fb:100 goog-remb
a=rtcp-fb:100 transport-cc
a=rtcp-fb:100 ccm fir
a=rtcp-fb:100 nack
a=rtcp-fb:100 nack pli
a=fmtp:100 profile-id=2
a=rtpmap:101 rtx/90000
a=fmtp:101 apt=100
a=rtpmap:118 red/90000
a=rtpmap:119 rtx/90000
a=fmtp:119 apt=118
a=rtpmap:120 ulpfec/90000
a=ssrc-group:FID 784829634 2526676444
a=ssrc:784829634 cname:j7wQzfNpRpM++pMa
a=ssrc:784829634 msid:- 0da205dc-f4f2-474e-8f0f-3efe60bc4066
a=ssrc:2526676444 cname:j7wQzfNpRpM++pMa
a=ssrc:2526676444 msid:- 0da205dc-f4f2-474e-8f0f-3efe60bc4066
`.replace(/\n/g, '\r\n');

const HOST_CANDIDATE = 'a=candidate:911148439 1 udp 2113937151 192.168.1.20 59619 typ host generation 0 network-cost 999';

const splitAtVideo = (sdp: string): [string, string] => {
  const at = sdp.indexOf('m=video ');
  return [sdp.slice(0, at), sdp.slice(at)];
};

/** The offer with its video section's lines rewritten. */
const editVideo = (sdp: string, edit: (lines: string[]) => string[]): string => {
  const [before, video] = splitAtVideo(sdp);
  return before + edit(video.split('\r\n').filter((line) => line.length > 0)).map((line) => `${line}\r\n`).join('');
};

/** The offer with only these video payload types left (m= line, rtpmap, fmtp and rtcp-fb lines). */
const keepVideoFormats = (sdp: string, payloadTypes: number[]): string =>
  editVideo(sdp, (lines) =>
    lines
      .map((line) => (line.startsWith('m=video ') ? `${line.split(' ').slice(0, 3).join(' ')} ${payloadTypes.join(' ')}` : line))
      .filter((line) => {
        const pt = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+) /.exec(line)?.[1];
        return pt === undefined || payloadTypes.includes(Number(pt));
      }),
  );

const without = (sdp: string, prefix: string): string =>
  sdp
    .split('\r\n')
    .filter((line) => !line.startsWith(prefix))
    .join('\r\n');

const refusal = (sdp: string): VigilError => {
  try {
    inspectPublisherOffer(sdp);
  } catch (error) {
    if (error instanceof VigilError) return error;
    throw error;
  }
  throw new Error('the offer was accepted');
};

describe('inspectPublisherOffer', () => {
  it("lists a Chromium offer's VP8 and packetization-mode=1 H.264 formats in the m= line's order, leaving out the rest", () => {
    const summary = inspectPublisherOffer(CHROMIUM_OFFER);
    expect(summary.formats).toEqual([
      { codec: 'VP8', payloadType: 96, clockRate: 90000, fmtp: '' },
      { codec: 'H264', payloadType: 102, clockRate: 90000, fmtp: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f' },
      { codec: 'H264', payloadType: 108, clockRate: 90000, fmtp: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f' },
      { codec: 'H264', payloadType: 116, clockRate: 90000, fmtp: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f' },
    ]);
    expect(summary.candidatesToFollow).toBe(true);
  });

  it('follows the order of the m= line, not of the rtpmap lines', () => {
    const reordered = editVideo(CHROMIUM_OFFER, (lines) => lines.map((line) => (line.startsWith('m=video ') ? 'm=video 9 UDP/TLS/RTP/SAVPF 116 108 96 102 97 103' : line)));
    expect(inspectPublisherOffer(reordered).formats.map((f) => f.payloadType)).toEqual([116, 108, 96, 102]);
  });

  it('reads LF line endings and lower-case codec names as well', () => {
    const lf = keepVideoFormats(CHROMIUM_OFFER, [102]).replace(/\r\n/g, '\n').replace('H264/90000', 'h264/90000');
    expect(inspectPublisherOffer(lf).formats).toEqual([
      { codec: 'H264', payloadType: 102, clockRate: 90000, fmtp: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f' },
    ]);
  });

  it('says whether the candidates are in the offer or follow by PATCH', () => {
    expect(inspectPublisherOffer(CHROMIUM_OFFER).candidatesToFollow).toBe(true);
    const gathered = editVideo(CHROMIUM_OFFER, (lines) => [...lines, HOST_CANDIDATE, 'a=end-of-candidates']);
    expect(inspectPublisherOffer(gathered).candidatesToFollow).toBe(false);
  });

  it('takes a sendrecv video, and a session-level direction when the video names none', () => {
    expect(inspectPublisherOffer(editVideo(CHROMIUM_OFFER, (lines) => lines.map((l) => (l === 'a=sendonly' ? 'a=sendrecv' : l)))).formats).toHaveLength(4);
    const sessionSendonly = editVideo(CHROMIUM_OFFER.replace('t=0 0\r\n', 't=0 0\r\na=sendonly\r\n'), (lines) => lines.filter((l) => l !== 'a=sendonly'));
    expect(inspectPublisherOffer(sessionSendonly).formats).toHaveLength(4);
    const sessionRecvonly = editVideo(CHROMIUM_OFFER.replace('t=0 0\r\n', 't=0 0\r\na=recvonly\r\n'), (lines) => lines.filter((l) => l !== 'a=sendonly'));
    expect(refusal(sessionRecvonly).message).toMatch(/video is recvonly/);
  });

  it('refuses a body that is not SDP', () => {
    const error = refusal('hello');
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/not SDP/);
    expect(refusal('').message).toMatch(/not SDP/);
  });

  it('refuses an offer without video, and one with two video sections', () => {
    expect(refusal(splitAtVideo(CHROMIUM_OFFER)[0]).message).toMatch(/no video section/);
    const [, video] = splitAtVideo(CHROMIUM_OFFER);
    expect(refusal(CHROMIUM_OFFER + video.replace('a=mid:1', 'a=mid:2')).message).toMatch(/2 video sections/);
  });

  it.each(['recvonly', 'inactive'])('refuses a %s video: a publisher sends', (direction) => {
    const error = refusal(editVideo(CHROMIUM_OFFER, (lines) => lines.map((l) => (l === 'a=sendonly' ? `a=${direction}` : l))));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(`video is ${direction}`);
  });

  it('refuses an offer without ICE credentials or without a DTLS fingerprint', () => {
    expect(refusal(without(CHROMIUM_OFFER, 'a=ice-ufrag:')).message).toMatch(/no ICE credentials/);
    expect(refusal(without(CHROMIUM_OFFER, 'a=ice-pwd:')).message).toMatch(/no ICE credentials/);
    expect(refusal(without(CHROMIUM_OFFER, 'a=fingerprint:')).message).toMatch(/no DTLS fingerprint/);
  });

  it('takes ICE credentials and a fingerprint given at session level', () => {
    const [before, video] = splitAtVideo(CHROMIUM_OFFER);
    const credentials = ['a=ice-ufrag:', 'a=ice-pwd:', 'a=fingerprint:'].map((prefix) => video.split('\r\n').find((l) => l.startsWith(prefix)));
    const sessionLevel = before.replace('t=0 0\r\n', `t=0 0\r\n${credentials.join('\r\n')}\r\n`) + ['a=ice-ufrag:', 'a=ice-pwd:', 'a=fingerprint:'].reduce(without, video);
    expect(inspectPublisherOffer(sessionLevel).formats).toHaveLength(4);
  });

  it('refuses H.264 offered only with packetization-mode=0, or with no fmtp (mode 0 by default)', () => {
    expect(refusal(keepVideoFormats(CHROMIUM_OFFER, [104, 107, 114, 115, 39, 40])).message).toMatch(/packetization-mode=0; Vigil ingests packetization-mode=1/);
    expect(refusal(without(keepVideoFormats(CHROMIUM_OFFER, [102]), 'a=fmtp:102')).message).toMatch(/packetization-mode=0/);
  });

  it('refuses VP9 and AV1, naming the offered codecs but not rtx, red or ulpfec', () => {
    const error = refusal(keepVideoFormats(CHROMIUM_OFFER, [45, 46, 98, 99, 100, 101, 118, 119, 120]));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe("the offer's video is AV1, VP9; Vigil ingests H.264 or VP8");
  });

  it('refuses a video section with no named format', () => {
    expect(refusal(keepVideoFormats(CHROMIUM_OFFER, [])).message).toMatch(/in no named format/);
  });
});
