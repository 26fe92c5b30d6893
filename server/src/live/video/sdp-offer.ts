import { invalidInput } from '../../domain/index.js';
import { splitSdp } from '../../webrtc/sdp-sections.js';

/** An H.264 format a viewer's offer lists for its video. */
export interface OfferedH264 {
  payloadType: number;
  profileLevelId: string | null;
  packetizationMode: number;
}

export interface OfferSummary {
  /** H.264 formats with packetization-mode=1 (FU-A, what Vigil relays), in the viewer's order of preference. */
  h264: OfferedH264[];
}

/**
 * Checks a viewer's SDP offer before it reaches the WebRTC stack, so a bad one gets a 400 naming its problem:
 * it must be SDP, offer to receive video, list H.264 with packetization-mode=1 and carry ICE and DTLS credentials.
 */
export function inspectOffer(sdp: string): OfferSummary {
  const sections = splitSdp(sdp);
  if (sections.session[0] !== 'v=0') throw invalidInput('the offer is not SDP: it must start with "v=0"');
  const video = sections.media.find((section) => section[0]?.startsWith('m=video '));
  if (!video) throw invalidInput('the offer has no video section (m=video)');
  const direction = video.find((line) => /^a=(sendrecv|recvonly|sendonly|inactive)$/.test(line))?.slice(2) ?? 'sendrecv';
  if (direction !== 'recvonly' && direction !== 'sendrecv') {
    throw invalidInput(`the offer's video is ${direction}: live view sends video, so the offer must receive it (recvonly)`);
  }
  const both = [...sections.session, ...video];
  if (!both.some((l) => l.startsWith('a=ice-ufrag:')) || !both.some((l) => l.startsWith('a=ice-pwd:'))) {
    throw invalidInput('the offer has no ICE credentials (a=ice-ufrag and a=ice-pwd)');
  }
  if (!both.some((l) => l.startsWith('a=fingerprint:'))) throw invalidInput('the offer has no DTLS fingerprint (a=fingerprint)');

  const h264 = h264Formats(video);
  if (h264.length === 0) throw invalidInput('the offer lists no H.264 video (a=rtpmap:<pt> H264/90000)');
  const relayable = h264.filter((format) => format.packetizationMode === 1);
  if (relayable.length === 0) throw invalidInput('the offer lists H.264 only with packetization-mode=0; live view needs packetization-mode=1');
  return { h264: relayable };
}

/**
 * The offered format to send the stream as: the same H.264 profile as the camera's when offered, else
 * constrained baseline (42e0xx), else the viewer's first. Receivers decode any profile; the choice is courtesy.
 */
export function chooseH264(offered: readonly OfferedH264[], streamProfileLevelId: string | null): OfferedH264 | null {
  const profileOf = (id: string | null) => id?.slice(0, 2).toLowerCase() ?? null;
  const streamProfile = profileOf(streamProfileLevelId);
  return (
    offered.find((format) => streamProfile !== null && profileOf(format.profileLevelId) === streamProfile) ??
    offered.find((format) => format.profileLevelId?.toLowerCase().startsWith('42e0')) ??
    offered[0] ??
    null
  );
}

function h264Formats(section: string[]): OfferedH264[] {
  const formats: OfferedH264[] = [];
  for (const line of section) {
    const rtpmap = /^a=rtpmap:(\d+) H264\/90000$/i.exec(line);
    if (!rtpmap) continue;
    const payloadType = Number(rtpmap[1]);
    const fmtp = section.find((l) => l.startsWith(`a=fmtp:${payloadType} `))?.slice(`a=fmtp:${payloadType} `.length) ?? '';
    const params = new Map(
      fmtp.split(';').map((pair) => {
        const [key = '', value = ''] = pair.split('=');
        return [key.trim().toLowerCase(), value.trim()] as const;
      }),
    );
    formats.push({
      payloadType,
      profileLevelId: params.get('profile-level-id') ?? null,
      packetizationMode: Number(params.get('packetization-mode') ?? 0),
    });
  }
  return formats;
}
