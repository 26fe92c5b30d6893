import { FFMPEG } from './lib/paths.js';
import { ownTicks, readSystemCpu, busyShare, snapshotProcesses, ticksToSeconds, treeTicks } from './lib/proc-cpu.js';
import { sleep, spawnTracked, stopTracked, type Tracked } from './lib/processes.js';
import type { Benchmark } from './lib/result.js';
import { bareDecodeArgs, MOTION_RULE_YAML, simCamera } from './lib/scenario.js';
import { startSimHost, type SimHost } from './lib/sim-host-client.js';
import { median, round } from './lib/stats.js';
import { startVigilProcess, type VigilProcess } from './lib/vigil-process.js';

const CAMERAS = 4;
const SAMPLE_FPS = 2;
const WARMUP_MS = 10_000;
const INTERVALS = 3;
const INTERVAL_MS = 15_000;
const GOAL_RATIO = 1.25;

interface Interval {
  seconds: number;
  /** CPU seconds in the interval. */
  vigilTotal: number;
  vigilNode: number;
  vigilIngestFfmpeg: number;
  vigilOther: number;
  bare: number;
  simHost: number;
  machineBusyPct: number;
  ratio: number;
}

/** % of one core per camera. */
const perCameraPct = (cpuSeconds: number, seconds: number) => (100 * cpuSeconds) / seconds / CAMERAS;

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
      const urls = await sim.addCameras(CAMERAS, 'cam-');
      ctx.log(`cpu-per-camera: ${CAMERAS} simulated cameras live`);
      vigil = await startVigilProcess({ cameras: urls.map((url, i) => simCamera(`cam-${i + 1}`, url, SAMPLE_FPS)), rulesYaml: MOTION_RULE_YAML });
      for (const url of urls) bare.push(spawnTracked(FFMPEG, bareDecodeArgs(url, SAMPLE_FPS)));
      await vigil.waitOnline(CAMERAS, 30_000);
      await sleep(WARMUP_MS);
      const ingestPids = vigil.ffmpegPids();
      if (ingestPids.length !== CAMERAS) throw new Error(`expected ${CAMERAS} ingest ffmpegs, found ${ingestPids.length}`);
      const barePids = bare.map((b) => b.pid);

      const intervals: Interval[] = [];
      for (let i = 0; i < INTERVALS; i++) {
        const cpu0 = readSystemCpu();
        const t0 = performance.now();
        const s0 = snapshotProcesses();
        await sleep(INTERVAL_MS);
        const s1 = snapshotProcesses();
        const seconds = (performance.now() - t0) / 1000;
        const cpu1 = readSystemCpu();
        const dead = bare.filter((b) => b.child.exitCode !== null);
        if (dead.length > 0) throw new Error(`bare ffmpeg exited: ${dead[0]!.stderrTail().trim()}`);
        const vigilTotal = ticksToSeconds(treeTicks(s0, s1, vigil.pid));
        const vigilNode = ticksToSeconds(ownTicks(s0, s1, [vigil.pid]));
        const vigilIngestFfmpeg = ticksToSeconds(ownTicks(s0, s1, ingestPids.filter((pid) => s1.has(pid))));
        const bareSeconds = ticksToSeconds(ownTicks(s0, s1, barePids));
        const interval: Interval = {
          seconds,
          vigilTotal,
          vigilNode,
          vigilIngestFfmpeg,
          vigilOther: Math.max(0, vigilTotal - vigilNode - vigilIngestFfmpeg),
          bare: bareSeconds,
          simHost: ticksToSeconds(treeTicks(s0, s1, sim.pid)),
          machineBusyPct: 100 * busyShare(cpu0, cpu1),
          ratio: vigilTotal / bareSeconds,
        };
        intervals.push(interval);
        ctx.log(
          `cpu-per-camera: interval ${i + 1}: Vigil ${round(perCameraPct(vigilTotal, seconds), 2)} %/camera ` +
            `(ffmpeg ${round(perCameraPct(vigilIngestFfmpeg, seconds), 2)}, node ${round(perCameraPct(vigilNode, seconds), 2)}), ` +
            `bare ${round(perCameraPct(bareSeconds, seconds), 2)} %/camera, ratio ${round(interval.ratio, 3)}`,
        );
      }

      const med = (pick: (i: Interval) => number) => median(intervals.map((i) => perCameraPct(pick(i), i.seconds)));
      const ratio = median(intervals.map((i) => i.ratio));
      return {
        figures: [
          { label: 'Vigil / bare ffmpeg CPU per camera, median of intervals', value: `${round(ratio, 3)}×`, goal: `≤ ${GOAL_RATIO}×`, pass: ratio <= GOAL_RATIO },
          { label: 'Vigil per camera (ffmpeg + Node share + other children)', value: `${round(med((i) => i.vigilTotal), 2)} % of a core`, goal: '', pass: null },
          { label: '  of which Vigil\'s ffmpeg', value: `${round(med((i) => i.vigilIngestFfmpeg), 2)} % of a core`, goal: '', pass: null },
          { label: '  of which Node (whole process ÷ cameras)', value: `${round(med((i) => i.vigilNode), 2)} % of a core`, goal: '', pass: null },
          { label: '  of which other children (clip cuts)', value: `${round(med((i) => i.vigilOther), 2)} % of a core`, goal: '', pass: null },
          { label: 'Bare ffmpeg per camera', value: `${round(med((i) => i.bare), 2)} % of a core`, goal: '', pass: null },
          { label: 'Relay + publishers per camera (not counted)', value: `${round(med((i) => i.simHost), 2)} % of a core`, goal: '', pass: null },
          { label: 'Machine busy during the intervals, median', value: `${round(median(intervals.map((i) => i.machineBusyPct)), 1)} % of both cores`, goal: '', pass: null },
        ],
        method: [
          `${CAMERAS} simulated cameras 640x360@15 (1 s GOP), each read over RTSP/TCP from the relay by Vigil's ingest and, at the same time, by one bare ffmpeg: both are measured over the same intervals.`,
          `Vigil samples at ${SAMPLE_FPS} fps (maxSide 640) with one motion rule on a floor zone; bare ffmpeg uses Vigil's own input options (from buildFfmpegArgs) and the same \`fps=${SAMPLE_FPS},scale…\` filter, output to the null muxer.`,
          `Vigil's figure is its whole process tree (Node process, ingest ffmpegs, clip-cut ffmpegs reaped in between) divided by the cameras: all of Node's CPU is charged to the cameras.`,
          `After ${WARMUP_MS / 1000} s warm-up, ${INTERVALS} intervals of ${INTERVAL_MS / 1000} s; the ratio is taken per interval and the median quoted. The relay and publishers run in their own process and are not counted.`,
        ],
        notes: [
          'Vigil\'s ffmpeg does more than the bare decode: a second scaled branch (160x90 gray for the pixel gate), an MJPEG encode of each sampled frame, and the stream-copied 2 s segments on disk.',
        ],
        data: { cameras: CAMERAS, sampleFps: SAMPLE_FPS, intervals },
      };
    } finally {
      await Promise.allSettled(bare.map((b) => stopTracked(b)));
      await vigil?.stop();
      await sim?.stop();
    }
  },
};
