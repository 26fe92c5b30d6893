import { invalidInput } from '../../domain/index.js';
import { formatParameters, splitSdp } from '../../webrtc/sdp-sections.js';

export type PublishedCodec = 'H264' | 'VP8';

/** A video format the publisher offers that Vigil can ingest. */
export interface OfferedVideoFormat {
  codec: PublishedCodec;
  payloadType: number;
  clockRate: number;
  /** The a=fmtp parameters as offered ('' when none). */
  fmtp: string;
}

export interface PublisherOfferSummary {
  /** Ingestible formats in the publisher's order of preference. */
  formats: OfferedVideoFormat[];
  /** True when the offer carries no ICE candidates: they follow by trickle (PATCH). */
  candidatesToFollow: boolean;
}

/**
 * Checks a WHIP publisher's SDP offer before it reaches the WebRTC stack, so a bad one gets a 400 naming its
 * problem: SDP, one video section that sends, H.264 (packetization-mode 1) or VP8 among its formats, ICE and DTLS
 * credentials. Audio sections are allowed and ignored.
 */
export function inspectPublisherOffer(sdp: string): PublisherOfferSummary {
  const { session, media } = splitSdp(sdp);
  if (session[0] !== 'v=0') throw invalidInput('the offer is not SDP: it must start with "v=0"');
  const videos = media.filter((section) => section[0]?.startsWith('m=video '));
  if (videos.length === 0) throw invalidInput('the offer has no video section (m=video)');
  if (videos.length > 1) throw invalidInput(`the offer has ${videos.length} video sections; a camera publishes one`);
  const video = videos[0] as string[];
  // A media-level direction wins; without one the session-level one applies (RFC 8866 §6.7).
  const direction = (video.find(isDirection) ?? session.find(isDirection))?.slice(2) ?? 'sendrecv';
  if (direction !== 'sendonly' && direction !== 'sendrecv') {
    throw invalidInput(`the offer's video is ${direction}: a WHIP publisher sends video (sendonly)`);
  }
  const both = [...session, ...video];
  if (!both.some((l) => l.startsWith('a=ice-ufrag:')) || !both.some((l) => l.startsWith('a=ice-pwd:'))) {
    throw invalidInput('the offer has no ICE credentials (a=ice-ufrag and a=ice-pwd)');
  }
  if (!both.some((l) => l.startsWith('a=fingerprint:'))) throw invalidInput('the offer has no DTLS fingerprint (a=fingerprint)');

  const offered = videoFormats(video);
  const formats = offered.filter((format) => format.codec !== 'H264' || Number(formatParameters(video, format.payloadType).get('packetization-mode') ?? 0) === 1);
  if (formats.length === 0) {
    const names = [...new Set(rtpmapNames(video))];
    throw invalidInput(
      offered.length > 0
        ? 'the offer lists H.264 only with packetization-mode=0; Vigil ingests packetization-mode=1'
        : `the offer's video is ${names.join(', ') || 'in no named format'}; Vigil ingests H.264 or VP8`,
    );
  }
  const candidatesToFollow = !media.some((section) => section.some((line) => line.startsWith('a=candidate:')));
  return { formats, candidatesToFollow };
}

const isDirection = (line: string): boolean => /^a=(sendrecv|recvonly|sendonly|inactive)$/.test(line);

function videoFormats(section: readonly string[]): OfferedVideoFormat[] {
  const order = (section[0] ?? '').split(' ').slice(3).map(Number);
  const formats: OfferedVideoFormat[] = [];
  for (const line of section) {
    const rtpmap = /^a=rtpmap:(\d+) (H264|VP8)\/(\d+)$/i.exec(line);
    if (!rtpmap) continue;
    const payloadType = Number(rtpmap[1]);
    const fmtpPrefix = `a=fmtp:${payloadType} `;
    formats.push({
      codec: (rtpmap[2] as string).toUpperCase() as PublishedCodec,
      payloadType,
      clockRate: Number(rtpmap[3]),
      fmtp: section.find((l) => l.startsWith(fmtpPrefix))?.slice(fmtpPrefix.length) ?? '',
    });
  }
  const rank = (pt: number) => (order.includes(pt) ? order.indexOf(pt) : order.length);
  return formats.sort((a, b) => rank(a.payloadType) - rank(b.payloadType));
}

function rtpmapNames(section: readonly string[]): string[] {
  return section.flatMap((line) => /^a=rtpmap:\d+ ([^/]+)\//.exec(line)?.[1] ?? []).filter((name) => !/^(rtx|red|ulpfec|flexfec-03)$/i.test(name));
}
