import { RTCPeerConnection, RtpHeader, RtpPacket, useH264, type RTCRtpTransceiver } from 'werift';
import { invalidInput } from '../../domain/index.js';
import type { ViewerPeer } from './live-video-hub.js';
import type { OutgoingRtp } from './viewer-stream.js';
import { iceGathered } from '../../webrtc/ice-gathering.js';

export interface WebRtcPeerOptions {
  /** STUN/TURN servers; none by default (an on-prem LAN needs none). */
  iceServers?: Array<{ urls: string; username?: string; credential?: string }>;
  /** Extra addresses to offer as host candidates (127.0.0.1 for loopback, a NAT's public address). */
  iceAdditionalHostAddresses?: string[];
  /** UDP ports for ICE, for a firewall that opens a range. */
  icePortRange?: [number, number];
  /** Longest wait for ICE gathering before answering with what was found. Default 5 s. */
  gatherTimeoutMs?: number;
  /** A viewer that has not connected this long after the answer is dropped. Default 20 s. */
  connectTimeoutMs?: number;
  /** A disconnected viewer that does not come back this long is dropped. Default 10 s. */
  disconnectedGraceMs?: number;
}

/**
 * A werift peer that answers a viewer's offer with one sendonly H.264 track (the payload type chosen from the
 * offer) and sends the packets given to it. Non-trickle: the answer carries the gathered candidates.
 */
export async function openWebRtcPeer(offerSdp: string, payloadType: number, options: WebRtcPeerOptions = {}): Promise<ViewerPeer> {
  const pc = new RTCPeerConnection({
    iceServers: options.iceServers ?? [],
    ...(options.iceAdditionalHostAddresses ? { iceAdditionalHostAddresses: options.iceAdditionalHostAddresses } : {}),
    ...(options.icePortRange ? { icePortRange: options.icePortRange } : {}),
    codecs: { video: [useH264()] },
  });
  const transceiver = pc.addTransceiver('video', { direction: 'sendonly' });
  try {
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    selectCodec(transceiver, payloadType);
    for (const other of pc.getTransceivers()) if (other !== transceiver) other.setDirection('inactive');
    await pc.setLocalDescription(await pc.createAnswer());
    await iceGathered(pc, options.gatherTimeoutMs ?? 5000);
  } catch (error) {
    await pc.close().catch(() => undefined);
    if (error instanceof Error && error.name === 'VigilError') throw error;
    throw invalidInput(`the offer could not be applied: ${(error as Error).message}`);
  }
  const answerSdp = pc.localDescription?.sdp;
  if (!answerSdp) {
    await pc.close().catch(() => undefined);
    throw new Error('WebRTC produced no answer');
  }
  return livePeer(pc, transceiver, answerSdp, options);
}

/** The answer lists only the chosen format, and the sender sends as it. */
function selectCodec(transceiver: RTCRtpTransceiver, payloadType: number): void {
  const chosen = transceiver.codecs.find((codec) => codec.payloadType === payloadType);
  if (!chosen) throw invalidInput(`the offer's H.264 payload type ${payloadType} was not negotiated`);
  transceiver.codecs = [chosen];
  transceiver.sender.codec = chosen;
}

function livePeer(pc: RTCPeerConnection, transceiver: RTCRtpTransceiver, answerSdp: string, options: WebRtcPeerOptions): ViewerPeer {
  const listeners: Array<(reason: string) => void> = [];
  const connectedListeners: Array<() => void> = [];
  let connected = false;
  let goneReason: string | null = null;
  let closed: Promise<void> = Promise.resolve();
  let graceTimer: NodeJS.Timeout | null = null;
  const sender = transceiver.sender;

  const gone = (reason: string) => {
    if (goneReason !== null) return;
    goneReason = reason;
    clearTimeout(connectTimer);
    if (graceTimer) clearTimeout(graceTimer);
    unsubscribe();
    connectedListeners.length = 0;
    closed = pc.close().catch(() => undefined);
    for (const listener of listeners.splice(0)) listener(reason);
  };

  const connectTimer = setTimeout(() => gone('never connected'), options.connectTimeoutMs ?? 20_000);
  connectTimer.unref();
  const { unSubscribe: unsubscribe } = pc.connectionStateChange.subscribe((state) => {
    if (state === 'connected') {
      clearTimeout(connectTimer);
      if (graceTimer) clearTimeout(graceTimer);
      graceTimer = null;
      connected = true;
      for (const listener of connectedListeners.splice(0)) listener();
    } else if (state === 'failed' || state === 'closed') {
      gone(`connection ${state}`);
    } else if (state === 'disconnected' && !graceTimer) {
      graceTimer = setTimeout(() => gone('disconnected'), options.disconnectedGraceMs ?? 10_000);
      graceTimer.unref();
    }
  });

  return {
    answerSdp,
    send(packets: OutgoingRtp[]) {
      if (goneReason !== null) return;
      for (const packet of packets) {
        const header = new RtpHeader({
          marker: packet.marker,
          sequenceNumber: packet.sequenceNumber,
          timestamp: packet.timestamp,
          payloadType: sender.codec?.payloadType ?? 96,
        });
        void sender.sendRtp(new RtpPacket(header, packet.payload)).catch(() => undefined);
      }
    },
    onConnected(listener) {
      if (goneReason !== null) return;
      if (connected) listener();
      else connectedListeners.push(listener);
    },
    onGone(listener) {
      if (goneReason !== null) listener(goneReason);
      else listeners.push(listener);
    },
    async close() {
      gone('closed by Vigil');
      await closed;
    },
  };
}
