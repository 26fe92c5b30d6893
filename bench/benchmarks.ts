import { alertLatency } from './alert-latency.bench.js';
import { clipCut } from './clip-cut.bench.js';
import { cpuPerCamera } from './cpu-per-camera.bench.js';
import { fanout } from './fanout.bench.js';
import { gate } from './gate.bench.js';
import type { Benchmark } from './lib/result.js';
import { liveViewers } from './live-viewers.bench.js';
import { maxCameras } from './max-cameras.bench.js';
import { modelCalls } from './model-calls.bench.js';
import { reasoningOverhead } from './reasoning-overhead.bench.js';
import { whipCpu } from './whip-cpu.bench.js';

/** Every benchmark, in the order BENCHMARKS.md lists them. */
export const BENCHMARKS: readonly Benchmark[] = [cpuPerCamera, whipCpu, maxCameras, alertLatency, fanout, liveViewers, clipCut, gate, modelCalls, reasoningOverhead];

/**
 * The order `npm run bench` runs them: light ones first, the heaviest last, so that the disk writes and load a
 * heavy benchmark leaves behind never land on a short timing.
 */
export const RUN_ORDER: readonly string[] = ['clip-cut', 'gate', 'reasoning-overhead', 'cpu-per-camera', 'whip-cpu', 'model-calls', 'alert-latency', 'live-viewers', 'fanout', 'max-cameras'];
