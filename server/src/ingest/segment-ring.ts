import type { Segment } from '../domain/index.js';

export interface SegmentRingOptions {
  /** How much recent video to keep, by wall-clock span. */
  ringSeconds: number;
  /** Called for each segment that falls out of the ring (the owner deletes the file). */
  onEvict?: (segment: Segment) => void;
}

/**
 * The completed segments of one camera, oldest first, bounded by wall-clock span: a segment that ended more
 * than `ringSeconds` before the newest one ended is evicted.
 */
export class SegmentRing {
  private segments: Segment[] = [];

  constructor(private readonly options: SegmentRingOptions) {}

  get ringSeconds(): number {
    return this.options.ringSeconds;
  }

  /** Adds a completed segment and returns the segments evicted to make room. */
  add(segment: Segment): Segment[] {
    this.segments.push(segment);
    const horizon = (this.latestEnd() ?? segment.endTs) - this.options.ringSeconds * 1000;
    const evicted: Segment[] = [];
    while (this.segments.length > 1 && (this.segments[0]?.endTs ?? Infinity) < horizon) {
      evicted.push(this.segments.shift() as Segment);
    }
    for (const old of evicted) this.options.onEvict?.(old);
    return evicted;
  }

  /**
   * Drops the named segments early (the disk guard frees space), never the newest one, and hands each to
   * onEvict like a segment that aged out. Returns those dropped.
   */
  evict(paths: ReadonlySet<string>): Segment[] {
    const newest = this.segments.at(-1);
    const evicted = this.segments.filter((s) => s !== newest && paths.has(s.path));
    if (evicted.length === 0) return [];
    this.segments = this.segments.filter((s) => !evicted.includes(s));
    for (const old of evicted) this.options.onEvict?.(old);
    return evicted;
  }

  /** Completed segments that overlap [startTs, endTs] (epoch ms), oldest first. */
  covering(startTs: number, endTs: number): Segment[] {
    return this.segments.filter((s) => s.startTs <= endTs && s.endTs >= startTs);
  }

  /** When the newest completed segment ends (epoch ms), or null while there is none. */
  latestEnd(): number | null {
    let latest: number | null = null;
    for (const s of this.segments) if (latest === null || s.endTs > latest) latest = s.endTs;
    return latest;
  }

  list(): readonly Segment[] {
    return this.segments;
  }

  has(path: string): boolean {
    return this.segments.some((s) => s.path === path);
  }

  get size(): number {
    return this.segments.length;
  }
}
