import { describe, expect, it } from 'vitest';
import { deadline } from './deadline.js';

describe('deadline', () => {
  it('aborts with a TimeoutError after its time', async () => {
    const { signal } = deadline(20);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('aborts with the parent, and not after clear()', async () => {
    const parent = new AbortController();
    const first = deadline(10_000, parent.signal);
    parent.abort(new Error('stopping'));
    expect(first.signal.aborted).toBe(true);
    expect((first.signal.reason as Error).message).toBe('stopping');
    const second = deadline(20);
    second.clear();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(second.signal.aborted).toBe(false);
  });
});
