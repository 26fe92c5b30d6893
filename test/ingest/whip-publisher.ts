import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { MediaStreamTrack, RTCPeerConnection, useH264, useVP8 } from 'werift';
import { FFMPEG } from './helpers.js';
import { iceGathered } from '../../server/src/webrtc/ice-gathering.js';

export type PublisherCodec = 'h264' | 'vp8';

export interface WhipPublisher {
  /** The session resource the server named (Location). */
  location: string;
  answerSdp: string;
  /** The ETag of the 201: names the ICE session (If-Match of a PATCH). */
  etag: string;
  /** The 201's Link headers as fetch joins them (ICE servers offered), null when none. */
  links: string | null;
  /** With `trickle`: the ICE fragment PATCHed to the session (answered 204), else null. */
  trickled: string | null;
  /** Ends publishing the WHIP way: DELETE on the session, then closes. */
  stop(): Promise<number>;
  /** Vanishes mid-stream: the video stops and the connection closes without a DELETE. */
  drop(): Promise<void>;
  /** Stops sending video but keeps the connection up. */
  fallSilent(): Promise<void>;
}

export interface PublishOptions {
  /** The WHIP endpoint (http://host:port/api/whip/CAMERA). */
  endpoint: string;
  token: string;
  codec: PublisherCodec;
  /** A moving lavfi picture; testsrc2 moves everywhere. */
  source?: string;
  /**
   * Trickle ICE (RFC 9725 §4.3): the offer goes without candidates, which follow in a PATCH of the session as
   * application/trickle-ice-sdpfrag with If-Match set to the 201's ETag.
   */
  trickle?: boolean;
  /**
   * Applies Vigil's answer without its candidates: the publisher then cannot reach Vigil first, and only Vigil's
   * checks towards the publisher's own (trickled) candidates can connect.
   */
  ignoreAnswerCandidates?: boolean;
}

/**
 * A WHIP publisher as a camera or a robot would be: werift sends one sendonly video track whose RTP comes from a
 * real encoder (ffmpeg encoding a moving test picture to H.264 or VP8), negotiated with Vigil over HTTP.
 */
export async function startWhipPublisher(options: PublishOptions): Promise<WhipPublisher> {
  const pc = new RTCPeerConnection({
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    codecs: { video: [options.codec === 'h264' ? useH264() : useVP8()] },
  });
  const track = new MediaStreamTrack({ kind: 'video' });
  const transceiver = pc.addTransceiver(track, { direction: 'sendonly' });
  await pc.setLocalDescription(await pc.createOffer());
  if (!options.trickle) await iceGathered(pc, 5000);
  const offerSdp = pc.localDescription?.sdp ?? '';
  const response = await fetch(options.endpoint, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/sdp' },
    body: options.trickle ? withoutCandidates(offerSdp) : offerSdp,
  });
  const answerSdp = await response.text();
  if (response.status !== 201) {
    await pc.close();
    throw new Error(`WHIP POST answered ${response.status}: ${answerSdp}`);
  }
  const location = new URL(response.headers.get('location') ?? '', options.endpoint).toString();
  const etag = response.headers.get('etag') ?? '';
  await pc.setRemoteDescription({ type: 'answer', sdp: options.ignoreAnswerCandidates ? withoutCandidates(answerSdp) : answerSdp });

  let trickled: string | null = null;
  if (options.trickle) {
    await iceGathered(pc, 5000);
    trickled = iceFragment(pc.localDescription?.sdp ?? '');
    const patched = await fetch(location, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/trickle-ice-sdpfrag', 'if-match': etag },
      body: trickled,
    });
    const text = await patched.text();
    if (patched.status !== 204) {
      await fetch(location, { method: 'DELETE', headers: { authorization: `Bearer ${options.token}` } }).catch(() => undefined);
      await pc.close();
      throw new Error(`WHIP PATCH answered ${patched.status}: ${text}`);
    }
  }

  const payloadType = transceiver.codecs[0]?.payloadType ?? 96;
  const rtpIn = await bindLoopback((packet) => track.writeRtp(packet));
  let encoder: ChildProcess | null = encode(options, rtpIn.address().port, payloadType);

  const stopEncoder = async () => {
    const child = encoder;
    encoder = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  let closed: Promise<void> | null = null;
  const closeAll = () => (closed ??= closeEverything());
  const closeEverything = async () => {
    await stopEncoder();
    await new Promise<void>((resolve) => rtpIn.close(() => resolve()));
    await pc.close().catch(() => undefined);
  };

  return {
    location,
    answerSdp,
    etag,
    links: response.headers.get('link'),
    trickled,
    async stop() {
      const ended = await fetch(location, { method: 'DELETE', headers: { authorization: `Bearer ${options.token}` } });
      await closeAll();
      return ended.status;
    },
    drop: closeAll,
    fallSilent: stopEncoder,
  };
}

function encode(options: PublishOptions, port: number, payloadType: number): ChildProcess {
  const codec =
    options.codec === 'h264'
      ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-bsf:v', 'dump_extra']
      : ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '600k'];
  const child = spawn(
    FFMPEG,
    [
      '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', options.source ?? 'testsrc2=s=320x240:r=15',
      ...codec, '-pix_fmt', 'yuv420p', '-g', '15',
      '-f', 'rtp', '-payload_type', String(payloadType), `rtp://127.0.0.1:${port}?pkt_size=1200`,
    ],
    { stdio: 'ignore' },
  );
  child.on('error', () => undefined);
  return child;
}

async function bindLoopback(onPacket: (packet: Buffer) => void): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.on('message', onPacket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return socket;
}

/** The SDP less its candidate lines: what a publisher that trickles sends before gathering. */
export function withoutCandidates(sdp: string): string {
  return sdp
    .split('\r\n')
    .filter((line) => !line.startsWith('a=candidate:') && line !== 'a=end-of-candidates')
    .join('\r\n');
}

/** The trickle-ice-sdpfrag of an SDP (RFC 8840): ICE credentials, then the first media section's m= line, mid and candidates. */
export function iceFragment(sdp: string): string {
  const lines = sdp.split('\r\n');
  const firstMedia = lines.findIndex((line) => line.startsWith('m='));
  const nextMedia = lines.findIndex((line, i) => i > firstMedia && line.startsWith('m='));
  const media = lines.slice(firstMedia, nextMedia === -1 ? undefined : nextMedia);
  const pick = (prefix: string) => lines.find((line) => line.startsWith(prefix)) ?? '';
  const fragment = [
    pick('a=ice-ufrag:'),
    pick('a=ice-pwd:'),
    media[0] ?? '',
    media.find((line) => line.startsWith('a=mid:')) ?? '',
    ...media.filter((line) => line.startsWith('a=candidate:')),
    'a=end-of-candidates',
  ];
  return `${fragment.filter((line) => line.length > 0).join('\r\n')}\r\n`;
}
