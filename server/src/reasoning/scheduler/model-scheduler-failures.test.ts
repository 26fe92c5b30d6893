import { describe, expect, it } from 'vitest';
import { ReasonerError } from '../reasoner.js';
import { schedulerKit, settle } from './model-scheduler.test-kit.js';

const unreachable = () => new ReasonerError('unreachable', 'connection refused', true);
const retry = { maxAttempts: 3, initialDelayMs: 1_000, multiplier: 2, maxDelayMs: 10_000 };

describe('ModelScheduler: retries', () => {
  it('retries a retryable failure after a growing backoff, then gives up and reports the last error', async () => {
    const kit = schedulerKit({ retry });
    kit.offer('dock-1', 'w1');
    await settle();
    const start = kit.clock.now();
    kit.lastCall().fail(unreachable());
    await settle();
    expect(kit.open()).toEqual([]);
    expect(kit.scheduler.stats().retryWaiting).toBe(1);

    kit.clock.advance(999);
    await settle();
    expect(kit.calls).toHaveLength(1);
    kit.clock.advance(1);
    await settle();
    expect(kit.calls).toHaveLength(2);
    expect(kit.clock.now() - start).toBe(1_000);

    const last = new ReasonerError('http', 'model server said 503', true, 503);
    kit.lastCall().fail(unreachable());
    await settle();
    kit.clock.advance(1_999);
    await settle();
    expect(kit.calls).toHaveLength(2);
    kit.clock.advance(1);
    await settle();
    expect(kit.calls).toHaveLength(3);
    kit.lastCall().fail(last);
    await settle();
    kit.clock.advance(60_000);
    await settle();

    expect(kit.calls).toHaveLength(3);
    expect(kit.failures).toEqual([{ cameraId: 'dock-1', job: kit.calls[0]!.job, error: last }]);
    expect(kit.records.map((record) => [record.attempt, record.outcome])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'failed'],
    ]);
    expect(kit.counters()).toMatchObject({ started: 3, retried: 2, failed: 1, completed: 0 });
  });

  it('does not retry an error the server answered with', async () => {
    const kit = schedulerKit({ retry });
    kit.offer('dock-1', 'w1');
    await settle();
    const badRequest = new ReasonerError('http', 'model server said 400', false, 400);
    kit.lastCall().fail(badRequest);
    await settle();
    kit.clock.advance(60_000);
    await settle();
    expect(kit.calls).toHaveLength(1);
    expect(kit.failures.map((failure) => failure.error)).toEqual([badRequest]);
    expect(kit.counters()).toMatchObject({ failed: 1, retried: 0 });
  });

  it('cancels a waiting retry when a newer window of the camera arrives; the newer one runs instead', async () => {
    const kit = schedulerKit({ retry });
    kit.offer('dock-1', 'old');
    await settle();
    kit.lastCall().fail(unreachable());
    await settle();
    expect(kit.offer('dock-1', 'new')).toBe('replaced');
    await settle();
    expect(kit.open()).toEqual(['new']);
    kit.callFor('new').answer();
    await settle();
    kit.clock.advance(60_000);
    await settle();
    expect(kit.calls.map((call) => call.job.payload)).toEqual(['old', 'new']);
    expect(kit.clock.pendingTimers).toBe(0);
    expect(kit.failures).toEqual([]);
    expect(kit.counters()).toMatchObject({ stale: 1, retried: 0, completed: 1 });
  });

  it('does not retry a failed call when a newer window arrived while it ran', async () => {
    const kit = schedulerKit({ retry });
    kit.offer('dock-1', 'old');
    await settle();
    kit.offer('dock-1', 'new');
    kit.callFor('old').fail(unreachable());
    await settle();
    expect(kit.open()).toEqual(['new']);
    expect(kit.scheduler.stats().retryWaiting).toBe(0);
    expect(kit.counters()).toMatchObject({ stale: 1, failed: 0 });
  });
});

describe('ModelScheduler: timeout', () => {
  it('aborts a call with no reply in callTimeoutMs and retries it as a retryable failure', async () => {
    const kit = schedulerKit({ callTimeoutMs: 5_000, retry: { ...retry, maxAttempts: 2 } });
    kit.offer('dock-1', 'w1');
    await settle();
    const first = kit.lastCall();
    kit.clock.advance(4_999);
    expect(first.signal.aborted).toBe(false);
    kit.clock.advance(1);
    expect(first.signal.aborted).toBe(true);
    expect(first.signal.reason).toMatchObject({ kind: 'timeout', retryable: true });
    await settle();
    expect(kit.records[0]).toMatchObject({ attempt: 1, outcome: 'timeout', latencyMs: 5_000 });

    kit.clock.advance(1_000);
    await settle();
    expect(kit.calls).toHaveLength(2);
    kit.clock.advance(5_000);
    await settle();
    expect(kit.failures).toHaveLength(1);
    expect(kit.failures[0]!.error).toMatchObject({ kind: 'timeout' });
  });

  it('frees the slot at the timeout and ignores a reply that comes later', async () => {
    const kit = schedulerKit({ callTimeoutMs: 5_000, concurrency: 1, retry: { maxAttempts: 1 } }, { ignoreAbort: true });
    kit.offer('a', 'a1');
    kit.offer('b', 'b1');
    await settle();
    kit.clock.advance(5_000);
    await settle();
    expect(kit.calls.map((call) => call.job.payload)).toEqual(['a1', 'b1']);
    kit.callFor('a1').answer();
    kit.callFor('b1').answer();
    await settle();
    expect(kit.results.map((result) => result.job.payload)).toEqual(['b1']);
    expect(kit.counters()).toMatchObject({ completed: 1, failed: 1 });
  });
});

describe('ModelScheduler: circuit breaker', () => {
  const breakerKit = () => schedulerKit({ concurrency: 4, retry: { maxAttempts: 1 }, breaker: { failureThreshold: 2, coolDownMs: 10_000 } });

  it('opens after consecutive failures, drops windows meanwhile, and closes after a successful trial call', async () => {
    const kit = breakerKit();
    kit.offer('a', 'a1');
    kit.offer('b', 'b1');
    await settle();
    kit.callFor('a1').fail(unreachable());
    kit.callFor('b1').fail(unreachable());
    await settle();
    expect(kit.scheduler.breakerState()).toMatchObject({ state: 'open', consecutiveFailures: 2 });
    expect(kit.breakerChanges).toEqual(['closed->open']);

    expect(kit.offer('c', 'c1')).toBe('breaker_open');
    kit.clock.advance(9_999);
    expect(kit.offer('c', 'c2')).toBe('breaker_open');
    expect(kit.counters().dropped_breaker_open).toBe(2);

    kit.clock.advance(1);
    expect(kit.scheduler.breakerState().state).toBe('half_open');
    expect(kit.offer('a', 'a2')).toBe('queued');
    expect(kit.offer('b', 'b2')).toBe('queued');
    await settle();
    expect(kit.open()).toEqual(['a2']);
    kit.callFor('a2').answer();
    await settle();
    expect(kit.open()).toEqual(['b2']);
    expect(kit.scheduler.breakerState()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(kit.breakerChanges).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
  });

  it('opens again when the trial fails, dropping what waited behind it', async () => {
    const kit = breakerKit();
    kit.offer('a', 'a1');
    kit.offer('b', 'b1');
    await settle();
    kit.callFor('a1').fail(unreachable());
    kit.callFor('b1').fail(unreachable());
    await settle();
    kit.clock.advance(10_000);
    kit.offer('a', 'a2');
    kit.offer('b', 'b2');
    await settle();
    kit.callFor('a2').fail(unreachable());
    await settle();
    expect(kit.scheduler.breakerState()).toMatchObject({ state: 'open', halfOpensAt: kit.clock.now() + 10_000 });
    expect(kit.scheduler.stats()).toMatchObject({ pending: 0, inFlight: 0 });
    expect(kit.counters().dropped_breaker_open).toBe(1);
  });

  it('does not retry once the breaker opened, and drops queued windows', async () => {
    const kit = schedulerKit({ concurrency: 1, retry, breaker: { failureThreshold: 1, coolDownMs: 10_000 } });
    kit.offer('a', 'a1');
    kit.offer('b', 'b1');
    await settle();
    kit.callFor('a1').fail(unreachable());
    await settle();
    kit.clock.advance(5_000);
    await settle();
    expect(kit.calls).toHaveLength(1);
    expect(kit.failures).toHaveLength(1);
    expect(kit.scheduler.stats()).toMatchObject({ pending: 0, retryWaiting: 0 });
    expect(kit.counters()).toMatchObject({ dropped_breaker_open: 1, retried: 0 });
  });

  it('treats an answer the server gave (a bad reply) as the server being up', async () => {
    const kit = breakerKit();
    for (const [index, error] of [unreachable(), new ReasonerError('bad_reply', 'no JSON', false), unreachable()].entries()) {
      kit.offer('a', `a${index}`);
      await settle();
      kit.lastCall().fail(error);
      await settle();
    }
    expect(kit.scheduler.breakerState()).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
  });
});

describe('ModelScheduler: stop', () => {
  it('aborts calls in flight, drops queued and retry-waiting work, and resolves once the calls settled', async () => {
    const kit = schedulerKit({ concurrency: 2, retry }, { ignoreAbort: true });
    kit.offer('a', 'a1');
    kit.offer('b', 'b1');
    kit.offer('c', 'c1');
    await settle();
    kit.callFor('b1').fail(unreachable());
    await settle();
    kit.offer('d', 'd1');
    kit.offer('e', 'e1');
    await settle();
    expect(kit.open()).toEqual(['a1', 'c1']);
    expect(kit.scheduler.stats()).toMatchObject({ inFlight: 2, pending: 2, retryWaiting: 1 });

    let stopped = false;
    const stopping = kit.scheduler.stop().then(() => (stopped = true));
    expect(kit.calls.filter((call) => !call.done).every((call) => call.signal.aborted)).toBe(true);
    expect(kit.lastCall().signal.reason).toMatchObject({ kind: 'aborted' });
    expect(kit.clock.pendingTimers).toBe(0);
    await settle();
    expect(stopped).toBe(false);

    kit.callFor('a1').answer();
    await settle();
    expect(stopped).toBe(false);
    kit.callFor('c1').fail(new ReasonerError('aborted', 'aborted', false));
    await stopping;

    expect(kit.results).toEqual([]);
    expect(kit.failures).toEqual([]);
    expect(kit.offer('a', 'late')).toBe('stopped');
    expect(kit.calls).toHaveLength(3);
    expect(kit.counters().cancelled).toBe(5);
    expect(kit.records.filter((record) => record.outcome === 'cancelled')).toHaveLength(2);
  });

  it('resolves at once when nothing is in flight', async () => {
    const kit = schedulerKit();
    await kit.scheduler.stop();
    expect(kit.offer('a', 'a1')).toBe('stopped');
  });
});
