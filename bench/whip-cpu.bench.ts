import { cameraShares, summarizeShares, type CameraShare, type SharesSummary } from './lib/camera-cpu-share.js';
import { readIngestCommand } from './lib/ingest-command.js';
import { simClipTs } from './lib/media.js';
import { sleep, waitFor } from './lib/processes.js';
import type { BenchContext, BenchFigure, Benchmark } from './lib/result.js';
import { motionRuleYaml, simCamera } from './lib/scenario.js';
import { startSimHost, type SimHost } from './lib/sim-host-client.js';
import { median, round } from './lib/stats.js';
import { measureCpu, pctPerCamera, type CpuInterval } from './lib/vigil-cpu.js';
import { startVigilProcess, type VigilProcess } from './lib/vigil-process.js';
import { startWhipHost, type WhipHost } from './lib/whip-host-client.js';
import type { PublisherCounts } from './lib/whip-host-protocol.js';

const CAMERAS = 4;
const SAMPLE_FPS = 2;
/** RTSP then WHIP, twice over, so a change in the box's other load falls on both kinds. */
const ROUNDS = 2;
const INTERVALS_PER_PHASE = 2;
const INTERVAL_MS = 10_000;
/**
 * The floor is never still in the clip, so each camera's motion alert opens early in its first phase. A cooldown
 * longer than the run keeps it to that one alert, and the first warm-up outlasts its snapshot and its clip cut
 * (5 s post-roll): alert work would otherwise land in whichever interval a cooldown happened to end in.
 */
const RULE_COOLDOWN = '1h';
const FIRST_WARMUP_MS = 12_000;
const WARMUP_MS = 6000;
const IDLE_MS = 8000;
/** Intervals measured again at most this often per phase when a camera's ffmpeg restarted within one. */
const RETRIES_PER_PHASE = 2;

type Kind = 'rtsp' | 'whip';
const LABEL: Record<Kind, string> = { rtsp: 'RTSP', whip: 'WHIP' };

interface MeasuredInterval {
  cpu: CpuInterval;
  shares: CameraShare[];
}

interface Phase {
  kind: Kind;
  round: number;
  /** Ingest ffmpeg pid → camera, as measured. */
  ffmpegs: Record<string, string>;
  intervals: MeasuredInterval[];
  /** Each streaming camera's status (sampled fps, restarts) at the end of the phase. */
  cameras: Array<{ id: string; state: string; reason: string; fps: number; restarts: number }>;
  /** Only WHIP phases: what each publisher had sent by the end. */
  publishers?: PublisherCounts[];
}

interface Fleet {
  vigil: VigilProcess;
  sim: SimHost;
  whip: WhipHost;
  ids: Record<Kind, string[]>;
}

/** Vigil's ingest ffmpegs, by pid, once there is exactly one per camera of `ids`, all reading `kind`. */
async function streamingFfmpegs(vigil: VigilProcess, kind: Kind, ids: readonly string[]): Promise<Map<number, string>> {
  return waitFor(
    () => {
      const found = new Map<number, string>();
      for (const pid of vigil.ffmpegPids()) {
        const command = readIngestCommand(pid);
        if (!command || command.input !== kind || command.cameraId === null || !ids.includes(command.cameraId)) return null;
        found.set(pid, command.cameraId);
      }
      return found.size === ids.length && new Set(found.values()).size === ids.length ? found : null;
    },
    30_000,
    `one ${LABEL[kind]} ingest ffmpeg for each of ${ids.join(', ')} and no other`,
  );
}

async function waitStreaming(vigil: VigilProcess, ids: readonly string[]): Promise<void> {
  await waitFor(
    async () => {
      const cameras = await vigil.cameras();
      return ids.every((id) => cameras.find((c) => c.id === id)?.status?.state === 'online') ? true : null;
    },
    60_000,
    `${ids.join(', ')} online`,
  );
}

async function waitNoIngest(vigil: VigilProcess): Promise<void> {
  await waitFor(() => (vigil.ffmpegPids().length === 0 ? true : null), 20_000, 'every ingest ffmpeg to end');
}

async function measurePhase(ctx: BenchContext, fleet: Fleet, kind: Kind, turn: number): Promise<Phase> {
  const { vigil } = fleet;
  const ids = fleet.ids[kind];
  const hostPid = kind === 'rtsp' ? fleet.sim.pid : fleet.whip.pid;
  await waitStreaming(vigil, ids);
  await sleep(turn === 1 ? FIRST_WARMUP_MS : WARMUP_MS);
  let ffmpegs = await streamingFfmpegs(vigil, kind, ids);
  const intervals: MeasuredInterval[] = [];
  let retries = 0;
  while (intervals.length < INTERVALS_PER_PHASE) {
    const cpu = await measureCpu({ vigilPid: vigil.pid, ingestPids: [...ffmpegs.keys()], otherPids: [], simHostPid: hostPid }, INTERVAL_MS);
    const { shares, missing } = cameraShares({ seconds: cpu.seconds, nodeSeconds: cpu.vigilNode, ffmpegSecondsByPid: cpu.ingestByPid }, ffmpegs, ids);
    if (missing.length > 0) {
      if (++retries > RETRIES_PER_PHASE) throw new Error(`${LABEL[kind]} ingest of ${missing.join(', ')} kept restarting`);
      ctx.log(`whip-cpu: ${LABEL[kind]} ffmpeg of ${missing.join(', ')} restarted during the interval; measuring it again`);
      ffmpegs = await streamingFfmpegs(vigil, kind, ids);
      continue;
    }
    intervals.push({ cpu, shares });
    const mean = (pick: (s: CameraShare) => number) => round(shares.reduce((sum, s) => sum + pick(s), 0) / shares.length, 2);
    ctx.log(
      `whip-cpu: round ${turn} ${LABEL[kind]}, interval ${intervals.length}: ${mean((s) => s.totalPct)} %/camera ` +
        `(ffmpeg ${mean((s) => s.ffmpegPct)}, node ${mean((s) => s.nodeSharePct)}), publishers ${round(pctPerCamera(cpu.simHost, cpu.seconds, ids.length), 2)} %/camera, ` +
        `machine ${round(cpu.machineBusyPct, 1)} % busy`,
    );
  }
  const cameras = (await vigil.cameras())
    .filter((c) => ids.includes(c.id))
    .map((c) => ({ id: c.id, state: c.status?.state ?? 'none', reason: c.status?.reason ?? '', fps: c.status?.fps ?? 0, restarts: c.status?.restarts ?? 0 }));
  const unwell = cameras.filter((c) => c.state !== 'online');
  if (unwell.length > 0) throw new Error(`${LABEL[kind]} cameras not online at the end of their phase: ${unwell.map((c) => `${c.id} ${c.state} (${c.reason})`).join('; ')}`);
  return { kind, round: turn, ffmpegs: Object.fromEntries([...ffmpegs].map(([pid, id]) => [String(pid), id])), intervals, cameras };
}

async function rtspOn(fleet: Fleet, on: boolean): Promise<void> {
  for (const id of fleet.ids.rtsp) await fleet.vigil.setCameraEnabled(id, on);
  if (!on) await waitNoIngest(fleet.vigil);
}

async function whipOn(fleet: Fleet, on: boolean): Promise<PublisherCounts[]> {
  if (on) return fleet.whip.publish(fleet.vigil.url, fleet.vigil.token, fleet.ids.whip);
  const { deleteStatus, counts } = await fleet.whip.stopAll();
  if (deleteStatus.some((status) => status !== 200)) throw new Error(`WHIP DELETE answered ${deleteStatus.join(', ')}`);
  await waitNoIngest(fleet.vigil);
  return counts;
}

interface KindFigures {
  summary: SharesSummary;
  otherPct: number;
  publishersPct: number;
  machineBusyPct: number;
  intervals: number;
}

function kindFigures(phases: readonly Phase[], kind: Kind): KindFigures {
  const intervals = phases.filter((p) => p.kind === kind).flatMap((p) => p.intervals);
  const perCamera = (pick: (cpu: CpuInterval) => number) => median(intervals.map((i) => pctPerCamera(pick(i.cpu), i.cpu.seconds, i.shares.length)));
  return {
    summary: summarizeShares(intervals.map((i) => i.shares)),
    otherPct: perCamera((cpu) => cpu.vigilOther),
    publishersPct: perCamera((cpu) => cpu.simHost),
    machineBusyPct: median(intervals.map((i) => i.cpu.machineBusyPct)),
    intervals: intervals.length,
  };
}

/** Each round's WHIP and RTSP per-camera medians and their ratio: how steady the ratio is across the run. */
function roundRatios(phases: readonly Phase[]): Array<{ round: number; rtspPct: number; whipPct: number; ratio: number }> {
  const rounds = [...new Set(phases.map((p) => p.round))];
  return rounds.map((round) => {
    const pct = (kind: Kind) => summarizeShares(phases.filter((p) => p.round === round && p.kind === kind).flatMap((p) => p.intervals.map((i) => i.shares))).perCameraPct;
    return { round, rtspPct: pct('rtsp'), whipPct: pct('whip'), ratio: pct('whip') / pct('rtsp') };
  });
}

function figures(rtsp: KindFigures, whip: KindFigures, idleNodePct: number): BenchFigure[] {
  const n = `${CAMERAS} × 640x360`;
  const info = (label: string, value: string): BenchFigure => ({ label, value, goal: '', pass: null });
  const pct = (value: number) => `${round(value, 2)} %`;
  const perKind = (kind: Kind, k: KindFigures): BenchFigure[] => [
    info(
      `${n} ${LABEL[kind]}: Vigil per camera (own ffmpeg + Node ÷ cameras), median`,
      `${pct(k.summary.perCameraPct)} of a core (cameras ${round(k.summary.cameraMinPct, 2)}–${round(k.summary.cameraMaxPct, 2)} %)`,
    ),
    info(`${n} ${LABEL[kind]}: · the camera's ffmpeg`, pct(k.summary.ffmpegPct)),
    info(`${n} ${LABEL[kind]}: · Node process ÷ cameras`, pct(k.summary.nodeSharePct)),
    info(`${n} ${LABEL[kind]}: other children (clip cuts) ÷ cameras, not charged`, pct(k.otherPct)),
    info(
      `${n} ${LABEL[kind]}: ${kind === 'rtsp' ? 'relay + RTSP publishers' : 'WHIP publishers (werift + clip ffmpeg)'} per camera (not counted)`,
      pct(k.publishersPct),
    ),
    info(`${n} ${LABEL[kind]}: machine busy, median`, `${round(k.machineBusyPct, 1)} % of both cores`),
  ];
  return [
    info(`${n}: WHIP ÷ RTSP, Vigil CPU per camera`, `${round(whip.summary.perCameraPct / rtsp.summary.perCameraPct, 2)}×`),
    info(`${n}: WHIP − RTSP per camera (ffmpeg, Node share)`, `${pct(whip.summary.perCameraPct - rtsp.summary.perCameraPct)} (${pct(whip.summary.ffmpegPct - rtsp.summary.ffmpegPct)}, ${pct(whip.summary.nodeSharePct - rtsp.summary.nodeSharePct)})`),
    ...perKind('rtsp', rtsp),
    ...perKind('whip', whip),
    info(`Vigil's Node process, ${CAMERAS} WHIP cameras waiting, none streaming`, `${round(idleNodePct, 2)} % of a core`),
  ];
}

/** Vigil's CPU per WHIP camera against the same stream read over RTSP, on one running Vigil, phase by phase. */
export const whipCpu: Benchmark = {
  name: 'whip-cpu',
  title: 'CPU per WHIP camera against the same stream over RTSP',
  async run(ctx) {
    const clip = await simClipTs();
    let sim: SimHost | null = null;
    let whip: WhipHost | null = null;
    let vigil: VigilProcess | null = null;
    const phases: Phase[] = [];
    let idle: CpuInterval;
    try {
      sim = await startSimHost({ size: '640x360', fps: 15 });
      whip = await startWhipHost({ clip });
      vigil = await startVigilProcess({ cameras: [], rulesYaml: motionRuleYaml(RULE_COOLDOWN), extraConfig: { webrtc: { hostAddresses: ['127.0.0.1'] } } });
      const ids = { rtsp: Array.from({ length: CAMERAS }, (_, i) => `rtsp-${i + 1}`), whip: Array.from({ length: CAMERAS }, (_, i) => `whip-${i + 1}`) };
      const fleet: Fleet = { vigil, sim, whip, ids };
      for (const id of ids.whip) await vigil.addCamera(simCamera(id, `whip://${id}`, SAMPLE_FPS));
      await sleep(3000);
      idle = await measureCpu({ vigilPid: vigil.pid, ingestPids: [], otherPids: [], simHostPid: whip.pid }, IDLE_MS);
      ctx.log(`whip-cpu: Vigil with ${CAMERAS} WHIP cameras waiting uses ${round((100 * idle.vigilNode) / idle.seconds, 2)} % of a core`);

      const urls = await sim.addCameras(CAMERAS, 'rtsp-');
      for (const [i, url] of urls.entries()) await vigil.addCamera(simCamera(ids.rtsp[i]!, url, SAMPLE_FPS));
      for (let turn = 1; turn <= ROUNDS; turn++) {
        if (turn > 1) await rtspOn(fleet, true);
        phases.push(await measurePhase(ctx, fleet, 'rtsp', turn));
        await rtspOn(fleet, false);
        await whipOn(fleet, true);
        const phase = await measurePhase(ctx, fleet, 'whip', turn);
        phase.publishers = await whipOn(fleet, false);
        phases.push(phase);
      }
    } finally {
      await vigil?.stop();
      await whip?.stop();
      await sim?.stop();
    }

    const rtsp = kindFigures(phases, 'rtsp');
    const whipFigures = kindFigures(phases, 'whip');
    const idleNodePct = (100 * idle.vigilNode) / idle.seconds;
    return {
      figures: figures(rtsp, whipFigures, idleNodePct),
      method: [
        `${CAMERAS} cameras of each kind on one Vigil, all carrying the same pre-encoded clip (640x360 @15 fps, 1 s GOP, H.264) by stream copy: RTSP cameras read from the simulated cameras' relay, WHIP cameras (whip://NAME) published by werift peers that stream-copy the clip into RTP (from an MPEG-TS remux of it, which carries the parameter sets in the stream; the access unit delimiters MPEG-TS adds are dropped, as a WebRTC camera sends none) and POST to /api/whip/:id with the API token; Vigil's Node process receives the WebRTC media and forwards the RTP to each camera's ffmpeg on a loopback UDP port.`,
        `Both kinds share one Node process, so they stream in turns: RTSP only (WHIP publishers gone, their cameras waiting), then WHIP only (RTSP cameras turned off through the API), ${ROUNDS} rounds. Each phase: every camera online and one ingest ffmpeg per camera of that kind, a warm-up (${FIRST_WARMUP_MS / 1000} s in the first round, ${WARMUP_MS / 1000} s after), then ${INTERVALS_PER_PHASE} intervals of ${INTERVAL_MS / 1000} s; ${ROUNDS * INTERVALS_PER_PHASE} intervals per kind, medians quoted.`,
        'A camera is charged its own ffmpeg (per pid, from /proc) plus Node\'s own CPU divided equally among the cameras streaming in that phase. Clip-cut ffmpegs (the motion rule\'s evidence) are shown apart and not charged; the ratio is WHIP\'s per-camera median over RTSP\'s.',
        `Vigil samples at ${SAMPLE_FPS} fps (maxSide 640) with one motion rule on a floor zone; its cooldown (${RULE_COOLDOWN}) outlasts the run, so each camera opens one alert, in the first warm-up, and the rule goes on being evaluated on every frame without alerting again. The relay with its RTSP publishers, and the WHIP publishers, each run in a process of their own and are not counted; their CPU is shown per camera for the phase they serve.`,
      ],
      notes: [
        'What a WHIP camera adds is in Node: werift receives the SRTP (DTLS-keyed decryption, RTCP, keyframe requests) and resends every RTP packet to the camera\'s ffmpeg over loopback UDP. An RTSP camera\'s network work is inside its ffmpeg, which reads the relay over TCP itself.',
        'The WHIP ffmpeg depacketises RTP from a UDP socket described by an SDP; the RTSP ffmpeg depacketises interleaved RTP from TCP. Both decode, sample and segment the same stream the same way, so their ffmpeg figures should be close.',
        'The RTSP publishers keep pushing to the relay during the WHIP phases (nobody reads them); that shows only in the machine-busy figure.',
        'Node\'s share is the figure that moves most between intervals, the more so the busier the box (the machine-busy lines): the JSON file keeps every interval (data.phases) and the ratio of each round (data.rounds).',
      ],
      data: { cameras: CAMERAS, sampleFps: SAMPLE_FPS, idle, rtsp, whip: whipFigures, rounds: roundRatios(phases), phases },
    };
  },
};
