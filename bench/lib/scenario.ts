import type { Camera } from '../../server/src/domain/index.js';
import { buildFfmpegArgs } from '../../server/src/ingest/ffmpeg-args.js';
import type { BenchCamera, BenchZone } from './vigil-process.js';

/** The floor of the simulated dock scene, where the figure walks. */
export const FLOOR_ZONE: BenchZone = { id: 'floor', name: 'Floor', polygon: [[0, 0.55], [1, 0.55], [1, 1], [0, 1]] };

/** One motion rule over every camera, as a site would have. */
export const MOTION_RULE_YAML = `rules:
  - id: floor-motion
    name: Movement on the floor
    severity: medium
    cameras: "*"
    when: { signal: motion, zone: floor, minArea: 0.02, for: 1s }
    cooldown: 1m
    notify: [dashboard]
`;

export function simCamera(id: string, url: string, fps = 2): BenchCamera {
  return { id, url, fps, zones: [FLOOR_ZONE] };
}

/**
 * Bare ffmpeg at Vigil's settings: the very input options Vigil's ingest passes (taken from buildFfmpegArgs),
 * the same fps and scale filter as its sampled-frame branch, and output to the null muxer.
 */
export function bareDecodeArgs(url: string, fps: number, maxSide = 640): string[] {
  const camera: Camera = { id: 'bare', name: 'bare', url, sample: { fps, maxSide }, zones: [], rtspTransport: 'tcp', enabled: true, source: 'config' };
  const vigilArgs = buildFfmpegArgs(camera, { segmentDir: '/nonexistent', segmentPrefix: 'bare', segmentSeconds: 2, ioTimeoutMs: 5000 });
  const input = vigilArgs.indexOf('-i');
  if (input < 0 || vigilArgs[input + 1] !== url) throw new Error('unexpected ingest arguments: no -i URL');
  const scale = `scale=w='min(${maxSide},iw)':h='min(${maxSide},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`;
  return [...vigilArgs.slice(0, input + 2), '-map', '0:v:0', '-vf', `fps=${fps},${scale}`, '-f', 'null', '-'];
}
