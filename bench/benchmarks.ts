import { alertLatency } from './alert-latency.bench.js';
import { clipCut } from './clip-cut.bench.js';
import { cpuPerCamera } from './cpu-per-camera.bench.js';
import { gate } from './gate.bench.js';
import type { Benchmark } from './lib/result.js';
import { maxCameras } from './max-cameras.bench.js';

/** Every benchmark, in the order `npm run bench` runs them and BENCHMARKS.md lists them. */
export const BENCHMARKS: readonly Benchmark[] = [cpuPerCamera, maxCameras, alertLatency, clipCut, gate];
