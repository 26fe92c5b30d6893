/**
 * Lets callers wait until a camera's evidence ring reaches a time: resolves once a segment ending at or after
 * `ts` has been completed, or at the deadline (the caller then cuts what there is).
 */
export class SegmentWaiter {
  readonly #waiting = new Map<string, { untilTs: number; resolve: () => void; timer: NodeJS.Timeout }[]>();

  waitFor(cameraId: string, untilTs: number, latestEnd: number | null, timeoutMs: number): Promise<void> {
    if (latestEnd !== null && latestEnd >= untilTs) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        untilTs,
        resolve: () => {
          clearTimeout(entry.timer);
          this.#remove(cameraId, entry);
          resolve();
        },
        timer: setTimeout(() => entry.resolve(), timeoutMs),
      };
      const list = this.#waiting.get(cameraId) ?? [];
      list.push(entry);
      this.#waiting.set(cameraId, list);
    });
  }

  segmentCompleted(cameraId: string, endTs: number): void {
    for (const entry of [...(this.#waiting.get(cameraId) ?? [])]) if (endTs >= entry.untilTs) entry.resolve();
  }

  /** Releases every waiter now, e.g. at shutdown. */
  releaseAll(): void {
    for (const list of [...this.#waiting.values()]) for (const entry of [...list]) entry.resolve();
  }

  #remove(cameraId: string, entry: { resolve: () => void }): void {
    const list = this.#waiting.get(cameraId);
    if (!list) return;
    const index = list.indexOf(entry as never);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) this.#waiting.delete(cameraId);
  }
}
