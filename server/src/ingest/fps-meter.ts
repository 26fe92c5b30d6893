/** Frames per second over a sliding window of arrival times (epoch ms). */
export class FpsMeter {
  private times: number[] = [];

  constructor(readonly windowMs = 5000) {}

  tick(ts: number): void {
    this.times.push(ts);
    this.prune(ts);
  }

  rate(now: number): number {
    this.prune(now);
    return (this.times.length * 1000) / this.windowMs;
  }

  reset(): void {
    this.times = [];
  }

  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    let drop = 0;
    while (drop < this.times.length && (this.times[drop] ?? 0) <= cutoff) drop += 1;
    if (drop > 0) this.times.splice(0, drop);
  }
}
