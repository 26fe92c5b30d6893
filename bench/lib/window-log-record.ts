import type { ModelWindowDto } from '../../server/src/contracts/index.js';
import type { ModelCall } from './event-coverage.js';

/** One window that went to the model, with its times as epoch ms. */
export interface LoggedWindow extends ModelCall {
  at: number;
  outcome: ModelWindowDto['outcome'];
  visionTokens: number | null;
}

/**
 * Everything `/api/reasoning` listed over a run. Vigil keeps only its latest windows, so a benchmark polls
 * often and this record keeps each window once (by camera, window end and when its call ended).
 */
export class WindowLogRecord {
  readonly #seen = new Map<string, LoggedWindow>();

  /** Adds the windows of one poll; returns how many were new. */
  add(windows: readonly ModelWindowDto[]): number {
    let added = 0;
    for (const w of windows) {
      const key = `${w.cameraId}|${w.windowEnd}|${w.at}`;
      if (this.#seen.has(key)) continue;
      this.#seen.set(key, { cameraId: w.cameraId, windowEnd: Date.parse(w.windowEnd), reason: w.reason, at: Date.parse(w.at), outcome: w.outcome, visionTokens: w.visionTokens });
      added++;
    }
    return added;
  }

  /** Windows of one camera (or all) whose end lies in [fromMs, toMs), oldest first. */
  windows(filter: { cameraId?: string; fromMs?: number; toMs?: number } = {}): LoggedWindow[] {
    return [...this.#seen.values()]
      .filter((w) => (filter.cameraId === undefined || w.cameraId === filter.cameraId) && w.windowEnd >= (filter.fromMs ?? -Infinity) && w.windowEnd < (filter.toMs ?? Infinity))
      .sort((a, b) => a.windowEnd - b.windowEnd);
  }

  get size(): number {
    return this.#seen.size;
  }
}
