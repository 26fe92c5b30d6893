import type { BreakerState } from './circuit-breaker.js';
import { ManualClock } from './manual-clock.js';
import { ModelScheduler } from './model-scheduler.js';
import type { CallRecord, ModelJob } from './scheduler-types.js';
import type { SchedulerSettingsInput } from './scheduler-settings.js';

/** One call the test model received; the test answers it. */
export interface HeldCall {
  job: ModelJob<string>;
  signal: AbortSignal;
  answer(reply?: string): void;
  fail(error: unknown): void;
  done: boolean;
}

/**
 * A scheduler on a manual clock whose model calls wait until the test answers them. By default the model
 * honours abort (rejects with the signal's reason); `ignoreAbort` makes it keep going, like a stuck backend.
 */
export function schedulerKit(settings: SchedulerSettingsInput = {}, options: { ignoreAbort?: boolean } = {}) {
  const clock = new ManualClock(1_000_000);
  const calls: HeldCall[] = [];
  const results: Array<{ cameraId: string; job: ModelJob<string>; reply: string }> = [];
  const failures: Array<{ cameraId: string; job: ModelJob<string>; error: unknown }> = [];
  const records: Array<CallRecord<string>> = [];
  const breakerChanges: Array<`${BreakerState}->${BreakerState}`> = [];
  const withoutQuestions = new Set<string>();
  let inFlight = 0;
  let mostInFlight = 0;

  const scheduler = new ModelScheduler<string, string>({
    clock,
    settings: { heartbeatMs: null, ...settings, retry: { jitter: 0, ...settings.retry } },
    hasActiveQuestions: (cameraId) => !withoutQuestions.has(cameraId),
    run: (job, signal) =>
      new Promise<string>((resolve, reject) => {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        const call: HeldCall = {
          job,
          signal,
          done: false,
          answer: (reply = `seen ${job.payload}`) => settle(() => resolve(reply)),
          fail: (error) => settle(() => reject(error)),
        };
        const settle = (end: () => void) => {
          if (call.done) return;
          call.done = true;
          inFlight--;
          end();
        };
        if (!options.ignoreAbort) signal.addEventListener('abort', () => call.fail(signal.reason));
        calls.push(call);
      }),
    onResult: (cameraId, job, reply) => results.push({ cameraId, job, reply }),
    onFailure: (cameraId, job, error) => failures.push({ cameraId, job, error }),
    onCall: (record) => records.push(record),
    onBreakerChange: (from, to) => breakerChanges.push(`${from}->${to}`),
  });

  const offer = (cameraId: string, payload: string, gated = true) =>
    scheduler.offer({ cameraId, windowEnd: clock.now(), gated, payload });

  return {
    clock,
    scheduler,
    calls,
    results,
    failures,
    records,
    breakerChanges,
    withoutQuestions,
    mostInFlight: () => mostInFlight,
    offer,
    /** Calls not yet answered, as `payload` strings. */
    open: () => calls.filter((call) => !call.done).map((call) => call.job.payload),
    lastCall: () => {
      const call = calls.at(-1);
      if (!call) throw new Error('the model was never called');
      return call;
    },
    callFor: (payload: string) => {
      const call = calls.find((candidate) => candidate.job.payload === payload && !candidate.done);
      if (!call) throw new Error(`no open call for ${payload}`);
      return call;
    },
    counters: () => scheduler.stats().counters,
  };
}

/** Lets promise callbacks (the model's replies, the scheduler's reactions) run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
