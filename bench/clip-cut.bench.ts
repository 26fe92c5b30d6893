import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { cutClip } from '../server/src/evidence/clip-cutter.js';
import { simSegments } from './lib/media.js';
import { FFMPEG } from './lib/paths.js';
import type { Benchmark } from './lib/result.js';
import { round, summarize } from './lib/stats.js';

const GOAL_MS = 200;
const WARMUP_RUNS = 2;
const RUNS = 30;
const CLIP_MS = 10_000;
const run = promisify(execFile);

/** How long one trivial ffmpeg run takes from spawn to exit: the fixed cost each cut pays twice. */
async function ffmpegStartMs(runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=s=16x16:d=0.04', '-f', 'null', '-']);
    times.push(performance.now() - started);
  }
  return times;
}

/** Time to cut a 10 s evidence clip out of 2 s stream-copied segments with cutClip. */
export const clipCut: Benchmark = {
  name: 'clip-cut',
  title: 'Cutting a 10 s evidence clip from 2 s segments',
  async run(ctx) {
    const t0 = Date.UTC(2025, 0, 1);
    const segments = await simSegments(t0);
    const spanMs = segments.at(-1)!.endTs - t0;
    // Start inside a segment, not on a boundary, as an alert's pre-roll usually does.
    const startTs = t0 + Math.min(5300, spanMs - CLIP_MS - 100);
    const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-clip-'));
    const times: number[] = [];
    const sizes: number[] = [];
    const durations: number[] = [];
    try {
      for (let i = 0; i < WARMUP_RUNS + RUNS; i++) {
        const outPath = join(dir, `clip-${i}.mp4`);
        const started = performance.now();
        const clip = await cutClip({ ffmpegPath: FFMPEG, segments, startTs, endTs: startTs + CLIP_MS, outPath });
        const ms = performance.now() - started;
        if (i >= WARMUP_RUNS) {
          times.push(ms);
          sizes.push(clip.bytes);
          durations.push(clip.durationMs);
        }
        await rm(outPath, { force: true });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const s = summarize(times);
    const startMs = summarize(await ffmpegStartMs(10)).median;
    ctx.log(`clip-cut: min ${round(s.min, 1)} ms, median ${round(s.median, 1)} ms, p95 ${round(s.p95, 1)} ms`);
    return {
      figures: [
        { label: 'Cut time, median', value: `${round(s.median, 1)} ms`, goal: `≤ ${GOAL_MS} ms`, pass: s.median <= GOAL_MS },
        { label: 'Cut time, p95', value: `${round(s.p95, 1)} ms`, goal: '', pass: null },
        { label: 'Cut time, min', value: `${round(s.min, 1)} ms`, goal: '', pass: null },
        { label: 'One trivial ffmpeg run (spawn to exit), median', value: `${round(startMs, 1)} ms`, goal: '', pass: null },
        { label: 'Clip length / size (median)', value: `${round(summarize(durations).median / 1000, 2)} s / ${Math.round(summarize(sizes).median / 1024)} KiB`, goal: '', pass: null },
      ],
      method: [
        `Segments: the simulated cameras' clip (640x360@15, 1 s GOP, H.264) stream-copied into ${segments.length} MPEG-TS segments of 2 s, as ingest writes them.`,
        `\`cutClip\` (server/src/evidence/clip-cutter.ts) cuts [${(startTs - t0) / 1000} s, +10 s] into a faststart MP4: it joins the 6 overlapping segments (ffmpeg concat, -c copy), trims (-ss/-t, -c copy), reads the MP4 index and hashes the file (SHA-256).`,
        `${WARMUP_RUNS} warm-up runs, then ${RUNS} timed runs, one after another, each to a new file.`,
      ],
      notes: [`A cut runs ffmpeg twice; a trivial ffmpeg run costs ${round(startMs, 0)} ms here, so about ${Math.round((200 * startMs) / s.median)} % of a cut is process start-up.`],
      data: { ffmpegStartMs: startMs, runsMs: times.map((t) => round(t, 2)), summaryMs: s, segmentCount: segments.length, clipBytes: sizes, clipDurationMs: durations },
    };
  },
};
