/** The recent latencies of each pipeline stage, for p50/p95 on the dashboard (Prometheus keeps the histograms). */
export class StageLatencies {
  readonly #samples = new Map<string, { values: Float64Array; next: number; count: number }>();

  constructor(private readonly keep = 512) {}

  record(stage: string, ms: number): void {
    let ring = this.#samples.get(stage);
    if (!ring) {
      ring = { values: new Float64Array(this.keep), next: 0, count: 0 };
      this.#samples.set(stage, ring);
    }
    ring.values[ring.next] = ms;
    ring.next = (ring.next + 1) % this.keep;
    ring.count = Math.min(ring.count + 1, this.keep);
  }

  /** Per stage, in the order first seen: p50 and p95 of the kept samples (nearest rank). */
  summary(): { stage: string; p50Ms: number | null; p95Ms: number | null; samples: number }[] {
    return [...this.#samples].map(([stage, ring]) => {
      const sorted = Array.from(ring.values.subarray(0, ring.count)).sort((a, b) => a - b);
      return { stage, p50Ms: rank(sorted, 0.5), p95Ms: rank(sorted, 0.95), samples: ring.count };
    });
  }
}

function rank(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
