import type { Signal, Window } from '../domain/index.js';
import type { Logger } from '../observability/logger.js';
import { recordStage, type Metrics } from '../observability/metrics.js';
import type { HazardQuestion } from './cosmos/index.js';
import { ReasonerError, type Reasoner, type ReasonerHealth } from './reasoner.js';
import { ModelScheduler, systemClock, type BreakerState, type Clock, type OfferOutcome, type SchedulerCounters, type SchedulerSettingsInput } from './scheduler/index.js';
import type { WindowAnalysis, WindowAnalyzer } from './window-analyzer.js';

/** What the model is asked on one camera now; null when no hazard rule covers it. */
export interface CameraQuestions {
  camera: { id: string; name: string };
  hazards: HazardQuestion[];
}

export interface ReasoningStageOptions {
  reasoner: Reasoner;
  analyzer: WindowAnalyzer;
  scheduler: SchedulerSettingsInput;
  questionsFor(cameraId: string, now: number): CameraQuestions | null;
  /** The observations of one window, as hazard signals for the rule evaluator. */
  onSignals(signals: Signal[]): void;
  logger: Logger;
  metrics: Metrics;
  clock?: Clock;
  /** How often the reasoner is probed for /healthz. */
  probeEveryMs?: number;
}

/** One window's outcome, for the window log (API and dashboard). */
export interface WindowLogEntry {
  cameraId: string;
  windowEnd: number;
  reason: 'gate' | 'heartbeat';
  at: number;
  outcome: 'ok' | 'unreadable' | 'failed';
  hazards: { hazard: string; present: boolean; confidence: number }[];
  error: string | null;
  modelMs: number | null;
  visionTokens: number | null;
}

export interface ReasoningHealth extends ReasonerHealth {
  breaker: BreakerState;
  counters: SchedulerCounters;
}

const WINDOW_LOG_SIZE = 100;

/**
 * Hazard reasoning for the whole fleet: windows the gate passed (and a heartbeat window per camera) go to the
 * model through one scheduler; what it saw comes back as hazard signals. Never blocks ingest: offering a window
 * is synchronous and cheap, and everything slow happens in the scheduler's own time.
 */
export class ReasoningStage {
  readonly #scheduler: ModelScheduler<Window, WindowAnalysis>;
  readonly #log: WindowLogEntry[] = [];
  #health: ReasonerHealth;
  #probeTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ReasoningStageOptions) {
    const { reasoner, metrics, logger } = options;
    this.#health = { backend: reasoner.backend, modelId: reasoner.modelId, state: 'loading', detail: 'not checked yet', checkedAt: 0 };
    this.#scheduler = new ModelScheduler<Window, WindowAnalysis>({
      clock: options.clock ?? systemClock,
      settings: options.scheduler,
      hasActiveQuestions: (cameraId, now) => (options.questionsFor(cameraId, now)?.hazards.length ?? 0) > 0,
      run: async (job, signal) => {
        const questions = options.questionsFor(job.cameraId, Date.now());
        if (!questions || questions.hazards.length === 0) throw new Error(`no hazard questions for ${job.cameraId} any more`);
        return options.analyzer.analyze({ camera: questions.camera, window: job.payload, hazards: questions.hazards }, signal);
      },
      onResult: (_cameraId, job, analysis) => this.#onAnalysis(job.reason, analysis),
      onFailure: (cameraId, job, error) => {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof ReasonerError && (error.kind === 'unreachable' || error.kind === 'timeout')) {
          this.#setHealth({ ...this.#health, state: 'unreachable', detail: message, checkedAt: Date.now() });
        }
        logger.warn({ camera: cameraId, windowEnd: job.windowEnd, err: message }, 'model call failed; window skipped');
        this.#remember({ cameraId, windowEnd: job.windowEnd, reason: job.reason, at: Date.now(), outcome: 'failed', hazards: [], error: message, modelMs: null, visionTokens: null });
      },
      onCall: (record) => {
        // A call that came back is the best probe there is.
        if (record.outcome === 'ok') this.#setHealth({ ...this.#health, state: 'ok', checkedAt: Date.now() }, true);
        metrics.modelCalls.inc({ outcome: record.outcome });
        metrics.modelCallSeconds.observe({ outcome: record.outcome }, record.latencyMs / 1000);
      },
      onBreakerChange: (from, to) => {
        metrics.modelBreakerOpen.set(to === 'closed' ? 0 : 1);
        logger.warn({ from, to }, to === 'open' ? 'model keeps failing; pausing model calls' : `model circuit ${to}`);
      },
      onCallbackError: (error) => logger.error({ err: error }, 'reasoning callback failed'),
    });
  }

  start(): void {
    const probe = () => void this.options.reasoner.probe().then((health) => this.#setHealth(health));
    probe();
    this.#probeTimer = setInterval(probe, this.options.probeEveryMs ?? 30_000);
    this.#probeTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.#probeTimer) clearInterval(this.#probeTimer);
    this.#probeTimer = null;
    await this.#scheduler.stop();
    await this.options.reasoner.close();
  }

  /** A window closed on a camera; `gated` when the pixel gate found it worth a look. */
  offer(window: Window, gated: boolean): OfferOutcome {
    if (window.frames.length === 0) return 'not_due';
    const outcome = this.#scheduler.offer({ cameraId: window.cameraId, windowEnd: window.end, gated, payload: window });
    this.options.metrics.modelWindows.inc({ outcome });
    return outcome;
  }

  health(): ReasoningHealth {
    return { ...this.#health, breaker: this.#scheduler.breakerState().state, counters: this.#scheduler.stats().counters };
  }

  /** The latest windows that went to the model, newest first. */
  windowLog(): WindowLogEntry[] {
    return [...this.#log].reverse();
  }

  #onAnalysis(reason: 'gate' | 'heartbeat', analysis: WindowAnalysis): void {
    const { metrics, logger } = this.options;
    recordStage(metrics, 'prompt', analysis.timings.prepareMs);
    recordStage(metrics, 'parse', analysis.timings.parseMs);
    recordStage(metrics, 'model', analysis.timings.modelMs);
    metrics.visionTokens.observe(analysis.visionTokens);
    const entry: WindowLogEntry = {
      cameraId: analysis.cameraId,
      windowEnd: analysis.windowEnd,
      reason,
      at: Date.now(),
      outcome: analysis.ok ? 'ok' : 'unreadable',
      hazards: analysis.observations.map((o) => ({ hazard: o.hazard, present: o.present, confidence: o.confidence })),
      error: analysis.error,
      modelMs: Math.round(analysis.timings.modelMs),
      visionTokens: analysis.visionTokens,
    };
    this.#remember(entry);
    if (!analysis.ok) {
      metrics.modelRepliesUnreadable.inc();
      logger.warn({ camera: analysis.cameraId, windowEnd: analysis.windowEnd, error: analysis.error, reply: analysis.reply.content.slice(0, 500) }, 'model reply unreadable; no hazard judged for this window');
      return;
    }
    if (analysis.missing.length > 0 || analysis.problems.length > 0) {
      logger.debug({ camera: analysis.cameraId, missing: analysis.missing, problems: analysis.problems }, 'model reply mended');
    }
    const signals: Signal[] = analysis.observations.map((observation) => ({ kind: 'hazard', cameraId: observation.cameraId, ts: observation.ts, observation }));
    if (signals.length > 0) this.options.onSignals(signals);
  }

  #setHealth(health: ReasonerHealth, clearDetail = false): void {
    const { detail: _dropped, ...rest } = health;
    this.#health = clearDetail ? rest : health;
    this.options.metrics.reasonerUp.set(health.state === 'ok' ? 1 : health.state === 'loading' ? 0.5 : 0);
  }

  #remember(entry: WindowLogEntry): void {
    this.#log.push(entry);
    if (this.#log.length > WINDOW_LOG_SIZE) this.#log.shift();
  }
}
