import type { PublishedCodec } from './publisher-offer.js';

export interface RtpInputDescription {
  codec: PublishedCodec;
  payloadType: number;
  clockRate: number;
  /** a=fmtp parameters to pass on (H.264's sprop-parameter-sets, if the publisher sent them). */
  fmtp: string;
  /** The loopback UDP port ffmpeg listens on (RTCP on the next one). */
  port: number;
}

/** The SDP that tells ffmpeg's RTP demuxer what arrives on its loopback port. */
export function rtpInputSdp(input: RtpInputDescription): string {
  const lines = [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=Vigil WHIP input',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=video ${input.port} RTP/AVP ${input.payloadType}`,
    `a=rtpmap:${input.payloadType} ${input.codec}/${input.clockRate}`,
    ...(input.fmtp ? [`a=fmtp:${input.payloadType} ${input.fmtp}`] : []),
    'a=recvonly',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** ffmpeg reads the SDP from a data: URL, so no file has to be written and cleaned up. */
export function sdpDataUrl(sdp: string): string {
  return `data:application/sdp;base64,${Buffer.from(sdp, 'utf8').toString('base64')}`;
}
