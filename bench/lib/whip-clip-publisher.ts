import { createSocket, type Socket } from 'node:dgram';
import { MediaStreamTrack, RTCPeerConnection, useH264 } from 'werift';
import { FFMPEG } from './paths.js';
import { spawnTracked, stopTracked, type Tracked } from './processes.js';
import { createAudFilter } from './rtp-aud-filter.js';
import { iceGathered } from '../../server/src/webrtc/ice-gathering.js';

/** One WHIP publisher sending a pre-encoded H.264 clip as it is (no encoding), the way a WebRTC camera would. */
export interface WhipClipPublisher {
  readonly cameraId: string;
  /** The session resource Vigil named (Location). */
  readonly location: string;
  /** RTP packets handed to the WebRTC track so far, and the ffmpeg restarts it took. */
  counts(): { packets: number; bytes: number; encoderRestarts: number };
  /** DELETE on the session, then closes everything; resolves with the DELETE's status. */
  stop(): Promise<number>;
}

export interface WhipClipOptions {
  /** http://host:port/api/whip/CAMERA */
  endpoint: string;
  cameraId: string;
  token: string;
  /** H.264 in MPEG-TS (parameter sets in the stream), looped forever. */
  clip: string;
  connectTimeoutMs?: number;
}

/** An ffmpeg silent this long has stalled. */
const STALL_MS = 3000;

/**
 * ffmpeg reads the clip in real time and stream-copies it into RTP on a loopback port; werift's sendonly track
 * sends those packets on (less the access unit delimiters MPEG-TS carries). A WebRTC receiver learns the parameter
 * sets only from the stream, hence MPEG-TS input.
 */
export function clipRtpArgs(clip: string, port: number, payloadType: number): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-re', '-stream_loop', '-1', '-i', clip,
    '-map', '0:v:0', '-c', 'copy',
    '-f', 'rtp', '-payload_type', String(payloadType), `rtp://127.0.0.1:${port}?pkt_size=1200`,
  ];
}

export async function publishClipOverWhip(options: WhipClipOptions): Promise<WhipClipPublisher> {
  const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'], codecs: { video: [useH264()] } });
  const track = new MediaStreamTrack({ kind: 'video' });
  const transceiver = pc.addTransceiver(track, { direction: 'sendonly' });
  let location = '';
  try {
    await pc.setLocalDescription(await pc.createOffer());
    await iceGathered(pc, 5000);
    const response = await fetch(options.endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/sdp' },
      body: pc.localDescription?.sdp ?? '',
    });
    const answer = await response.text();
    if (response.status !== 201) throw new Error(`WHIP POST for ${options.cameraId} answered ${response.status}: ${answer}`);
    location = new URL(response.headers.get('location') ?? '', options.endpoint).toString();
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    await connected(pc, options.connectTimeoutMs ?? 15_000);
  } catch (error) {
    await pc.close().catch(() => undefined);
    throw error;
  }

  const counts = { packets: 0, bytes: 0, encoderRestarts: 0 };
  let lastPacketAt = Date.now();
  const withoutAuds = createAudFilter();
  const rtpIn = await bindLoopback((packet) => {
    lastPacketAt = Date.now();
    const kept = withoutAuds(packet);
    if (!kept) return;
    counts.packets += 1;
    counts.bytes += kept.length;
    track.writeRtp(kept);
  });
  const payloadType = transceiver.codecs[0]?.payloadType ?? 96;
  let stopping = false;
  let encoder: Tracked;
  const startEncoder = () => {
    lastPacketAt = Date.now();
    encoder = spawnTracked(FFMPEG, clipRtpArgs(options.clip, rtpIn.address().port, payloadType));
    void encoder.exited.then(() => {
      if (stopping) return;
      counts.encoderRestarts += 1;
      setTimeout(() => !stopping && startEncoder(), 500).unref();
    });
  };
  startEncoder();
  // An ffmpeg that stops sending without exiting is ended, and so started again.
  const watchdog = setInterval(() => {
    if (Date.now() - lastPacketAt > STALL_MS) void stopTracked(encoder, 0);
  }, 1000);
  watchdog.unref();

  return {
    cameraId: options.cameraId,
    location,
    counts: () => ({ ...counts }),
    async stop() {
      stopping = true;
      clearInterval(watchdog);
      const ended = await fetch(location, { method: 'DELETE', headers: { authorization: `Bearer ${options.token}` } }).then(
        (res) => res.status,
        () => 0,
      );
      await stopTracked(encoder, 2000);
      await new Promise<void>((resolve) => rtpIn.close(() => resolve()));
      await pc.close().catch(() => undefined);
      return ended;
    },
  };
}

async function bindLoopback(onPacket: (packet: Buffer) => void): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.on('message', onPacket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return socket;
}

function connected(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.connectionState === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`WebRTC not connected after ${timeoutMs} ms (${pc.connectionState})`)), timeoutMs);
    const { unSubscribe } = pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') done();
      else if (state === 'failed' || state === 'closed') done(new Error(`WebRTC connection ${state}`));
    });
    function done(error?: Error) {
      clearTimeout(timer);
      unSubscribe();
      if (error) reject(error);
      else resolve();
    }
  });
}
