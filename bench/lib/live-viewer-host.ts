/**
 * Live viewers of one camera in a process of their own, so that their CPU is never counted as Vigil's. WebRTC
 * viewers are werift peers the way a browser makes them (recvonly H.264, non-trickle offer through
 * `POST /api/cameras/:id/live/webrtc`); JSMpeg viewers are WebSocket clients of the URL `GET /api/cameras/:id/live`
 * gives. Each counts what it receives (live-stream-counters.ts). JSON lines (live-viewer-host-protocol.ts):
 *
 *   → {"id":1,"cmd":"open","kind":"webrtc","count":3,"timeoutMs":20000}  ← {"id":1,"ok":true,"result":{firstKeyframeMs}}
 *   → {"id":2,"cmd":"stats"}                                              ← {"id":2,"ok":true,"result":[…per viewer]}
 *   → {"id":3,"cmd":"close"}                                              ← {"id":3,"ok":true,"result":null}
 *
 * Closes every viewer and exits when stdin closes or on SIGTERM.
 */
import { parseArgs } from 'node:util';
import { RTCPeerConnection, useH264 } from 'werift';
import WebSocket from 'ws';
import { RtpVideoCounter, TsVideoCounter } from './live-stream-counters.js';
import type { LiveViewerKind, ViewerHostCommand, ViewerStats } from './live-viewer-host-protocol.js';
import { serveJsonLines } from './json-lines-serve.js';

interface Viewer {
  stats(): ViewerStats;
  /** Resolves with ms from opening to the first keyframe; rejects if the viewer ends first or times out. */
  readonly firstKeyframe: Promise<number>;
  close(): Promise<void>;
}

interface Target {
  url: string;
  token: string;
  cameraId: string;
}


/** A first-keyframe promise that a viewer settles once, plus the bookkeeping around it. */
function keyframeLatch(openedAt: number, timeoutMs: number) {
  let resolve!: (ms: number) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<number>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  let settledMs: number | null = null;
  let done = false;
  const timer = setTimeout(() => fail(`no keyframe within ${timeoutMs} ms`), timeoutMs);
  function fail(reason: string) {
    if (done) return;
    done = true;
    clearTimeout(timer);
    reject(new Error(reason));
  }
  return {
    promise,
    get ms() {
      return settledMs;
    },
    seen() {
      if (done) return;
      done = true;
      clearTimeout(timer);
      settledMs = performance.now() - openedAt;
      resolve(settledMs);
    },
    fail,
  };
}

async function openWebRtc(target: Target, timeoutMs: number): Promise<Viewer> {
  const openedAt = performance.now();
  const openedAtMs = Date.now();
  const latch = keyframeLatch(openedAt, timeoutMs);
  const counter = new RtpVideoCounter();
  let closed: string | null = null;
  const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'], codecs: { video: [useH264()] } });
  const transceiver = pc.addTransceiver('video', { direction: 'recvonly' });
  transceiver.onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => {
      counter.push(rtp.payload, rtp.header.timestamp);
      if (latch.ms === null && counter.counts.keyframes > 0) latch.seen();
    });
  });
  pc.connectionStateChange.subscribe((state) => {
    if (state === 'failed' || state === 'closed') {
      closed ??= `connection ${state}`;
      latch.fail(closed);
    }
  });
  try {
    await pc.setLocalDescription(await pc.createOffer());
    if (pc.iceGatheringState !== 'complete') await pc.iceGatheringStateChange.watch((state) => state === 'complete');
    const response = await fetch(`${target.url}/api/cameras/${encodeURIComponent(target.cameraId)}/live/webrtc`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'offer', sdp: pc.localDescription?.sdp ?? '' }),
    });
    const body = (await response.json()) as { type?: string; sdp?: string };
    if (response.status !== 200 || !body.sdp) throw new Error(`POST …/live/webrtc answered ${response.status}: ${JSON.stringify(body)}`);
    await pc.setRemoteDescription({ type: 'answer', sdp: body.sdp });
  } catch (error) {
    latch.fail(String(error));
    await pc.close().catch(() => undefined);
    throw error;
  }
  return {
    stats: () => ({ kind: 'webrtc', openedAtMs, firstKeyframeMs: latch.ms, closed, counts: counter.counts }),
    firstKeyframe: latch.promise,
    close: async () => {
      closed ??= 'closed by the benchmark';
      latch.fail(closed);
      await pc.close().catch(() => undefined);
    },
  };
}

async function jsmpegUrl(target: Target): Promise<string> {
  const response = await fetch(`${target.url}/api/cameras/${encodeURIComponent(target.cameraId)}/live`, { headers: { authorization: `Bearer ${target.token}` } });
  const body = (await response.json()) as { jsmpeg?: string | null; unavailable?: string | null };
  if (response.status !== 200 || !body.jsmpeg) throw new Error(`GET …/live offers no JSMpeg URL (${response.status}): ${body.unavailable ?? JSON.stringify(body)}`);
  return body.jsmpeg;
}

async function openJsmpeg(target: Target, timeoutMs: number): Promise<Viewer> {
  const url = await jsmpegUrl(target);
  const openedAt = performance.now();
  const openedAtMs = Date.now();
  const latch = keyframeLatch(openedAt, timeoutMs);
  const counter = new TsVideoCounter();
  let closed: string | null = null;
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const gone = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  ws.on('message', (data: Buffer) => {
    counter.push(data);
    if (latch.ms === null && counter.counts.sequenceHeaders > 0) latch.seen();
  });
  ws.on('close', (code, reason) => {
    closed ??= `closed by Vigil: ${code} ${reason.toString()}`;
    latch.fail(closed);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_request, response) => reject(new Error(`JSMpeg upgrade refused: ${response.statusCode}`)));
    ws.once('error', reject);
  });
  ws.on('error', () => undefined);
  return {
    stats: () => ({ kind: 'jsmpeg', openedAtMs, firstKeyframeMs: latch.ms, closed, counts: counter.counts }),
    firstKeyframe: latch.promise,
    close: async () => {
      closed ??= 'closed by the benchmark';
      latch.fail(closed);
      ws.close(1000, 'done');
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (ws.readyState !== ws.CLOSED) ws.terminate();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' }, camera: { type: 'string' } } });
  if (!values.url || !values.token || !values.camera) throw new Error('--url, --token and --camera are required');
  const target: Target = { url: values.url, token: values.token, cameraId: values.camera };
  const viewers: Viewer[] = [];

  const open = async (kind: LiveViewerKind, count: number, timeoutMs: number) => {
    const opened = await Promise.all(Array.from({ length: count }, () => (kind === 'webrtc' ? openWebRtc(target, timeoutMs) : openJsmpeg(target, timeoutMs))));
    viewers.push(...opened);
    return { firstKeyframeMs: await Promise.all(opened.map((viewer) => viewer.firstKeyframe)) };
  };
  const closeAll = async () => {
    await Promise.all(viewers.splice(0).map((viewer) => viewer.close()));
  };
  const handle = async (command: ViewerHostCommand) => {
    switch (command.cmd) {
      case 'open':
        return open(command.kind, command.count, command.timeoutMs);
      case 'stats':
        return viewers.map((viewer) => viewer.stats());
      case 'close':
        await closeAll();
        return null;
    }
  };

  serveJsonLines<ViewerHostCommand>(handle, closeAll);
}

main().catch((error: unknown) => {
  process.stderr.write(`live viewer host failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
