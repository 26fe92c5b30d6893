/** A codec as RTCRtpSender/RTCRtpReceiver.getCapabilities() list it (structurally an RTCRtpCodec). */
export interface CodecCapability {
  mimeType: string;
  clockRate: number;
  channels?: number;
  sdpFmtpLine?: string;
}

export type VideoCodecChoice = 'h264' | 'vp8';

export const CODEC_LABEL: Record<VideoCodecChoice, string> = {
  h264: 'H.264',
  vp8: 'VP8',
};

/** Helpers that go with any video codec (retransmission, redundancy, error correction). */
const RESILIENCE = new Set(['video/rtx', 'video/red', 'video/ulpfec', 'video/flexfec-03']);

const fmtp = (codec: CodecCapability): Map<string, string> =>
  new Map(
    (codec.sdpFmtpLine ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .filter((pair): pair is [string, string] => pair.length === 2)
      .map(([key, value]) => [key.trim().toLowerCase(), value.trim().toLowerCase()]),
  );

/** Which of the codecs Vigil receives this is, if any: H.264 only in packetization mode 1. */
export function codecKind(codec: CodecCapability): VideoCodecChoice | null {
  const mime = codec.mimeType.toLowerCase();
  if (mime === 'video/vp8') return 'vp8';
  if (mime === 'video/h264' && fmtp(codec).get('packetization-mode') === '1') return 'h264';
  return null;
}

/** Constrained Baseline (42e0…/42c0…) first: every H.264 decoder plays it, phones' hardware encoders included. */
function h264Rank(codec: CodecCapability): number {
  const profile = fmtp(codec).get('profile-level-id') ?? '';
  if (profile.startsWith('42e0') || profile.startsWith('42c0')) return 0;
  if (profile.startsWith('4200')) return 1;
  return 2;
}

export interface CodecOrder {
  /** For RTCRtpTransceiver.setCodecPreferences: the preferred codec first, then the other one Vigil takes, then helpers. */
  codecs: CodecCapability[];
  /** The codec that will be offered first, or null when the browser has neither. */
  first: VideoCodecChoice | null;
}

/**
 * Orders the browser's video codecs for a WHIP offer to Vigil. Codecs Vigil does not receive (VP9, AV1, H.265,
 * H.264 in packetization mode 0) are left out, so the answer cannot pick them; when the browser has none of
 * Vigil's codecs the list is empty and the browser's own order stays.
 */
export function orderCodecs(available: readonly CodecCapability[], preference: VideoCodecChoice): CodecOrder {
  const other: VideoCodecChoice = preference === 'h264' ? 'vp8' : 'h264';
  const pick = (kind: VideoCodecChoice) => {
    const matching = available.filter((codec) => codecKind(codec) === kind);
    return kind === 'h264' ? [...matching].sort((a, b) => h264Rank(a) - h264Rank(b)) : matching;
  };
  const preferred = pick(preference);
  const fallback = pick(other);
  if (preferred.length === 0 && fallback.length === 0) return { codecs: [], first: null };
  const helpers = available.filter((codec) => RESILIENCE.has(codec.mimeType.toLowerCase()));
  return { codecs: [...preferred, ...fallback, ...helpers], first: preferred.length > 0 ? preference : other };
}
