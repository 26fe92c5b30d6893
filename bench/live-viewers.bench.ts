import { readFileSync } from 'node:fs';
import { deliveredBetween, type ViewerDelivery } from './lib/live-delivery.js';
import { addedViewerPct, costRatio, noiseFloorPct, pctOfCore, viewerCost, type ViewerCost } from './lib/live-viewer-cost.js';
import { startLiveViewerHost, type LiveViewerHost } from './lib/live-viewer-host-client.js';
import type { LiveViewerKind } from './lib/live-viewer-host-protocol.js';
import { clockTicksPerSecond, processTree, snapshotProcesses } from './lib/proc-cpu.js';
import { sleep, waitFor } from './lib/processes.js';
import type { BenchContext, BenchFigure, BenchOutcome, Benchmark } from './lib/result.js';
import { simCamera } from './lib/scenario.js';
import { startSimHost, type SimHost } from './lib/sim-host-client.js';
import { median, round } from './lib/stats.js';
import { measureCpu, type CpuInterval } from './lib/vigil-cpu.js';
import { startVigilProcess, type VigilProcess } from './lib/vigil-process.js';

const CAMERA_ID = 'live-cam';
const SAMPLE_FPS = 2;
const VIEWER_STEPS = [1, 4, 8] as const;
/** JSMpeg first: a WebRTC viewer the benchmark closes lingers on the server until ICE consent expires (30 s). */
const KINDS: readonly LiveViewerKind[] = ['jsmpeg', 'webrtc'];
const WARMUP_MS = 2000;
const INTERVALS = 3;
const INTERVAL_MS = 5000;
/** No rules: an alert's clip cut would be one more ffmpeg child in the measured tree. */
const NO_RULES_YAML = 'rules: []\n';
const KIND_NAME: Record<LiveViewerKind, string> = { webrtc: 'WebRTC', jsmpeg: 'JSMpeg' };

interface IntervalRecord {
  cpu: CpuInterval;
  vigilPct: number;
  nodePct: number;
  /** Vigil's children other than the ingest: the JSMpeg transcoder when one runs. */
  transcoderPct: number;
  viewerHostPct: number;
  transcoders: number;
  delivered: ViewerDelivery[];
}

interface PhaseRecord {
  kind: LiveViewerKind | 'baseline';
  viewers: number;
  intervals: IntervalRecord[];
}

/**
 * Vigil's ffmpeg children right now: JSMpeg transcoders (writing MPEG-1) and the rest (the camera's ingest, which
 * writes segments and the live RTP copy through one tee output).
 */
function vigilFfmpegs(vigilPid: number): { transcoders: number[]; ingest: number[] } {
  const snapshot = snapshotProcesses();
  const transcoders: number[] = [];
  const ingest: number[] = [];
  for (const pid of processTree(snapshot, vigilPid)) {
    if (snapshot.get(pid)?.comm !== 'ffmpeg') continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    (args.includes('mpeg1video') ? transcoders : ingest).push(pid);
  }
  return { transcoders, ingest };
}

async function measurePhase(ctx: BenchContext, vigil: VigilProcess, sim: SimHost, host: LiveViewerHost, kind: PhaseRecord['kind'], viewers: number): Promise<PhaseRecord> {
  await sleep(WARMUP_MS);
  const intervals: IntervalRecord[] = [];
  for (let i = 0; i < INTERVALS; i++) {
    const before = await host.stats();
    const ffmpegs = vigilFfmpegs(vigil.pid);
    if (ffmpegs.ingest.length !== 1) throw new Error(`expected Vigil to run 1 ingest ffmpeg, found ${ffmpegs.ingest.length}`);
    const cpu = await measureCpu({ vigilPid: vigil.pid, ingestPids: ffmpegs.ingest, otherPids: [host.pid], simHostPid: sim.pid }, INTERVAL_MS);
    const after = await host.stats();
    const pct = (cpuSeconds: number) => pctOfCore(cpuSeconds, cpu.seconds);
    const record: IntervalRecord = {
      cpu,
      vigilPct: pct(cpu.vigilTotal),
      nodePct: pct(cpu.vigilNode),
      transcoderPct: pct(cpu.vigilOther),
      viewerHostPct: pct(cpu.others),
      transcoders: ffmpegs.transcoders.length,
      delivered: deliveredBetween(before, after, cpu.seconds),
    };
    intervals.push(record);
    const kbps = median(record.delivered.map((d) => d.kbps));
    ctx.log(
      `live-viewers: ${kind === 'baseline' ? 'no viewers' : `${viewers} ${KIND_NAME[kind]}`}, interval ${i + 1}: Vigil ${round(record.vigilPct, 2)} % ` +
        `(node ${round(record.nodePct, 2)}, ingest ${round(pct(cpu.vigilIngestFfmpeg), 2)}, transcoder ${round(record.transcoderPct, 2)}), viewers ${round(record.viewerHostPct, 1)} %` +
        (viewers > 0 ? `, ${record.delivered.filter((d) => d.ok).length}/${viewers} with video, ${round(kbps, 0)} kbit/s each` : ''),
    );
  }
  return { kind, viewers, intervals };
}

/** One kind of viewer, measured against the no-viewer phase just before it. */
interface KindRun {
  kind: LiveViewerKind;
  baseline: PhaseRecord;
  steps: PhaseRecord[];
  firstKeyframeMs: number[];
}

/** A kind's run with its costs worked out. */
interface KindCosts extends KindRun {
  costs: ViewerCost[];
  /** Node's share of the cost at each step. */
  nodeAbovePct: number[];
  noisePct: number;
}

const vigilPcts = (phase: PhaseRecord) => phase.intervals.map((i) => i.vigilPct);
const med = (phase: PhaseRecord, pick: (i: IntervalRecord) => number) => median(phase.intervals.map(pick));
const pctText = (value: number) => `${round(value, 2)} %`;
const gotVideo = (phase: PhaseRecord) => phase.intervals.every((i) => i.delivered.length === phase.viewers && i.delivered.every((d) => d.ok));
/** /proc counts whole clock ticks: a difference of two readings can be off by one tick at either end. */
const tickPct = () => (2 * 100) / clockTicksPerSecond() / (INTERVAL_MS / 1000);

function costsOf(run: KindRun): KindCosts {
  return {
    ...run,
    costs: run.steps.map((p) => viewerCost(vigilPcts(run.baseline), vigilPcts(p), p.viewers)),
    nodeAbovePct: run.steps.map((p) => med(p, (i) => i.nodePct) - med(run.baseline, (i) => i.nodePct)),
    noisePct: noiseFloorPct(vigilPcts(run.baseline), tickPct()),
  };
}

/** Vigil's CPU per live viewer of one camera: WebRTC relays the camera's H.264, JSMpeg transcodes it to MPEG-1. */
export const liveViewers: Benchmark = {
  name: 'live-viewers',
  title: 'Server CPU per live viewer: WebRTC passthrough against JSMpeg transcoding of the same camera',
  async run(ctx) {
    let sim: SimHost | null = null;
    let vigil: VigilProcess | null = null;
    let host: LiveViewerHost | null = null;
    const runs: KindRun[] = [];
    try {
      sim = await startSimHost({ size: '640x360', fps: 15 });
      const [url] = await sim.addCameras(1, 'live-');
      vigil = await startVigilProcess({ cameras: [simCamera(CAMERA_ID, url!, SAMPLE_FPS)], rulesYaml: NO_RULES_YAML });
      await vigil.waitOnline(1, 60_000);
      const v = vigil;
      await waitFor(async () => {
        const res = await fetch(`${v.url}/api/cameras/${CAMERA_ID}/live`, { headers: { authorization: `Bearer ${v.token}` } });
        return res.ok && ((await res.json()) as { webrtc: boolean }).webrtc ? true : null;
      }, 30_000, 'the camera to be watchable live');
      host = await startLiveViewerHost({ url: vigil.url, token: vigil.token, cameraId: CAMERA_ID });

      for (const kind of KINDS) {
        await waitFor(() => (vigilFfmpegs(v.pid).transcoders.length === 0 ? true : null), 20_000, 'the JSMpeg transcoder to stop');
        const run: KindRun = { kind, baseline: await measurePhase(ctx, vigil, sim, host, 'baseline', 0), steps: [], firstKeyframeMs: [] };
        let open = 0;
        for (const viewers of VIEWER_STEPS) {
          run.firstKeyframeMs.push(...(await host.open(kind, viewers - open)).firstKeyframeMs);
          open = viewers;
          run.steps.push(await measurePhase(ctx, vigil, sim, host, kind, viewers));
        }
        await host.closeAll();
        runs.push(run);
      }
    } finally {
      await host?.stop();
      await vigil?.stop();
      await sim?.stop();
    }
    const byKind = (kind: LiveViewerKind) => costsOf(runs.find((r) => r.kind === kind)!);
    return report(byKind('jsmpeg'), byKind('webrtc'));
  },
};

function report(jsmpeg: KindCosts, webrtc: KindCosts): BenchOutcome {
  const first = VIEWER_STEPS[0];
  const most = VIEWER_STEPS[VIEWER_STEPS.length - 1]!;
  const stepsText = VIEWER_STEPS.join(' · ');
  const vs = 'JSMpeg / WebRTC';
  const both = (pick: (k: KindCosts) => string) => `${pick(jsmpeg)} / ${pick(webrtc)}`;
  const cost = (k: KindCosts, viewers: number) => k.costs.find((c) => c.viewers === viewers)!;
  const step = (k: KindCosts, viewers: number) => k.steps.find((p) => p.viewers === viewers)!;
  const ratioText = (viewers: number) => {
    const ratio = costRatio(cost(jsmpeg, viewers).abovePct, cost(webrtc, viewers).abovePct, webrtc.noisePct, 'WebRTC');
    return ratio.measurable ? `${round(ratio.ratio, 1)}×` : `no ratio: ${ratio.reason}`;
  };
  const kbps = (k: KindCosts) => median(k.steps.flatMap((p) => p.intervals.flatMap((i) => i.delivered.map((d) => d.kbps))));
  const videoText = (k: KindCosts) => k.steps.map((p) => `${gotVideo(p) ? '' : 'NOT '}${p.viewers}/${p.viewers}`).join(' · ');
  const everyViewerGotVideo = [...jsmpeg.steps, ...webrtc.steps].every(gotVideo);
  const busy = median([jsmpeg, webrtc].flatMap((k) => [k.baseline, ...k.steps]).flatMap((p) => p.intervals.map((i) => i.cpu.machineBusyPct)));
  const info = (label: string, value: string): BenchFigure => ({ label, value, goal: '', pass: null });

  const figures: BenchFigure[] = [
    info(`First viewer, Vigil CPU above no viewers: ${vs}`, `${both((k) => pctText(cost(k, first).abovePct))} of a core`),
    info(`JSMpeg ÷ WebRTC, ${first} viewer`, ratioText(first)),
    info(`${most} viewers, Vigil CPU above no viewers: ${vs}`, `${both((k) => pctText(cost(k, most).abovePct))} of a core`),
    info(`JSMpeg ÷ WebRTC, ${most} viewers`, ratioText(most)),
    info(`Per viewer at ${stepsText} viewers: ${vs}`, both((k) => k.costs.map((c) => pctText(c.perViewerPct)).join(' · '))),
    info(`Each viewer beyond the first (slope ${first} → ${most}): ${vs}`, `${both((k) => pctText(addedViewerPct(cost(k, first), cost(k, most))))} of a core`),
    info(
      `· JSMpeg transcoder (ffmpeg) at ${stepsText} viewers; transcoders running`,
      `${jsmpeg.steps.map((p) => pctText(med(p, (i) => i.transcoderPct))).join(' · ')}; ${jsmpeg.steps.map((p) => Math.max(...p.intervals.map((i) => i.transcoders))).join(' · ')}`,
    ),
    info(`· Vigil's Node process above no viewers at ${stepsText} viewers: ${vs}`, both((k) => k.nodeAbovePct.map(pctText).join(' · '))),
    {
      label: `Every viewer received video in every interval, at ${stepsText} viewers (WebRTC: RTP with IDR pictures; JSMpeg: MPEG-TS with MPEG-1 sequence headers): ${vs}`,
      value: both(videoText),
      goal: 'all',
      pass: everyViewerGotVideo,
    },
    info(`Delivered per viewer, median: ${vs}`, `${both((k) => String(round(kbps(k), 0)))} kbit/s`),
    info(`Request → first keyframe per viewer, median: ${vs}`, both((k) => `${Math.round(median(k.firstKeyframeMs))} ms`)),
    info(
      'Vigil with no viewers (1 camera), before the JSMpeg / WebRTC phases; noise floor',
      `${both((k) => pctText(median(vigilPcts(k.baseline))))} of a core; ±${both((k) => pctText(k.noisePct))}`,
    ),
    info(`Viewer process at ${most} viewers (not Vigil's): ${vs}`, `${both((k) => pctText(med(step(k, most), (i) => i.viewerHostPct)))} of a core`),
    info('Machine busy during the measurements, median', `${round(busy, 1)} % of all cores`),
  ];
  return {
    figures,
    method: [
      'One simulated camera, 640x360 @15 fps (1 s GOP, H.264 stream-copied from a pre-encoded clip) served over RTSP by the sim host, a process of its own; Vigil (child process, PGlite, no rules) ingests it, sampling at 2 fps, and its ingest sends the RTP copy of the H.264 to the live-video service, as it always does.',
      'Viewers run in another process of their own (bench/lib/live-viewer-host.ts): WebRTC viewers are werift peers (recvonly H.264, no ICE servers, 127.0.0.1 as an extra host address, non-trickle offer to POST /api/cameras/:id/live/webrtc) that count RTP packets and IDR pictures; JSMpeg viewers are `ws` WebSocket clients of the URL GET /api/cameras/:id/live gives, counting MPEG-TS packets and MPEG-1 sequence headers.',
      `On the same running Vigil: no viewers, then JSMpeg ${VIEWER_STEPS.join(', ')} viewers (viewers are added; the first starts the transcoder, later ones share it); all closed and the transcoder left to stop; no viewers again, then WebRTC ${VIEWER_STEPS.join(', ')} viewers. JSMpeg goes first because a WebRTC viewer that leaves without a DTLS close stays on the server until ICE consent expires (30 s).`,
      `Each phase: ${WARMUP_MS / 1000} s warm-up once its viewers have their first keyframe, then ${INTERVALS} intervals of ${INTERVAL_MS / 1000} s. CPU is Vigil's whole process tree from /proc (Node, the ingest ffmpeg, the JSMpeg transcoder ffmpeg); a kind's cost is its phase median minus the median of the no-viewer phase just before that kind.`,
      "Delivered bitrate: WebRTC counts RTP payload bytes (the camera's own H.264), JSMpeg the MPEG-TS bytes on the WebSocket. A viewer received video in an interval when it got packets and at least one keyframe (IDR, or MPEG-1 sequence header), no MPEG-TS sync loss, and was still open.",
    ],
    notes: [
      "The ratio is JSMpeg's cost above no viewers divided by WebRTC's at the same viewer count; it is not given where WebRTC's cost is within the spread of the no-viewer phase's own intervals (the noise floor), since a ratio of noise says nothing.",
      "The JSMpeg transcoder is one ffmpeg per camera shared by all of that camera's JSMpeg viewers: its MPEG-1 encode (800 kbit/s at 25 fps by default) is most of the first viewer's cost, and each later viewer adds a WebSocket write. Each WebRTC viewer is a werift peer of its own: SRTP encryption and a UDP send per packet in Vigil's Node process.",
      'The machine is small and shared by Vigil, the camera relay, the viewer process and other work; differences of a few tenths of a percent of a core are within the noise and move between runs.',
    ],
    data: {
      viewerSteps: VIEWER_STEPS,
      warmupMs: WARMUP_MS,
      intervalMs: INTERVAL_MS,
      kinds: [jsmpeg, webrtc].map((k) => ({
        kind: k.kind,
        noiseFloorPct: round(k.noisePct, 3),
        costs: k.costs.map((c) => ({ viewers: c.viewers, abovePct: round(c.abovePct, 3), perViewerPct: round(c.perViewerPct, 3) })),
        nodeAbovePct: k.nodeAbovePct.map((v) => round(v, 3)),
        firstKeyframeMs: k.firstKeyframeMs.map((v) => Math.round(v)),
        phases: [k.baseline, ...k.steps].map(phaseData),
      })),
    },
  };
}

function phaseData(p: PhaseRecord) {
  return {
    kind: p.kind,
    viewers: p.viewers,
    intervals: p.intervals.map((i) => ({
      seconds: round(i.cpu.seconds, 3),
      vigilPct: round(i.vigilPct, 3),
      nodePct: round(i.nodePct, 3),
      ingestFfmpegPct: round(pctOfCore(i.cpu.vigilIngestFfmpeg, i.cpu.seconds), 3),
      transcoderPct: round(i.transcoderPct, 3),
      viewerHostPct: round(i.viewerHostPct, 3),
      simHostPct: round(pctOfCore(i.cpu.simHost, i.cpu.seconds), 3),
      machineBusyPct: round(i.cpu.machineBusyPct, 1),
      transcoders: i.transcoders,
      delivered: i.delivered.map((d) => ({ ...d, kbps: round(d.kbps, 1) })),
    })),
  };
}
