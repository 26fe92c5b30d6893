import { FFMPEG } from './lib/paths.js';
import { sleep, spawnTracked, stopTracked, type Tracked } from './lib/processes.js';
import type { BenchContext, BenchFigure, Benchmark } from './lib/result.js';
import { bareDecodeArgs, MOTION_RULE_YAML, simCamera } from './lib/scenario.js';
import { startSimHost, type SimHost } from './lib/sim-host-client.js';
import { median, round } from './lib/stats.js';
import { measureCpu, pctPerCamera, type CpuInterval } from './lib/vigil-cpu.js';
import { startVigilProcess, type VigilProcess } from './lib/vigil-process.js';

const SAMPLE_FPS = 2;
const GOAL_RATIO = 1.25;
/** The judged fleet size, then a larger one to show how Node's fixed share spreads. */
const PHASES = [
  { cameras: 4, intervals: 3, intervalMs: 15_000 },
  { cameras: 16, intervals: 3, intervalMs: 12_000 },
] as const;
const WARMUP_MS = 10_000;
const IDLE_MS = 10_000;

interface Phase {
  cameras: number;
  intervals: CpuInterval[];
  /** Vigil tree ÷ bare ffmpeg, median over intervals. */
  ratio: number;
}

async function measurePhase(ctx: BenchContext, vigil: VigilProcess, sim: SimHost, bare: readonly Tracked[], cameras: number, count: number, ms: number): Promise<Phase> {
  await vigil.waitOnline(cameras, 60_000);
  await sleep(WARMUP_MS);
  const ingestPids = vigil.ffmpegPids();
  if (ingestPids.length !== cameras) throw new Error(`expected ${cameras} ingest ffmpegs, found ${ingestPids.length}`);
  const intervals: CpuInterval[] = [];
  for (let i = 0; i < count; i++) {
    const interval = await measureCpu({ vigilPid: vigil.pid, ingestPids, otherPids: bare.map((b) => b.pid), simHostPid: sim.pid }, ms);
    const dead = bare.find((b) => b.child.exitCode !== null);
    if (dead) throw new Error(`bare ffmpeg exited: ${dead.stderrTail().trim()}`);
    intervals.push(interval);
    const pct = (cpu: number) => round(pctPerCamera(cpu, interval.seconds, cameras), 2);
    ctx.log(
      `cpu-per-camera: ${cameras} cameras, interval ${i + 1}: Vigil ${pct(interval.vigilTotal)} %/camera ` +
        `(ffmpeg ${pct(interval.vigilIngestFfmpeg)}, node ${pct(interval.vigilNode)}), bare ${pct(interval.others)} %/camera, ` +
        `ratio ${round(interval.vigilTotal / interval.others, 3)}`,
    );
  }
  return { cameras, intervals, ratio: median(intervals.map((i) => i.vigilTotal / i.others)) };
}

function phaseFigures(phase: Phase, judged: boolean): BenchFigure[] {
  const n = phase.cameras;
  const med = (pick: (i: CpuInterval) => number) => round(median(phase.intervals.map((i) => pctPerCamera(pick(i), i.seconds, n))), 2);
  const ffmpegRatio = median(phase.intervals.map((i) => i.vigilIngestFfmpeg / i.others));
  return [
    {
      label: `${n} cameras: Vigil ÷ bare ffmpeg CPU per camera, median`,
      value: `${round(phase.ratio, 2)}×`,
      goal: judged ? `≤ ${GOAL_RATIO}×` : '',
      pass: judged ? phase.ratio <= GOAL_RATIO : null,
    },
    { label: `${n} cameras: Vigil per camera, all of it`, value: `${med((i) => i.vigilTotal)} % of a core`, goal: '', pass: null },
    { label: `${n} cameras: · Vigil's ffmpeg per camera`, value: `${med((i) => i.vigilIngestFfmpeg)} % (${round(ffmpegRatio, 2)}× bare)`, goal: '', pass: null },
    { label: `${n} cameras: · Node process ÷ cameras`, value: `${med((i) => i.vigilNode)} %`, goal: '', pass: null },
    { label: `${n} cameras: · other children (clip cuts) ÷ cameras`, value: `${med((i) => i.vigilOther)} %`, goal: '', pass: null },
    { label: `${n} cameras: bare ffmpeg per camera`, value: `${med((i) => i.others)} % of a core`, goal: '', pass: null },
    { label: `${n} cameras: relay + publishers per camera (not counted)`, value: `${med((i) => i.simHost)} %`, goal: '', pass: null },
    { label: `${n} cameras: machine busy, median`, value: `${round(median(phase.intervals.map((i) => i.machineBusyPct)), 1)} % of both cores`, goal: '', pass: null },
  ];
}

/** Vigil's CPU per camera (its ffmpeg plus all of its Node process) against bare ffmpeg decoding the same streams. */
export const cpuPerCamera: Benchmark = {
  name: 'cpu-per-camera',
  title: 'CPU per camera: Vigil against bare ffmpeg on the same streams',
  async run(ctx) {
    let sim: SimHost | null = null;
    let vigil: VigilProcess | null = null;
    const bare: Tracked[] = [];
    try {
      sim = await startSimHost();
      vigil = await startVigilProcess({ cameras: [], rulesYaml: MOTION_RULE_YAML });
      await sleep(3000);
      const idle = await measureCpu({ vigilPid: vigil.pid, ingestPids: [], otherPids: [], simHostPid: sim.pid }, IDLE_MS);
      const idleNodePct = (100 * idle.vigilNode) / idle.seconds;
      ctx.log(`cpu-per-camera: Vigil with no cameras uses ${round(idleNodePct, 2)} % of a core`);

      const phases: Phase[] = [];
      let added = 0;
      for (const plan of PHASES) {
        const count = plan.cameras - added;
        const urls = await sim.addCameras(count, `p${phases.length + 1}-cam-`);
        for (const [i, url] of urls.entries()) {
          await vigil.addCamera(simCamera(`p${phases.length + 1}-cam-${i + 1}`, url, SAMPLE_FPS));
          bare.push(spawnTracked(FFMPEG, bareDecodeArgs(url, SAMPLE_FPS)));
        }
        added = plan.cameras;
        phases.push(await measurePhase(ctx, vigil, sim, bare, plan.cameras, plan.intervals, plan.intervalMs));
      }

      const judged = phases[0]!;
      return {
        figures: [
          ...phaseFigures(judged, true),
          ...phases.slice(1).flatMap((p) => phaseFigures(p, false)),
          { label: 'Vigil\'s Node process with no cameras', value: `${round(idleNodePct, 2)} % of a core`, goal: '', pass: null },
        ],
        method: [
          'Simulated cameras 640x360@15 (1 s GOP, H.264), each read over RTSP/TCP from the relay by Vigil\'s ingest and, at the same time, by one bare ffmpeg; both are measured over the same intervals.',
          `Vigil samples at ${SAMPLE_FPS} fps (maxSide 640) with one motion rule on a floor zone; bare ffmpeg uses Vigil's own input options (from buildFfmpegArgs) and the same \`fps=${SAMPLE_FPS},scale…\` filter, output to the null muxer.`,
          'Vigil\'s figure is its whole process tree (Node, ingest ffmpegs, clip-cut ffmpegs reaped in between) divided by the cameras: all of Node\'s CPU is charged to the cameras.',
          `Cameras are added through the API to one running Vigil: first ${PHASES[0].cameras} (the judged figure), then up to ${PHASES[1].cameras}. Each phase: ${WARMUP_MS / 1000} s warm-up, then ${PHASES[0].intervals} intervals; the ratio is taken per interval and the median quoted.`,
          'The relay and publishers run in a process of their own and are not counted.',
        ],
        notes: [
          'The simulated stream is cheap to decode (the bare figure), so Vigil\'s fixed work per sampled frame weighs heavily in the ratio: Vigil\'s ffmpeg also scales a 160x90 gray copy, encodes every sampled frame as a 640x360 JPEG and writes the stream-copied 2 s segments; Node splits the JPEGs, runs the pixel gate and rules, and carries a fixed cost of its own (the no-camera figure) that is spread over the cameras.',
        ],
        data: { sampleFps: SAMPLE_FPS, idle, phases },
      };
    } finally {
      await Promise.allSettled(bare.map((b) => stopTracked(b)));
      await vigil?.stop();
      await sim?.stop();
    }
  },
};
