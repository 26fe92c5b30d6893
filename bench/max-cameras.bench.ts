import { judgeKeepsUp, MAX_SECOND_HALF_DROP, MIN_RATE_SHARE, type CameraCounts, type KeepsUpVerdict } from './lib/keeps-up.js';
import { sleep } from './lib/processes.js';
import { seriesBy } from './lib/prometheus-text.js';
import type { BenchContext, Benchmark } from './lib/result.js';
import { MOTION_RULE_YAML, simCamera } from './lib/scenario.js';
import { startSimHost, type SimHost } from './lib/sim-host-client.js';
import { round } from './lib/stats.js';
import { measureCpu, type CpuInterval } from './lib/vigil-cpu.js';
import { startVigilProcess, type VigilProcess } from './lib/vigil-process.js';

const SAMPLE_FPS = 2;
const GOAL = 32;
const LEVELS = [16, 24, 32, 40, 48, 56, 64];
const WARMUP_MS = 8000;
const HALF_MS = 10_000;
/** The ramp stops before a level that would end past this (the benchmark stays within about 3 minutes). */
const BUDGET_MS = 170_000;

interface Level {
  cameras: number;
  verdict: KeepsUpVerdict;
  cpu: CpuInterval[];
  /** % of one core over the window. */
  vigilPct: number;
  vigilNodePct: number;
  simHostPct: number;
  machineBusyPct: number;
}

async function frameCounts(vigil: VigilProcess): Promise<Map<string, number>> {
  return seriesBy(await vigil.metrics(), 'vigil_frames_total', 'camera');
}

async function measureLevel(ctx: BenchContext, vigil: VigilProcess, sim: SimHost, cameras: number): Promise<Level> {
  await vigil.waitOnline(cameras, 60_000);
  await sleep(WARMUP_MS);
  const ingestPids = vigil.ffmpegPids();
  const subjects = { vigilPid: vigil.pid, ingestPids, otherPids: [], simHostPid: sim.pid };
  const drops0 = (await sim.stats()).packetsDropped;
  const c0 = await frameCounts(vigil);
  const first = await measureCpu(subjects, HALF_MS);
  const c1 = await frameCounts(vigil);
  const second = await measureCpu(subjects, HALF_MS);
  const c2 = await frameCounts(vigil);
  const drops = (await sim.stats()).packetsDropped - drops0;
  const health = await vigil.health();
  const counts: CameraCounts[] = [...c2.keys()].map((camera) => ({
    camera,
    firstHalf: (c1.get(camera) ?? 0) - (c0.get(camera) ?? 0),
    secondHalf: (c2.get(camera) ?? 0) - (c1.get(camera) ?? 0),
  }));
  const verdict = judgeKeepsUp({
    counts,
    firstSeconds: first.seconds,
    secondSeconds: second.seconds,
    configuredFps: SAMPLE_FPS,
    relayDrops: drops,
    online: health?.cameras.online ?? 0,
    expected: cameras,
  });
  const seconds = first.seconds + second.seconds;
  const pct = (pick: (c: CpuInterval) => number) => (100 * (pick(first) + pick(second))) / seconds;
  const level: Level = {
    cameras,
    verdict,
    cpu: [first, second],
    vigilPct: pct((c) => c.vigilTotal),
    vigilNodePct: pct((c) => c.vigilNode),
    simHostPct: pct((c) => c.simHost),
    machineBusyPct: (first.machineBusyPct + second.machineBusyPct) / 2,
  };
  ctx.log(
    `max-cameras: ${cameras} cameras: ${verdict.keepsUp ? 'keeps up' : `FALLS BEHIND (${verdict.reasons.join('; ')})`}; ` +
      `fps min ${round(verdict.fpsMin, 2)} median ${round(verdict.fpsMedian, 2)}; Vigil ${round(level.vigilPct, 1)} % ` +
      `(node ${round(level.vigilNodePct, 1)} %), relay+publishers ${round(level.simHostPct, 1)} %, machine ${round(level.machineBusyPct, 1)} % busy`,
  );
  return level;
}

/** The most simulated 640x360@15 cameras one Vigil keeps up with on this box, ramping up through the API. */
export const maxCameras: Benchmark = {
  name: 'max-cameras',
  title: 'Cameras one box keeps up with (640x360@15, sampled at 2 fps)',
  async run(ctx) {
    const started = Date.now();
    let sim: SimHost | null = null;
    let vigil: VigilProcess | null = null;
    const levels: Level[] = [];
    let stoppedBy = '';
    try {
      sim = await startSimHost();
      vigil = await startVigilProcess({ cameras: [], rulesYaml: MOTION_RULE_YAML });
      let running = 0;
      for (const target of LEVELS) {
        const levelMs = levels.length === 0 ? 45_000 : (Date.now() - started) / levels.length;
        if (Date.now() - started + levelMs > BUDGET_MS) {
          stoppedBy = `time budget: the next level (${target}) would end past ${BUDGET_MS / 1000} s`;
          break;
        }
        const prefix = `n${target}-`;
        const urls = await sim.addCameras(target - running, prefix);
        for (const [i, url] of urls.entries()) await vigil.addCamera(simCamera(`${prefix}${i + 1}`, url, SAMPLE_FPS));
        running = target;
        const level = await measureLevel(ctx, vigil, sim, target);
        levels.push(level);
        if (!level.verdict.keepsUp) {
          stoppedBy = `${target} cameras fell behind`;
          break;
        }
      }
      if (!stoppedBy) stoppedBy = `highest level tried (${LEVELS.at(-1)})`;
    } finally {
      await vigil?.stop();
      await sim?.stop();
    }

    const passed = levels.filter((l) => l.verdict.keepsUp).map((l) => l.cameras);
    const best = passed.length > 0 ? Math.max(...passed) : 0;
    const bestIsLowerBound = !levels.some((l) => !l.verdict.keepsUp);
    return {
      figures: [
        { label: 'Most cameras kept up with', value: `${best}${bestIsLowerBound ? ' (ramp ended before any level failed)' : ''}`, goal: `≥ ${GOAL}`, pass: best >= GOAL },
        ...levels.map((l) => ({
          label: `${l.cameras} cameras`,
          value:
            `${l.verdict.keepsUp ? 'keeps up' : `falls behind: ${l.verdict.reasons.join('; ')}`}; fps per camera min ${round(l.verdict.fpsMin, 2)} / median ${round(l.verdict.fpsMedian, 2)}; ` +
            `Vigil ${round(l.vigilPct, 1)} % of a core (Node ${round(l.vigilNodePct, 1)} %), relay+publishers ${round(l.simHostPct, 1)} %, machine ${round(l.machineBusyPct, 1)} % busy`,
          goal: '',
          pass: null,
        })),
      ],
      method: [
        `One Vigil (child process, one motion rule) and one relay with stream-copy publishers (own process); cameras are added through Vigil's API in steps (${LEVELS.join(', ')}), each sampled at ${SAMPLE_FPS} fps with maxSide 640.`,
        `Each level: all cameras online, ${WARMUP_MS / 1000} s warm-up, then two halves of ${HALF_MS / 1000} s; frames per camera come from Vigil's /metrics (vigil_frames_total).`,
        `A level keeps up when every camera is online and receives ≥ ${MIN_RATE_SHARE * 100} % of ${SAMPLE_FPS} fps, the fleet's frame rate in the second half is within ${MAX_SECOND_HALF_DROP * 100} % of the first (no growing lag), and the relay dropped no packets for a reader that fell 2 MiB behind.`,
        `The ramp stops at the first level that falls behind or when the next level would end past ${BUDGET_MS / 1000} s (stopped by: ${stoppedBy}).`,
      ],
      notes: [
        'The relay and the publishers run on the same box and take part of its CPU (the relay+publishers figure); on a site the cameras do that work.',
        'Other work on this shared box (see the load average) competes for the same two cores, so the limit found here is a lower bound for a dedicated box.',
      ],
      data: { sampleFps: SAMPLE_FPS, levels, stoppedBy, elapsedS: (Date.now() - started) / 1000 },
    };
  },
};
