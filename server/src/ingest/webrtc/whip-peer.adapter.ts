import { RTCPeerConnection, useH264, useOPUS, usePCMU, useVP8, type MediaStreamTrack, type RTCRtpTransceiver } from 'werift';
import { invalidInput, VigilError } from '../../domain/index.js';
import type { IceServerConfig } from './ice-server-links.js';
import { inspectPublisherOffer, type OfferedVideoFormat } from './publisher-offer.js';
import type { TrickleCandidate } from './trickle-fragment.js';
import { iceGathered } from '../../webrtc/ice-gathering.js';

export interface WhipPeerOptions {
  iceServers?: IceServerConfig[];
  /** Extra addresses offered as host candidates (127.0.0.1 for loopback, a NAT's public address). */
  iceAdditionalHostAddresses?: string[];
  icePortRange?: [number, number];
  /** Longest wait for ICE gathering before answering with what was found. Default 5 s. */
  gatherTimeoutMs?: number;
  /** A publisher that has not connected this long after the answer is dropped. Default 20 s. */
  connectTimeoutMs?: number;
  /** A disconnected publisher that does not come back this long is dropped. Default 5 s. */
  disconnectedGraceMs?: number;
  /** A connected publisher that sends no video this long is dropped. Default 10 s. */
  silenceMs?: number;
}

/** One WHIP publisher's WebRTC session: receives one video track and hands its RTP packets on. */
export interface WhipPeer {
  readonly answerSdp: string;
  /** The video format the publisher sends (chosen from its offer, in its order of preference). */
  readonly format: OfferedVideoFormat;
  /** The publisher's ICE user fragment: names the ICE session (the WHIP ETag). */
  readonly iceUfrag: string;
  /** Each received RTP packet of the video, serialised. */
  onRtp(listener: (packet: Buffer) => void): void;
  /** Called once, when the session ends for any reason. */
  onGone(listener: (reason: string) => void): void;
  /** Asks the publisher for a keyframe (RTCP PLI), at most every 500 ms. */
  requestKeyframe(): void;
  addCandidates(candidates: readonly TrickleCandidate[]): Promise<void>;
  close(reason?: string): Promise<void>;
}

const KEYFRAME_REQUEST_GAP_MS = 500;

/** Answers a publisher's offer (non-trickle answer: the gathered candidates are in it). */
export async function openWhipPeer(offerSdp: string, options: WhipPeerOptions = {}): Promise<WhipPeer> {
  const offer = inspectPublisherOffer(offerSdp);
  const chosen = offer.formats[0] as OfferedVideoFormat;
  const pc = new RTCPeerConnection({
    iceServers: options.iceServers ?? [],
    ...(options.iceAdditionalHostAddresses ? { iceAdditionalHostAddresses: options.iceAdditionalHostAddresses } : {}),
    ...(options.icePortRange ? { icePortRange: options.icePortRange } : {}),
    // Audio formats are listed only so an offer with audio negotiates; its audio is declined below.
    codecs: { video: [useH264(), useVP8()], audio: [useOPUS(), usePCMU()] },
  });
  // werift announces a track while applying the offer when the offer names its SSRC, else at its first packet.
  const tracks = collectTracks(pc);
  let video: RTCRtpTransceiver | undefined;
  try {
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    video = pc.getTransceivers().find((transceiver) => transceiver.kind === 'video');
    if (!video) throw invalidInput('the offer has no video section WebRTC could use');
    video.codecs = video.codecs.filter((codec) => codec.payloadType === chosen.payloadType);
    if (video.codecs.length === 0) throw invalidInput(`the offer's ${chosen.codec} payload type ${chosen.payloadType} was not negotiated`);
    for (const other of pc.getTransceivers()) if (other !== video) other.setDirection('inactive');
    await pc.setLocalDescription(await pc.createAnswer());
    await iceGathered(pc, options.gatherTimeoutMs ?? 5000);
  } catch (error) {
    await pc.close().catch(() => undefined);
    if (error instanceof VigilError) throw error;
    throw invalidInput(`the offer could not be applied: ${(error as Error).message}`);
  }
  const answerSdp = pc.localDescription?.sdp;
  if (!answerSdp) {
    await pc.close().catch(() => undefined);
    throw new Error('WebRTC produced no answer');
  }
  const iceUfrag = /a=ice-ufrag:(\S+)/.exec(offerSdp)?.[1] ?? '';
  return livePeer(pc, video, tracks, { answerSdp, format: chosen, iceUfrag }, options);
}

interface TrackFeed {
  current(): MediaStreamTrack[];
  onTrack(listener: (track: MediaStreamTrack) => void): void;
}

function collectTracks(pc: RTCPeerConnection): TrackFeed {
  const seen: MediaStreamTrack[] = [];
  let listener: ((track: MediaStreamTrack) => void) | null = null;
  pc.onTrack.subscribe((track) => {
    seen.push(track);
    listener?.(track);
  });
  return {
    current: () => [...seen],
    onTrack: (next) => {
      listener = next;
    },
  };
}

function livePeer(
  pc: RTCPeerConnection,
  video: RTCRtpTransceiver,
  tracks: TrackFeed,
  session: { answerSdp: string; format: OfferedVideoFormat; iceUfrag: string },
  options: WhipPeerOptions,
): WhipPeer {
  const rtpListeners: Array<(packet: Buffer) => void> = [];
  const goneListeners: Array<(reason: string) => void> = [];
  const silenceMs = options.silenceMs ?? 10_000;
  let goneReason: string | null = null;
  let closed: Promise<void> = Promise.resolve();
  let graceTimer: NodeJS.Timeout | null = null;
  let track: MediaStreamTrack | null = null;
  let lastPacketAt = 0;
  let lastKeyframeRequestAt = 0;
  const subscriptions: Array<() => void> = [];

  const gone = (reason: string) => {
    if (goneReason !== null) return;
    goneReason = reason;
    clearTimeout(connectTimer);
    clearInterval(silenceTimer);
    if (graceTimer) clearTimeout(graceTimer);
    for (const unsubscribe of subscriptions.splice(0)) unsubscribe();
    closed = pc.close().catch(() => undefined);
    for (const listener of goneListeners.splice(0)) listener(reason);
  };

  const connectTimer = setTimeout(() => gone('the publisher never connected'), options.connectTimeoutMs ?? 20_000);
  connectTimer.unref();
  const silenceTimer = setInterval(() => {
    if (lastPacketAt > 0 && Date.now() - lastPacketAt >= silenceMs) gone(`the publisher sent no video for ${Math.round(silenceMs / 1000)} s`);
  }, Math.max(250, Math.floor(silenceMs / 4)));
  silenceTimer.unref();

  subscriptions.push(
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') {
        clearTimeout(connectTimer);
        if (graceTimer) clearTimeout(graceTimer);
        graceTimer = null;
      } else if (state === 'failed' || state === 'closed') {
        gone(`the publisher's connection ${state}`);
      } else if (state === 'disconnected' && !graceTimer) {
        graceTimer = setTimeout(() => gone('the publisher disconnected'), options.disconnectedGraceMs ?? 5000);
        graceTimer.unref();
      }
    }).unSubscribe,
  );
  const receive = (received: MediaStreamTrack) => {
    if (received.kind !== 'video' || track === received) return;
    track = received;
    subscriptions.push(
      received.onReceiveRtp.subscribe((packet) => {
        if (goneReason !== null) return;
        lastPacketAt = Date.now();
        const bytes = packet.serialize();
        for (const listener of rtpListeners) listener(bytes);
      }).unSubscribe,
    );
  };
  tracks.current().forEach(receive);
  tracks.onTrack(receive);

  return {
    ...session,
    onRtp(listener) {
      rtpListeners.push(listener);
    },
    onGone(listener) {
      if (goneReason !== null) listener(goneReason);
      else goneListeners.push(listener);
    },
    requestKeyframe() {
      const ssrc = track?.ssrc;
      const now = Date.now();
      if (goneReason !== null || ssrc === undefined || now - lastKeyframeRequestAt < KEYFRAME_REQUEST_GAP_MS) return;
      lastKeyframeRequestAt = now;
      void video.receiver.sendRtcpPLI(ssrc).catch(() => undefined);
    },
    async addCandidates(candidates) {
      for (const candidate of candidates) {
        try {
          await pc.addIceCandidate({ candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? video.mid ?? '0', sdpMLineIndex: candidate.sdpMLineIndex ?? 0 });
        } catch (error) {
          // An unknown mid or an unparsable candidate is the publisher's mistake, not Vigil's.
          throw invalidInput(`the ICE candidate "${candidate.candidate.slice(0, 120)}" (mid ${candidate.sdpMid ?? 'none'}) was not taken: ${(error as Error).message}`);
        }
      }
    },
    async close(reason = 'ended by Vigil') {
      gone(reason);
      await closed;
    },
  };
}
