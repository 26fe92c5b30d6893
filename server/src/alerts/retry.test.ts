import { describe, expect, it } from 'vitest';
import { retry } from './retry.js';

describe('retry', () => {
  it('tries again after each delay until the work succeeds', async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await retry(
      async () => {
        calls++;
        if (calls < 3) throw new Error(`down ${calls}`);
        return 'stored';
      },
      [10, 20, 40],
      undefined,
      async (ms) => void slept.push(ms),
    );
    expect(result).toBe('stored');
    expect(calls).toBe(3);
    expect(slept).toEqual([10, 20]);
  });

  it('throws the last error once the delays run out', async () => {
    let calls = 0;
    const retried: number[] = [];
    await expect(
      retry(
        async () => {
          calls++;
          throw new Error(`down ${calls}`);
        },
        [1, 1],
        (_error, attempt) => retried.push(attempt),
        async () => undefined,
      ),
    ).rejects.toThrow('down 3');
    expect(retried).toEqual([1, 2]);
  });
});
