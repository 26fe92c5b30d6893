import { spawn, type ChildProcess } from 'node:child_process';
import { RTCPeerConnection, useH264, type RtpPacket } from 'werift';
import { buildApp, type ApiDeps, type CameraFleet, type VigilApp } from '../../server/src/api/index.js';
import { VigilError, type Camera, type Segment } from '../../server/src/domain/index.js';
import { createCameraIngest, type CameraIngest } from '../../server/src/ingest/index.js';
import { startLiveVideo, type LiveVideoOptions, type LiveVideoService } from '../../server/src/live/video/index.js';
import type { Logger } from '../../server/src/observability/logger.js';
import { createMetrics } from '../../server/src/observability/metrics.js';
import { createStore } from '../../server/src/store/create-store.js';
import type { Store } from '../../server/src/store/ports.js';
import { statusDeps } from '../api/test-app.js';
import { FFMPEG, makeTempDir, removeDir } from '../ingest/helpers.js';

export const TOKEN = 'live-token-0123456789abcdef';

/** A camera: ffmpeg encoding a test pattern and publishing it over RTSP (TCP), one keyframe per second. */
export function publish(url: string, codec: 'h264' | 'hevc' = 'h264'): ChildProcess {
  const encoder =
    codec === 'h264'
      ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency']
      : ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error:bframes=0'];
  const child = spawn(
    FFMPEG,
    [
      '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=15',
      ...encoder, '-pix_fmt', 'yuv420p', '-g', '15', '-f', 'rtsp', '-rtsp_transport', 'tcp', url,
    ],
    { stdio: 'ignore' },
  );
  child.on('error', () => undefined);
  return child;
}

export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

export interface LiveApp {
  baseUrl: string;
  live: LiveVideoService;
  ingests: Map<string, CameraIngest>;
  segments: Map<string, Segment[]>;
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** Vigil's API with real ingests whose live copies go to a real live-video service, as main.ts wires them. */
export async function startLiveApp(cameras: Camera[], logger: Logger, options: Partial<LiveVideoOptions> = {}): Promise<LiveApp> {
  const dataDir = await makeTempDir('live');
  const live = await startLiveVideo({
    ffmpegPath: FFMPEG,
    logger,
    webrtc: { iceAdditionalHostAddresses: ['127.0.0.1'] },
    jsmpegIdleStopMs: 300,
    ...options,
  });
  const ingests = new Map<string, CameraIngest>();
  const segments = new Map<string, Segment[]>();
  for (const camera of cameras) {
    const kept: Segment[] = [];
    segments.set(camera.id, kept);
    const ingest = createCameraIngest(
      camera,
      { ffmpegPath: FFMPEG, dataDir, logger, ioTimeoutMs: 2000, backoff: { initialMs: 300, maxMs: 1000 }, liveRtp: (id) => live.rtpTarget(id) },
      { onFrame: () => undefined, onGray: () => undefined, onSegment: (segment) => kept.push(segment), onStatus: () => undefined },
    );
    ingests.set(camera.id, ingest);
    ingest.start();
  }
  const store: Store = await createStore({ dataDir, inMemory: true });
  const readOnly = async (): Promise<never> => {
    throw new VigilError('forbidden', 'the live-video test fleet is read-only');
  };
  const fleet: CameraFleet = {
    list: () => cameras,
    status: (id) => ingests.get(id)?.status() ?? null,
    latestFrame: (id) => ingests.get(id)?.latestFrame() ?? null,
    add: readOnly,
    update: readOnly,
    remove: readOnly,
    setZones: readOnly,
  };
  const deps: ApiDeps = {
    store,
    dataDir,
    apiToken: TOKEN,
    metrics: createMetrics(),
    logger,
    cameras: fleet,
    alerts: { act: readOnly },
    rules: { packs: () => [], validate: () => ({ ok: true, errors: [] }) },
    ...statusDeps(store, fleet),
    liveVideo: live,
  };
  const app: VigilApp = await buildApp(deps);
  const { port } = await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    live,
    ingests,
    segments,
    request: (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${TOKEN}`);
      return fetch(`${baseUrl}${path}`, { ...init, headers });
    },
    async close() {
      await app.close();
      await Promise.all([...ingests.values()].map((ingest) => ingest.stop()));
      await live.close();
      await store.close();
      await removeDir(dataDir);
    },
  };
}

export interface Viewer {
  pc: RTCPeerConnection;
  packets: RtpPacket[];
  answer: string;
  close(): Promise<void>;
}

/** A browser-like WebRTC viewer: recvonly H.264, non-trickle offer, through the real route. */
export async function offer(): Promise<{ pc: RTCPeerConnection; packets: RtpPacket[]; sdp: string }> {
  const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'], codecs: { video: [useH264()] } });
  const transceiver = pc.addTransceiver('video', { direction: 'recvonly' });
  const packets: RtpPacket[] = [];
  transceiver.onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => {
      packets.push(rtp);
    });
  });
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete') await pc.iceGatheringStateChange.watch((state) => state === 'complete');
  return { pc, packets, sdp: pc.localDescription?.sdp ?? '' };
}

export async function watch(app: LiveApp, cameraId: string): Promise<Viewer> {
  const { pc, packets, sdp } = await offer();
  const response = await app.request(`/api/cameras/${cameraId}/live/webrtc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'offer', sdp }),
  });
  const body = (await response.json()) as { type: string; sdp: string };
  if (response.status !== 200) {
    await pc.close();
    throw new Error(`POST webrtc answered ${response.status}: ${JSON.stringify(body)}`);
  }
  await pc.setRemoteDescription({ type: 'answer', sdp: body.sdp });
  return { pc, packets, answer: body.sdp, close: () => pc.close() };
}

/** H.264 NAL unit types in received RTP payloads (single units, STAP-A contents, FU-A starts). */
export function nalTypes(packets: RtpPacket[]): Set<number> {
  const types = new Set<number>();
  for (const { payload } of packets) {
    const type = (payload[0] ?? 0) & 0x1f;
    if (type === 28) {
      if ((payload[1] ?? 0) & 0x80) types.add((payload[1] ?? 0) & 0x1f);
    } else if (type === 24) {
      for (let offset = 1; offset + 2 < payload.length; ) {
        const size = payload.readUInt16BE(offset);
        types.add((payload[offset + 2] ?? 0) & 0x1f);
        offset += 2 + size;
      }
    } else {
      types.add(type);
    }
  }
  return types;
}
