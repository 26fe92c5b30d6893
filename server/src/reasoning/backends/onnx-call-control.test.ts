import { describe, expect, it } from 'vitest';
import { ReasonerError } from '../reasoner.js';
import { createRunQueue, runExclusive, withDeadline } from './onnx-call-control.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('runExclusive', () => {
  it('starts a task only after the one before it has settled, failed or not', async () => {
    const queue = createRunQueue();
    const events: string[] = [];
    const first = deferred<void>();
    const a = runExclusive(queue, async () => {
      events.push('a start');
      await first.promise;
      throw new Error('a failed');
    });
    const b = runExclusive(queue, async () => {
      events.push('b start');
      return 'b';
    });
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['a start']);
    first.resolve();
    await expect(a).rejects.toThrow('a failed');
    await expect(b).resolves.toBe('b');
    expect(events).toEqual(['a start', 'b start']);
  });
});

describe('withDeadline', () => {
  it('passes the result through', async () => {
    await expect(withDeadline({ timeoutMs: 1000 }, async () => 42)).resolves.toBe(42);
  });

  it('rejects with aborted at once and aborts the signal given to the run', async () => {
    const controller = new AbortController();
    let runSignal: AbortSignal | undefined;
    const never = new Promise<never>(() => undefined);
    const call = withDeadline({ signal: controller.signal }, (signal) => {
      runSignal = signal;
      return never;
    });
    controller.abort();
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReasonerError);
    expect((error as ReasonerError).kind).toBe('aborted');
    expect(runSignal?.aborted).toBe(true);
  });

  it('rejects with a retryable timeout', async () => {
    const never = () => new Promise<never>(() => undefined);
    const error = await withDeadline({ timeoutMs: 5 }, never).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('rejects with off when closing, and never starts when already aborted', async () => {
    let started = false;
    const closed = await withDeadline({ closing: AbortSignal.abort() }, async () => {
      started = true;
    }).catch((e: unknown) => e);
    expect(closed).toMatchObject({ kind: 'off' });
    expect(started).toBe(false);
  });
});
