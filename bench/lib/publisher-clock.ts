/**
 * Maps a publisher's stream time to wall-clock time from ffmpeg's `-progress` output. ffmpeg prints
 * `out_time_us=` right after it has written packets up to that stream time, so for every report
 * `wall − out_time ≥ t0`, where t0 is the wall-clock time at which stream time 0 left; the smallest
 * difference seen is the best estimate of t0 (later reports are only ever delayed, never early).
 */
export class PublisherClock {
  #buffer = '';
  #best = Number.POSITIVE_INFINITY;
  #reports = 0;
  #lastOutUs = -1;
  readonly #recent: number[] = [];

  /** Feeds a chunk of the progress stream received at `wallMs` (epoch ms). */
  push(chunk: string, wallMs: number): void {
    this.#buffer += chunk;
    const lines = this.#buffer.split('\n');
    this.#buffer = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^out_time_us=(\d+)\s*$/.exec(line);
      if (!match) continue;
      const outUs = Number(match[1]);
      // Reports before the first packet, and repeats with no new packet, say nothing about the clock.
      if (outUs <= 0 || outUs === this.#lastOutUs) continue;
      this.#lastOutUs = outUs;
      const offset = wallMs - outUs / 1000;
      this.#reports++;
      this.#best = Math.min(this.#best, offset);
      this.#recent.push(offset);
      if (this.#recent.length > 200) this.#recent.shift();
    }
  }

  get reports(): number {
    return this.#reports;
  }

  /** Wall-clock time (epoch ms) at which stream time 0 was sent; NaN before the first report. */
  get streamZeroMs(): number {
    return this.#reports === 0 ? Number.NaN : this.#best;
  }

  /** How far recent reports sit above the estimate (ms, median): report delay plus pacing jitter. */
  spreadMs(): number {
    if (this.#recent.length === 0) return Number.NaN;
    const sorted = this.#recent.map((o) => o - this.#best).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  }

  /** Wall-clock time at which stream time `streamSeconds` was sent. */
  wallAt(streamSeconds: number): number {
    return this.streamZeroMs + streamSeconds * 1000;
  }
}
