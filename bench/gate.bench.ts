import { performance } from 'node:perf_hooks';
import type { GrayFrame, Signal, Zone } from '../server/src/domain/index.js';
import { Y4mSplitter } from '../server/src/ingest/y4m-splitter.js';
import { RuleEvaluator, validateRulePack, type SiteContext } from '../server/src/rules/index.js';
import { PixelGate } from '../server/src/windows/index.js';
import { simGrayFrames, simY4mStream } from './lib/media.js';
import type { Benchmark } from './lib/result.js';
import { median, round } from './lib/stats.js';

const ROUNDS = 7;
const FRAMES_PER_ROUND = 2000;
const CAMERA = 'bench-1';

const zones: Zone[] = [
  { id: 'dock-edge', name: 'Dock edge', polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] },
  { id: 'floor', name: 'Floor', polygon: [[0, 0.66], [1, 0.66], [1, 1], [0, 1]] },
];

const site: SiteContext = {
  timezone: 'UTC',
  channels: [],
  cameras: [{ id: CAMERA, name: 'Bench', zones: zones.map((z) => ({ id: z.id, name: z.name })) }],
};

const RULES = `rules:
  - { id: edge, name: Edge, severity: high, cameras: "*", when: { signal: motion, zone: dock-edge, minArea: 0.02, for: 2s }, cooldown: 1m }
  - { id: floor, name: Floor, severity: low, cameras: "*", when: { signal: motion, zone: floor, minArea: 0.05, for: 1s }, cooldown: 1m }
  - { id: any-motion, name: Any motion, severity: info, cameras: "*", when: { signal: motion, minArea: 0.1 }, cooldown: 5m }
  - { id: tampered, name: Tampered, severity: high, cameras: "*", when: { signal: tamper, kind: any, for: 3s }, cooldown: 10m }
  - { id: offline, name: Offline, severity: medium, cameras: "*", when: { signal: offline, for: 30s }, cooldown: 5m }
`;

/** Per-item time (µs) of `work` over many items; the median of several rounds. */
function timeRounds(items: number, work: (round: number) => void): number[] {
  const perItem: number[] = [];
  work(-1); // warm-up: JIT and caches
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    work(r);
    perItem.push(((performance.now() - started) * 1000) / items);
  }
  return perItem;
}

/** Node's per-frame work: pixel gate on a 160x90 gray frame, rule evaluation of its signals, cutting the raw colour frames. */
export const gate: Benchmark = {
  name: 'gate',
  title: 'Node work per sampled frame (pixel gate, rules, frame cutting)',
  async run(ctx) {
    const grays = await simGrayFrames(2);
    const y4m = await simY4mStream();
    const pack = validateRulePack('bench.yaml', RULES, site);
    if (pack.errors.length > 0) throw new Error(`bench rule pack invalid: ${JSON.stringify(pack.errors)}`);

    let ts = Date.UTC(2025, 0, 1);
    const frame = (i: number): GrayFrame => ({ cameraId: CAMERA, ts: (ts += 500), width: 160, height: 90, data: grays[i % grays.length]! });

    const pixelGate = new PixelGate(CAMERA, zones);
    const gateUs = timeRounds(FRAMES_PER_ROUND, () => {
      for (let i = 0; i < FRAMES_PER_ROUND; i++) pixelGate.process(frame(i));
    });

    // Signal batches exactly as the gate produced them, fed to the evaluator with time advancing.
    const batchGate = new PixelGate(CAMERA, zones);
    const batches: Signal[][] = Array.from({ length: FRAMES_PER_ROUND }, (_, i) => batchGate.process(frame(i)));
    const span = batches.at(-1)![0]!.ts - batches[0]![0]!.ts + 500;
    const evaluator = new RuleEvaluator(site, pack.rules);
    let hits = 0;
    // One copy per round (and the warm-up), shifted so that time keeps moving forward; built before timing.
    const rounds = Array.from({ length: ROUNDS + 1 }, (_, r) => batches.map((batch) => batch.map((s) => ({ ...s, ts: s.ts + r * span }))));
    const rulesUs = timeRounds(FRAMES_PER_ROUND, (r) => {
      for (const batch of rounds[r + 1]!) hits += evaluator.evaluate(batch, batch[0]!.ts).length;
    });

    const pictureCount = new Y4mSplitter().push(y4m).length;
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < y4m.length; offset += 65_536) chunks.push(y4m.subarray(offset, offset + 65_536));
    const splitUs = timeRounds(pictureCount, () => {
      const splitter = new Y4mSplitter();
      for (const chunk of chunks) splitter.push(chunk);
    });

    const g = median(gateUs);
    const r = median(rulesUs);
    const j = median(splitUs);
    const perFrameUs = g + r + j;
    const sharePct = (fps: number) => (perFrameUs * fps) / 1e4; // µs per second → % of one core
    ctx.log(`gate: gate ${round(g, 1)} µs, rules ${round(r, 1)} µs, frame split ${round(j, 1)} µs per frame`);
    return {
      figures: [
        { label: 'PixelGate.process per 160x90 frame (2 zones), median', value: `${round(g, 1)} µs`, goal: '', pass: null },
        { label: 'RuleEvaluator.evaluate per signal batch (4 signals, 5 rules), median', value: `${round(r, 2)} µs`, goal: '', pass: null },
        { label: 'Y4mSplitter per 640x360 raw frame (64 KiB chunks), median', value: `${round(j, 2)} µs`, goal: '', pass: null },
        { label: 'Node share per camera at 2 fps (these three)', value: `${round(sharePct(2), 3)} % of a core`, goal: '', pass: null },
        { label: 'Node share per camera at 5 fps (these three)', value: `${round(sharePct(5), 3)} % of a core`, goal: '', pass: null },
      ],
      method: [
        `Input: the simulated cameras' clip decoded by ffmpeg at 2 fps to 160x90 gray (${grays.length} real frames, cycled) and to raw 640x360 I420 frames in YUV4MPEG2 (${pictureCount} frames).`,
        `Each figure is the median over ${ROUNDS} rounds (after one warm-up round) of the per-item time; ${FRAMES_PER_ROUND} frames per round for the gate and the rules.`,
        'The rule evaluator gets the signal batches the gate produced, with time advancing 500 ms per batch, against a pack of 5 rules (3 motion, tamper, offline).',
      ],
      notes: [
        'This is the per-frame work in Vigil\'s Node process; pipes, socket and event-loop overhead are not in it (cpu-per-camera measures the whole process).',
      ],
      data: { gateUs, rulesUs, splitUs, ruleHits: hits, grayFrames: grays.length, pictures: pictureCount, y4mBytes: y4m.length },
    };
  },
};
