import type { BreakerSnapshot, BreakerState } from './circuit-breaker.js';
import type { Clock } from './clock.js';
import type { SchedulerSettingsInput } from './scheduler-settings.js';

export type JobReason = 'gate' | 'heartbeat';

/** One window chosen for the model. */
export interface ModelJob<T> {
  cameraId: string;
  reason: JobReason;
  windowEnd: number;
  payload: T;
}

/** One rolling window as the pixel gate left it. */
export interface OfferedWindow<T> {
  cameraId: string;
  windowEnd: number;
  /** The gate found it worth a look (motion, tamper…). */
  gated: boolean;
  payload: T;
}

export type OfferOutcome =
  | 'queued'
  | 'replaced'
  | 'not_due'
  | 'skipped_no_hazards'
  | 'breaker_open'
  | 'stopped';

export type CallOutcome = 'ok' | 'failed' | 'timeout' | 'cancelled';

/** One model call (one attempt), for the latency histogram. */
export interface CallRecord<T> {
  job: ModelJob<T>;
  attempt: number;
  latencyMs: number;
  outcome: CallOutcome;
}

export interface SchedulerCounters {
  /** Windows offered, whatever became of them. */
  offered: number;
  /** Windows queued because the gate marked them. */
  gated: number;
  /** Windows queued as a camera's heartbeat. */
  heartbeat: number;
  /** Model calls started, retries included. */
  started: number;
  completed: number;
  /** Windows given up on after their last try (onFailure was called). */
  failed: number;
  /** Model calls that were retries. */
  retried: number;
  /** Queued or retry-waiting windows replaced by a newer window of the same camera. */
  stale: number;
  dropped_breaker_open: number;
  skipped_no_hazards: number;
  /** Work dropped or aborted by stop(). */
  cancelled: number;
  /** Callbacks that threw. */
  callback_errors: number;
}

export interface SchedulerStats {
  counters: SchedulerCounters;
  pending: number;
  inFlight: number;
  retryWaiting: number;
}

export interface ModelSchedulerOptions<T, R> {
  clock: Clock;
  settings?: SchedulerSettingsInput;
  /** The model call. It must stop soon after `signal` aborts (timeout, stop). */
  run(job: ModelJob<T>, signal: AbortSignal): Promise<R>;
  /** Whether any rule asks the model about this camera now (rules can be scheduled or reloaded). */
  hasActiveQuestions(cameraId: string, now: number): boolean;
  onResult?(cameraId: string, job: ModelJob<T>, result: R): void;
  onFailure?(cameraId: string, job: ModelJob<T>, error: unknown): void;
  onCall?(record: CallRecord<T>): void;
  onBreakerChange?(from: BreakerState, to: BreakerState, snapshot: BreakerSnapshot): void;
  onCallbackError?(error: unknown): void;
  /** For retry jitter; a test passes a fixed one. */
  random?(): number;
}
