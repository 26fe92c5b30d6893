import type { Camera } from '../../server/src/domain/index.js';
import { buildFfmpegArgs } from '../../server/src/ingest/ffmpeg-args.js';
import type { BenchCamera, BenchZone } from './vigil-process.js';

/** The floor of the simulated dock scene, where the figure walks. */
export const FLOOR_ZONE: BenchZone = { id: 'floor', name: 'Floor', polygon: [[0, 0.55], [1, 0.55], [1, 1], [0, 1]] };

/** One motion rule over every camera, as a site would have; `cooldown` is the least time between its alerts. */
export function motionRuleYaml(cooldown = '1m'): string {
  return `rules:
  - id: floor-motion
    name: Movement on the floor
    severity: medium
    cameras: "*"
    when: { signal: motion, zone: floor, minArea: 0.02, for: 1s }
    cooldown: ${cooldown}
    notify: [dashboard]
`;
}

export const MOTION_RULE_YAML = motionRuleYaml();

export function simCamera(id: string, url: string, fps = 2): BenchCamera {
  return { id, url, fps, zones: [FLOOR_ZONE] };
}

function vigilArgsFor(url: string, fps: number, maxSide: number): string[] {
  const camera: Camera = { id: 'bare', name: 'bare', url, sample: { fps, maxSide }, zones: [], rtspTransport: 'tcp', enabled: true, source: 'config' };
  return buildFfmpegArgs(camera, { segmentDir: '/nonexistent', segmentPrefix: 'bare', segmentSeconds: 2, ioTimeoutMs: 5000 });
}

/** The input options Vigil's ingest passes to ffmpeg for an RTSP camera (from buildFfmpegArgs), up to and including `-i URL`. */
export function vigilInputArgs(url: string): string[] {
  const vigilArgs = vigilArgsFor(url, 2, 640);
  const input = vigilArgs.indexOf('-i');
  if (input < 0 || vigilArgs[input + 1] !== url) throw new Error('unexpected ingest arguments: no -i URL');
  return vigilArgs.slice(0, input + 2);
}

/**
 * The filters of Vigil's sampled colour frames, taken from its own filter graph: the sampling filter (before the
 * split into colour and gray) and the colour branch's scaling and pixel format, exactly as Vigil runs them.
 */
export function vigilSamplingFilters(fps: number, maxSide = 640): { sample: string; scale: string } {
  const args = vigilArgsFor('rtsp://127.0.0.1/x', fps, maxSide);
  const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
  const chains = graph.split(';');
  const head = /^\[0:v:0\](.+),split=2\[\w+\]\[\w+\]$/.exec(chains[0] ?? '');
  const colour = chains.map((c) => /^\[colour\](.+)\[frames\]$/.exec(c)).find(Boolean);
  if (!head || !colour) throw new Error(`Vigil's sampling graph changed shape; update bench/lib/scenario.ts: ${graph}`);
  return { sample: head[1]!, scale: colour[1]! };
}

/** Bare ffmpeg at Vigil's settings: Vigil's input options, its sampling and scaling of the colour frames, output to the null muxer. */
export function bareDecodeArgs(url: string, fps: number, maxSide = 640): string[] {
  const { sample, scale } = vigilSamplingFilters(fps, maxSide);
  return [...vigilInputArgs(url), '-map', '0:v:0', '-vf', `${sample},${scale}`, '-fps_mode', 'passthrough', '-f', 'null', '-'];
}
