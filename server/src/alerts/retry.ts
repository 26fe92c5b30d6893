/**
 * Runs `work` until it succeeds or `delaysMs` run out, waiting each delay between tries; the last error is
 * thrown. Used for store writes, so a database that blips does not lose an alert.
 */
export async function retry<T>(
  work: () => Promise<T>,
  delaysMs: readonly number[],
  onRetry?: (error: unknown, attempt: number) => void,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const delay = delaysMs[attempt];
      if (delay === undefined) throw error;
      onRetry?.(error, attempt + 1);
      await sleep(delay);
    }
  }
}
