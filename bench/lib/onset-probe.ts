import { FFMPEG } from './paths.js';
import { spawnTracked, type Tracked } from './processes.js';
import { BOX } from './latency-clip.js';
import { vigilInputArgs, vigilSamplingFilters } from './scenario.js';

const W = 32;
const H = 18;

/**
 * A plain ffmpeg reader of the same RTSP stream, with Vigil's input options, decoding to 32x18 gray flushed per
 * frame: every frame (a check of the onset clock: what it sees comes after the send time by transport, decode and
 * pipe delay) or sampled with Vigil's own sampling filter (what ffmpeg's sampling alone costs).
 * The box's appearance is seen as a jump in brightness where it is drawn.
 */
export class OnsetProbe {
  readonly onsets: number[] = [];
  readonly #tracked: Tracked;
  #pending = Buffer.alloc(0);
  #on = false;
  #baseline: number | null = null;

  constructor(url: string, sampleFps?: number) {
    const input = vigilInputArgs(url);
    const filter = `${sampleFps === undefined ? '' : `${vigilSamplingFilters(sampleFps).sample},`}scale=${W}:${H},format=gray`;
    this.#tracked = spawnTracked(
      FFMPEG,
      [...input, '-map', '0:v:0', '-vf', filter, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-flush_packets', '1', 'pipe:1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#tracked.child.stdout!.on('data', (chunk: Buffer) => this.#push(chunk, Date.now()));
  }

  get tracked(): Tracked {
    return this.#tracked;
  }

  #push(chunk: Buffer, wallMs: number): void {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    while (this.#pending.length >= W * H) {
      this.#frame(this.#pending.subarray(0, W * H), wallMs);
      this.#pending = this.#pending.subarray(W * H);
    }
  }

  #frame(frame: Buffer, wallMs: number): void {
    const x0 = Math.ceil(BOX.x * W) + 1;
    const x1 = Math.floor((BOX.x + BOX.w) * W) - 1;
    const y0 = Math.ceil(BOX.y * H) + 1;
    const y1 = Math.floor((BOX.y + BOX.h) * H) - 1;
    let sum = 0;
    let count = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) (sum += frame[y * W + x]!), count++;
    const mean = sum / count;
    this.#baseline ??= mean;
    const on = mean > this.#baseline + 20;
    if (on && !this.#on) this.onsets.push(wallMs);
    if (!on) this.#baseline = 0.9 * this.#baseline + 0.1 * mean;
    this.#on = on;
  }
}
