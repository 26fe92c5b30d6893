import { VigilError, invalidInput } from '../../domain/index.js';
import type { Logger } from '../../observability/logger.js';
import { CameraRelay } from './camera-relay.js';
import { JsmpegChannel, type TsClient, type Transcoder, type TranscoderHandlers } from './jsmpeg-channel.js';
import { parseRtp } from './rtp-packet.js';
import { chooseH264, inspectOffer } from './sdp-offer.js';
import type { StreamTrackerOptions } from './stream-tracker.js';
import type { OutgoingRtp } from './viewer-stream.js';

/** Where a camera's ingest sends its live copy (the shape ingest's LiveRtpTarget has). */
export interface RtpTarget {
  host: string;
  port: number;
  ssrc: number;
}

/** A connected (or connecting) WebRTC viewer. */
export interface ViewerPeer {
  readonly answerSdp: string;
  send(packets: OutgoingRtp[]): void;
  /** Called once, when the peer can send (media sent before is dropped); never for a peer gone before. */
  onConnected(listener: () => void): void;
  /** Called once, when the peer is gone: closed by either side, failed, or never connected. */
  onGone(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

export type LiveAvailability =
  | { ready: true; profileLevelId: string }
  | { ready: false; problem: 'waiting' | 'unsupported'; reason: string };

export interface LiveVideoHubOptions {
  /** The local UDP port the live copies arrive on (one for all cameras; the SSRC says which camera). */
  rtpHost: string;
  rtpPort: number;
  openPeer(offerSdp: string, payloadType: number): Promise<ViewerPeer>;
  startTranscoder(cameraId: string, handlers: TranscoderHandlers): Transcoder;
  logger: Logger;
  /** WebRTC viewers per camera, and JSMpeg viewers per camera. Default 16. */
  maxViewersPerCamera?: number;
  /** Default 5 s. */
  jsmpegIdleStopMs?: number;
  /** Default 4 MiB. */
  jsmpegMaxBufferedBytes?: number;
  tracker?: StreamTrackerOptions;
  now?: () => number;
}

const MAX_SSRC = 0x7fffffff;

/**
 * Live video for every camera: receives the ingest's RTP copies, tells which cameras can be watched, and serves
 * WebRTC viewers (the camera's own H.264, relayed) and JSMpeg viewers (transcoded, on demand).
 */
export class LiveVideoHub {
  readonly #relays = new Map<string, CameraRelay>();
  readonly #cameraBySsrc = new Map<number, string>();
  readonly #ssrcByCamera = new Map<string, number>();
  readonly #peers = new Map<string, Set<ViewerPeer>>();
  readonly #pending = new Map<string, number>();
  readonly #channels = new Map<string, JsmpegChannel>();
  #nextSsrc = 1 + Math.floor(Math.random() * (MAX_SSRC - 1));
  readonly #max: number;
  readonly #now: () => number;
  readonly #log: Logger;

  constructor(private readonly options: LiveVideoHubOptions) {
    this.#max = options.maxViewersPerCamera ?? 16;
    this.#now = options.now ?? Date.now;
    this.#log = options.logger;
  }

  /** For each ingest run: where to send the copy, under a fresh SSRC (packets of an earlier run are dropped). */
  rtpTarget(cameraId: string): RtpTarget {
    const previous = this.#ssrcByCamera.get(cameraId);
    if (previous !== undefined) this.#cameraBySsrc.delete(previous);
    while (this.#cameraBySsrc.has(this.#nextSsrc)) this.#nextSsrc = (this.#nextSsrc % MAX_SSRC) + 1;
    const ssrc = this.#nextSsrc;
    this.#nextSsrc = (this.#nextSsrc % MAX_SSRC) + 1;
    this.#cameraBySsrc.set(ssrc, cameraId);
    this.#ssrcByCamera.set(cameraId, ssrc);
    return { host: this.options.rtpHost, port: this.options.rtpPort, ssrc };
  }

  /** One datagram from the live-copy socket. */
  receive(datagram: Buffer): void {
    const packet = parseRtp(datagram);
    if (!packet) return;
    const cameraId = this.#cameraBySsrc.get(packet.ssrc);
    if (cameraId === undefined) return;
    this.#relay(cameraId).push(packet, this.#now());
  }

  availability(cameraId: string): LiveAvailability {
    const relay = this.#relays.get(cameraId);
    if (!relay) return { ready: false, problem: 'waiting', reason: 'no live video from the camera yet' };
    const state = relay.tracker.state(this.#now());
    if (state.kind === 'h264') return { ready: true, profileLevelId: state.profileLevelId };
    return { ready: false, problem: state.kind, reason: state.reason };
  }

  /** The SDP answer (ICE gathered) for a viewer's offer. */
  async answerWebRtc(cameraId: string, offerSdp: string): Promise<string> {
    const offer = inspectOffer(offerSdp);
    const profileLevelId = this.#requireReady(cameraId);
    const format = chooseH264(offer.h264, profileLevelId);
    if (!format) throw invalidInput('the offer lists no H.264 video Vigil can send');
    const peers = this.#peersOf(cameraId);
    const pending = this.#pending.get(cameraId) ?? 0;
    if (peers.size + pending >= this.#max) throw tooMany(cameraId, this.#max);
    this.#pending.set(cameraId, pending + 1);
    let peer: ViewerPeer;
    try {
      peer = await this.options.openPeer(offerSdp, format.payloadType);
    } finally {
      this.#pending.set(cameraId, (this.#pending.get(cameraId) ?? 1) - 1);
    }
    peers.add(peer);
    // Fed from its connection on, so the keyframe a viewer starts at is one it receives.
    let detach: (() => void) | null = null;
    peer.onConnected(() => {
      if (peers.has(peer)) detach = this.#relay(cameraId).attach({ deliver: (packets) => peer.send(packets) });
    });
    peer.onGone((reason) => {
      detach?.();
      peers.delete(peer);
      this.#log.info({ camera: cameraId, viewers: peers.size, reason }, 'live viewer left');
    });
    this.#log.info({ camera: cameraId, viewers: peers.size, payloadType: format.payloadType }, 'live viewer joined');
    return peer.answerSdp;
  }

  /** Refuses (VigilError) what acceptJsmpeg would not serve; call before taking over the connection. */
  checkJsmpeg(cameraId: string): void {
    this.#requireReady(cameraId);
    const channel = this.#channels.get(cameraId);
    if (channel && channel.viewerCount >= this.#max) throw tooMany(cameraId, this.#max);
  }

  acceptJsmpeg(cameraId: string, client: TsClient): void {
    let channel = this.#channels.get(cameraId);
    if (!channel) {
      const log = this.#log.child({ camera: cameraId });
      channel = new JsmpegChannel({
        startTranscoder: (handlers) => this.options.startTranscoder(cameraId, handlers),
        attach: (sink) => this.#relay(cameraId).attach(sink),
        idleStopMs: this.options.jsmpegIdleStopMs ?? 5000,
        maxBufferedBytes: this.options.jsmpegMaxBufferedBytes ?? 4 * 1024 * 1024,
        onEvent: (event, detail) => {
          if (event === 'transcoder-exit') log.warn({ reason: detail }, 'JSMpeg transcoder stopped by itself');
          else log.info({ event }, 'JSMpeg live view');
        },
      });
      this.#channels.set(cameraId, channel);
    }
    channel.add(client);
  }

  stats(cameraId: string): { webrtcViewers: number; jsmpegViewers: number; transcoding: boolean } {
    const channel = this.#channels.get(cameraId);
    return {
      webrtcViewers: this.#peers.get(cameraId)?.size ?? 0,
      jsmpegViewers: channel?.viewerCount ?? 0,
      transcoding: channel?.running ?? false,
    };
  }

  /** The camera is gone (removed or disabled): its viewers are disconnected. */
  async forget(cameraId: string): Promise<void> {
    const ssrc = this.#ssrcByCamera.get(cameraId);
    if (ssrc !== undefined) this.#cameraBySsrc.delete(ssrc);
    this.#ssrcByCamera.delete(cameraId);
    this.#relays.delete(cameraId);
    await this.#disconnect(cameraId);
  }

  /** Disconnects every viewer and stops every transcoder (the HTTP server is closing). */
  async disconnectAll(): Promise<void> {
    const cameras = new Set([...this.#peers.keys(), ...this.#channels.keys()]);
    await Promise.all([...cameras].map((cameraId) => this.#disconnect(cameraId)));
  }

  async #disconnect(cameraId: string): Promise<void> {
    const peers = [...(this.#peers.get(cameraId) ?? [])];
    const channel = this.#channels.get(cameraId);
    this.#channels.delete(cameraId);
    await Promise.all([...peers.map((peer) => peer.close()), channel?.close()]);
  }

  #requireReady(cameraId: string): string {
    const availability = this.availability(cameraId);
    if (availability.ready) return availability.profileLevelId;
    if (availability.problem === 'unsupported') throw new VigilError('conflict', `no live video for camera ${cameraId}: ${availability.reason}`);
    throw new VigilError('unavailable', `no live video for camera ${cameraId}: ${availability.reason}`);
  }

  #relay(cameraId: string): CameraRelay {
    let relay = this.#relays.get(cameraId);
    if (!relay) {
      relay = new CameraRelay((error) => this.#log.warn({ camera: cameraId, err: String(error) }, 'live viewer send failed'), this.options.tracker);
      this.#relays.set(cameraId, relay);
    }
    return relay;
  }

  #peersOf(cameraId: string): Set<ViewerPeer> {
    let peers = this.#peers.get(cameraId);
    if (!peers) {
      peers = new Set();
      this.#peers.set(cameraId, peers);
    }
    return peers;
  }
}

const tooMany = (cameraId: string, max: number) =>
  new VigilError('unavailable', `camera ${cameraId} already has ${max} live viewers, the most Vigil serves per camera; try again later`);
