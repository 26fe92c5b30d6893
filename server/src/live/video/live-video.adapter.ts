import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../observability/logger.js';
import { DEFAULT_JSMPEG, type JsmpegArgsOptions } from './jsmpeg-args.js';
import { JsmpegSockets } from './jsmpeg-socket.adapter.js';
import { startJsmpegTranscoder } from './jsmpeg-transcoder.adapter.js';
import { LiveVideoHub, type LiveAvailability, type RtpTarget } from './live-video-hub.js';
import { bindRtpSocket } from './rtp-socket.adapter.js';
import type { StreamTrackerOptions } from './stream-tracker.js';
import { openWebRtcPeer, type WebRtcPeerOptions } from './webrtc-peer.adapter.js';

export interface LiveVideoOptions {
  ffmpegPath: string;
  logger: Logger;
  webrtc?: WebRtcPeerOptions;
  jsmpeg?: Partial<JsmpegArgsOptions>;
  /** Default 16 WebRTC and 16 JSMpeg viewers per camera. */
  maxViewersPerCamera?: number;
  /** Default 5 s. */
  jsmpegIdleStopMs?: number;
  tracker?: StreamTrackerOptions;
}

/** Live video as main.ts wires it: the ingest asks rtpTarget() per run, the API serves viewers. */
export interface LiveVideoService {
  rtpTarget(cameraId: string): RtpTarget;
  availability(cameraId: string): LiveAvailability;
  answerWebRtc(cameraId: string, offerSdp: string): Promise<string>;
  /** Throws VigilError (synchronously) where it would refuse; otherwise completes the upgrade and streams. */
  acceptJsmpeg(cameraId: string, request: IncomingMessage, socket: Duplex, head: Buffer): void;
  stats(cameraId: string): { webrtcViewers: number; jsmpegViewers: number; transcoding: boolean };
  /** A camera was removed or disabled. */
  forget(cameraId: string): Promise<void>;
  disconnectAll(): Promise<void>;
  close(): Promise<void>;
}

export async function startLiveVideo(options: LiveVideoOptions): Promise<LiveVideoService> {
  const log = options.logger.child({ stage: 'live-video' });
  let hub: LiveVideoHub | null = null;
  const rtp = await bindRtpSocket((datagram) => hub?.receive(datagram));
  const sockets = new JsmpegSockets();
  const jsmpegArgs = { ...DEFAULT_JSMPEG, ...options.jsmpeg };
  const live = new LiveVideoHub({
    rtpHost: rtp.host,
    rtpPort: rtp.port,
    openPeer: (offerSdp, payloadType) => openWebRtcPeer(offerSdp, payloadType, options.webrtc),
    startTranscoder: (_cameraId, handlers) => startJsmpegTranscoder({ ffmpegPath: options.ffmpegPath, args: jsmpegArgs }, handlers),
    logger: log,
    ...(options.maxViewersPerCamera !== undefined ? { maxViewersPerCamera: options.maxViewersPerCamera } : {}),
    ...(options.jsmpegIdleStopMs !== undefined ? { jsmpegIdleStopMs: options.jsmpegIdleStopMs } : {}),
    ...(options.tracker ? { tracker: options.tracker } : {}),
  });
  hub = live;
  log.info({ rtpPort: rtp.port }, 'live video ready');

  const disconnectAll = async () => {
    await live.disconnectAll();
    sockets.terminateAll();
  };
  return {
    rtpTarget: (cameraId) => live.rtpTarget(cameraId),
    availability: (cameraId) => live.availability(cameraId),
    answerWebRtc: (cameraId, offerSdp) => live.answerWebRtc(cameraId, offerSdp),
    acceptJsmpeg(cameraId, request, socket, head) {
      live.checkJsmpeg(cameraId);
      void sockets.upgrade(request, socket, head).then((client) => live.acceptJsmpeg(cameraId, client));
    },
    stats: (cameraId) => live.stats(cameraId),
    forget: (cameraId) => live.forget(cameraId),
    disconnectAll,
    async close() {
      await disconnectAll();
      await sockets.close();
      await rtp.close();
    },
  };
}
