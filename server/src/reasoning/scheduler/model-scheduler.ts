import { ReasonerError } from '../reasoner.js';
import { CircuitBreaker, type BreakerPermit, type BreakerSnapshot, type BreakerState } from './circuit-breaker.js';
import type { Clock, TimerHandle } from './clock.js';
import { classifyFailure, hasAttemptsLeft, retryDelayMs } from './retry-policy.js';
import { parseSchedulerSettings, type SchedulerSettings } from './scheduler-settings.js';
import type {
  CallOutcome,
  JobReason,
  ModelJob,
  ModelSchedulerOptions,
  OfferOutcome,
  OfferedWindow,
  SchedulerCounters,
  SchedulerStats,
} from './scheduler-types.js';

interface QueuedJob<T> {
  job: ModelJob<T>;
  attempt: number;
}

interface RetryWait<T> extends QueuedJob<T> {
  timer: TimerHandle;
}

interface Call<T> extends QueuedJob<T> {
  permit: BreakerPermit;
  startedAt: number;
  controller: AbortController;
  timer: TimerHandle | null;
  settled: boolean;
}

/**
 * Decides which camera windows the model sees and when: gated windows and heartbeats only, the latest window
 * per camera, at most `concurrency` calls at once (one per camera, so a camera's results arrive in order),
 * cameras served in the order they started waiting, with timeouts, retries and a circuit breaker.
 * `offer` never waits; everything slow happens in `run`.
 */
export class ModelScheduler<T, R> {
  readonly settings: SchedulerSettings;
  readonly #options: ModelSchedulerOptions<T, R>;
  readonly #clock: Clock;
  readonly #breaker: CircuitBreaker;
  /** At most one job per camera; a Map keeps insertion order, which is the order cameras are served in. */
  readonly #pending = new Map<string, QueuedJob<T>>();
  readonly #retryWaits = new Map<string, RetryWait<T>>();
  readonly #inFlight = new Map<string, Call<T>>();
  readonly #lastSentAt = new Map<string, number>();
  /** Every `run` promise not yet settled, timed-out ones included; stop() waits for them. */
  readonly #running = new Set<Promise<void>>();
  readonly #counters: SchedulerCounters = {
    offered: 0,
    gated: 0,
    heartbeat: 0,
    started: 0,
    completed: 0,
    failed: 0,
    retried: 0,
    stale: 0,
    dropped_breaker_open: 0,
    skipped_no_hazards: 0,
    cancelled: 0,
    callback_errors: 0,
  };
  #breakerSeen: BreakerState = 'closed';
  #stopped: Promise<void> | null = null;

  constructor(options: ModelSchedulerOptions<T, R>) {
    this.#options = options;
    this.#clock = options.clock;
    this.settings = parseSchedulerSettings(options.settings ?? {});
    this.#breaker = new CircuitBreaker(this.settings.breaker);
  }

  offer(window: OfferedWindow<T>): OfferOutcome {
    this.#counters.offered++;
    if (this.#stopped) return 'stopped';
    const { cameraId } = window;
    const now = this.#clock.now();
    const reason: JobReason | null = window.gated ? 'gate' : this.shouldHeartbeat(cameraId, now) ? 'heartbeat' : null;
    if (reason === null) return 'not_due';
    if (!this.#options.hasActiveQuestions(cameraId, now)) {
      this.#counters.skipped_no_hazards++;
      return 'skipped_no_hazards';
    }
    if (this.#observeBreaker(now) === 'open') {
      this.#counters.dropped_breaker_open++;
      return 'breaker_open';
    }
    this.#counters[reason === 'gate' ? 'gated' : 'heartbeat']++;
    const replaced = this.#supersede(cameraId);
    // On a camera already waiting, set() keeps its place in line, so a busy camera is not pushed back.
    this.#pending.set(cameraId, { job: { cameraId, reason, windowEnd: window.windowEnd, payload: window.payload }, attempt: 1 });
    this.#pump();
    return replaced ? 'replaced' : 'queued';
  }

  /**
   * Whether a window the gate did not mark should go to the model anyway: the camera's last model call started
   * `heartbeatMs` ago or longer (or it never had one), and nothing of it is queued, in flight or waiting to retry.
   */
  shouldHeartbeat(cameraId: string, now: number = this.#clock.now()): boolean {
    const { heartbeatMs } = this.settings;
    if (heartbeatMs === null) return false;
    if (this.#pending.has(cameraId) || this.#inFlight.has(cameraId) || this.#retryWaits.has(cameraId)) return false;
    const lastSentAt = this.#lastSentAt.get(cameraId);
    return lastSentAt === undefined || now - lastSentAt >= heartbeatMs;
  }

  stats(): SchedulerStats {
    return {
      counters: { ...this.#counters },
      pending: this.#pending.size,
      inFlight: this.#inFlight.size,
      retryWaiting: this.#retryWaits.size,
    };
  }

  breakerState(): BreakerSnapshot {
    const now = this.#clock.now();
    this.#observeBreaker(now);
    return this.#breaker.snapshot(now);
  }

  /** Drops queued and retry-waiting work, aborts calls in flight, and resolves once every model call settled. */
  stop(): Promise<void> {
    if (this.#stopped) return this.#stopped;
    this.#counters.cancelled += this.#pending.size + this.#retryWaits.size;
    this.#pending.clear();
    for (const wait of this.#retryWaits.values()) this.#clock.clearTimeout(wait.timer);
    this.#retryWaits.clear();
    for (const call of this.#inFlight.values()) {
      if (call.timer) this.#clock.clearTimeout(call.timer);
      call.controller.abort(new ReasonerError('aborted', 'Vigil is stopping', false));
    }
    this.#stopped = Promise.allSettled([...this.#running]).then(() => undefined);
    return this.#stopped;
  }

  #supersede(cameraId: string): boolean {
    const wait = this.#retryWaits.get(cameraId);
    if (wait) {
      this.#clock.clearTimeout(wait.timer);
      this.#retryWaits.delete(cameraId);
      this.#counters.stale++;
      return true;
    }
    if (!this.#pending.has(cameraId)) return false;
    this.#counters.stale++;
    return true;
  }

  #pump(): void {
    if (this.#stopped) return;
    const now = this.#clock.now();
    if (this.#observeBreaker(now) === 'open') {
      this.#counters.dropped_breaker_open += this.#pending.size;
      this.#pending.clear();
      return;
    }
    while (this.#inFlight.size < this.settings.concurrency) {
      const next = this.#nextReady();
      if (!next) return;
      const { cameraId } = next.job;
      if (!this.#options.hasActiveQuestions(cameraId, now)) {
        this.#pending.delete(cameraId);
        this.#counters.skipped_no_hazards++;
        continue;
      }
      const permit = this.#breaker.acquire(now);
      if (!permit) return;
      this.#pending.delete(cameraId);
      this.#start(next, permit, now);
    }
  }

  /** The longest-waiting job whose camera has no call in flight. */
  #nextReady(): QueuedJob<T> | undefined {
    for (const [cameraId, queued] of this.#pending) {
      if (!this.#inFlight.has(cameraId)) return queued;
    }
    return undefined;
  }

  #start({ job, attempt }: QueuedJob<T>, permit: BreakerPermit, now: number): void {
    this.#counters.started++;
    if (attempt > 1) this.#counters.retried++;
    this.#lastSentAt.set(job.cameraId, now);
    const call: Call<T> = { job, attempt, permit, startedAt: now, controller: new AbortController(), timer: null, settled: false };
    call.timer = this.#clock.setTimeout(() => this.#timeOut(call), this.settings.callTimeoutMs);
    this.#inFlight.set(job.cameraId, call);
    const running: Promise<void> = Promise.resolve()
      .then(() => this.#options.run(job, call.controller.signal))
      .then(
        (result) => this.#succeed(call, result),
        (error: unknown) => this.#fail(call, error, 'failed'),
      )
      .catch((error: unknown) => this.#callbackError(error))
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  #timeOut(call: Call<T>): void {
    call.timer = null;
    const error = new ReasonerError('timeout', `no reply from the model within ${this.settings.callTimeoutMs} ms`, true);
    call.controller.abort(error);
    this.#fail(call, error, 'timeout');
  }

  #succeed(call: Call<T>, result: R): void {
    if (!this.#finish(call)) return;
    this.#breaker.recordSuccess();
    this.#observeBreaker(this.#clock.now());
    this.#counters.completed++;
    this.#record(call, 'ok');
    this.#emit(() => this.#options.onResult?.(call.job.cameraId, call.job, result));
    this.#pump();
  }

  #fail(call: Call<T>, error: unknown, outcome: 'failed' | 'timeout'): void {
    if (!this.#finish(call)) return;
    const now = this.#clock.now();
    const failure = classifyFailure(error);
    if (failure === 'retryable') this.#breaker.recordFailure(now, call.permit);
    else if (failure === 'answered') this.#breaker.recordSuccess();
    else this.#breaker.release(call.permit);
    const breaker = this.#observeBreaker(now);
    this.#record(call, outcome);
    const { job, attempt } = call;
    if (failure === 'retryable' && this.#pending.has(job.cameraId)) {
      this.#counters.stale++;
    } else if (failure === 'retryable' && breaker !== 'open' && hasAttemptsLeft(this.settings.retry, attempt)) {
      this.#waitToRetry(job, attempt + 1, retryDelayMs(this.settings.retry, attempt, this.#options.random));
    } else {
      this.#counters.failed++;
      this.#emit(() => this.#options.onFailure?.(job.cameraId, job, error));
    }
    this.#pump();
  }

  /** Ends a call once (timeout, reply and stop can race); false when it had ended or Vigil is stopping. */
  #finish(call: Call<T>): boolean {
    if (call.settled) return false;
    call.settled = true;
    if (call.timer) this.#clock.clearTimeout(call.timer);
    this.#inFlight.delete(call.job.cameraId);
    if (!this.#stopped) return true;
    this.#breaker.release(call.permit);
    this.#counters.cancelled++;
    this.#record(call, 'cancelled');
    return false;
  }

  #waitToRetry(job: ModelJob<T>, attempt: number, delayMs: number): void {
    const timer = this.#clock.setTimeout(() => {
      this.#retryWaits.delete(job.cameraId);
      this.#pending.set(job.cameraId, { job, attempt });
      this.#pump();
    }, delayMs);
    this.#retryWaits.set(job.cameraId, { job, attempt, timer });
  }

  #record(call: Call<T>, outcome: CallOutcome): void {
    const latencyMs = this.#clock.now() - call.startedAt;
    this.#emit(() => this.#options.onCall?.({ job: call.job, attempt: call.attempt, latencyMs, outcome }));
  }

  #observeBreaker(now: number): BreakerState {
    const state = this.#breaker.state(now);
    if (state !== this.#breakerSeen) {
      const from = this.#breakerSeen;
      this.#breakerSeen = state;
      this.#emit(() => this.#options.onBreakerChange?.(from, state, this.#breaker.snapshot(now)));
    }
    return state;
  }

  #emit(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.#callbackError(error);
    }
  }

  #callbackError(error: unknown): void {
    this.#counters.callback_errors++;
    try {
      this.#options.onCallbackError?.(error);
    } catch {
      // The error sink itself failed; the count above still shows it.
    }
  }
}
