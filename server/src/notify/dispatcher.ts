import type { Evidence } from '../domain/index.js';
import type { Logger } from '../observability/logger.js';
import type { EvidenceRepository, OutboxItem, OutboxRepository } from '../store/ports.js';
import type { Channel, Delivery, DeliveryResult } from './channel.js';
import { deadline } from './deadline.js';
import { channelMap } from './channel-registry.js';
import type { DeliveryMetrics, DeliveryOutcome } from './delivery-metrics.js';
import { withEvidenceLinks } from './delivery-payload.js';
import { retryDelayMs, STANDARD_WEBHOOKS_SCHEDULE_MS } from './retry-schedule.js';

export interface DispatcherOptions {
  outbox: OutboxRepository;
  channels: Iterable<Channel> | ReadonlyMap<string, Channel>;
  logger: Logger;
  /** Current evidence for the links in each payload; without it payloads go out as written, plus `links.alert`. */
  evidence?: Pick<EvidenceRepository, 'forAlerts'>;
  /** site.publicUrl: makes links absolute. */
  publicUrl?: string;
  metrics?: DeliveryMetrics;
  /** Waits before each try (index 0: the first); the Standard Webhooks schedule by default. */
  schedule?: readonly number[];
  random?: () => number;
  now?: () => number;
  /** How often due rows (retries) are looked for when nothing wakes the dispatcher (5 s); new rows wake it at once. */
  pollMs?: number;
  /** Rows claimed and delivered together (8). */
  batchSize?: number;
  /** One try is abandoned after this long (15 s). */
  timeoutMs?: number;
}

const DEFAULTS = { pollMs: 5000, batchSize: 8, timeoutMs: 15_000 };

/** What became of one try, before it is written down. */
interface Outcome {
  ok: boolean;
  error: string | null;
  /** When to try again; null: never (delivered, or dead). */
  retryAt: number | null;
  disable?: string;
}

/**
 * Delivers outbox rows through their channels: claims due rows, tries each once with a timeout, records the
 * attempt, and marks the row delivered, due again later (the retry schedule, jittered), or dead. Rows left
 * mid-delivery by a crash are claimed again on start: delivery is at least once, and the delivery id (the row
 * id) lets receivers drop repeats.
 */
export class OutboxDispatcher {
  readonly #channels: Map<string, Channel>;
  readonly #opts: DispatcherOptions & typeof DEFAULTS;
  readonly #stopping = new AbortController();
  readonly #inFlight = new Set<Promise<void>>();
  #loop: Promise<void> | null = null;
  #wakeUp: (() => void) | null = null;
  #wakeRequested = false;

  constructor(options: DispatcherOptions) {
    this.#opts = { ...DEFAULTS, ...options };
    this.#channels = channelMap(options.channels);
  }

  /** Returns rows a previous process left mid-delivery to the queue, then starts polling. */
  async start(): Promise<void> {
    if (this.#loop) return;
    const requeued = await this.#opts.outbox.requeueInterrupted(this.#now());
    if (requeued > 0) this.#opts.logger.warn({ requeued }, 'deliveries interrupted by a stop are tried again');
    this.#loop = this.#run();
  }

  /** Looks for due rows now instead of at the next poll (the alert service just wrote some). */
  wake(): void {
    this.#wakeRequested = true;
    this.#wakeUp?.();
  }

  /** Claims one batch of due rows and delivers it; resolves with how many rows were claimed. */
  async deliverDue(): Promise<number> {
    const claimed = await this.#opts.outbox.claimDue(this.#now(), this.#opts.batchSize);
    if (claimed.length === 0) return 0;
    const [disabled, evidence] = await Promise.all([this.#disabledChannels(), this.#evidenceFor(claimed)]);
    const work = claimed.map((item) => this.#track(this.#deliverOne(item, disabled, evidence.get(item.alertId) ?? [])));
    await Promise.all(work);
    return claimed.length;
  }

  /**
   * Stops claiming, waits up to `deadlineMs` for deliveries in flight, then abandons them: those rows are due
   * again at once and go out on the next start. Does not close the channels.
   */
  async stop(deadlineMs = 10_000): Promise<void> {
    const grace = new AbortController();
    const timer = setTimeout(() => grace.abort(), deadlineMs);
    try {
      this.#signalStop();
      await Promise.race([this.#allSettled(), abortedPromise(grace.signal)]);
      if (grace.signal.aborted) this.#stopping.abort(new Error('Vigil stopped before the delivery finished'));
      await this.#allSettled();
      await this.#loop;
    } finally {
      clearTimeout(timer);
    }
  }

  #stopRequested = false;

  #signalStop(): void {
    this.#stopRequested = true;
    this.#wakeUp?.();
  }

  async #allSettled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #run(): Promise<void> {
    while (!this.#stopRequested) {
      let claimed = 0;
      try {
        claimed = await this.deliverDue();
      } catch (error) {
        this.#opts.logger.error({ err: error }, 'delivering outbox rows failed; trying again shortly');
      }
      if (this.#stopRequested) break;
      if (claimed < this.#opts.batchSize) await this.#sleep(this.#opts.pollMs);
    }
  }

  #sleep(ms: number): Promise<void> {
    if (this.#wakeRequested) {
      this.#wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakeUp = null;
        this.#wakeRequested = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wakeUp = done;
    });
  }

  #track(work: Promise<void>): Promise<void> {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
    return work;
  }

  async #deliverOne(item: OutboxItem, disabled: Map<string, string>, evidence: readonly Evidence[]): Promise<void> {
    const startedAt = this.#now();
    const outcome = await this.#attempt(item, disabled, evidence);
    const finishedAt = this.#now();
    const { outbox, logger, metrics } = this.#opts;
    try {
      await outbox.recordAttempt({
        outboxId: item.id,
        attempt: item.attempts,
        at: startedAt,
        ok: outcome.ok,
        error: outcome.error,
        durationMs: finishedAt - startedAt,
      });
      if (outcome.disable !== undefined) {
        await outbox.disableChannel(item.channel, outcome.disable, finishedAt);
        disabled.set(item.channel, outcome.disable);
      }
      if (outcome.ok) await outbox.markDelivered(item.id, finishedAt);
      else await outbox.markFailed(item.id, outcome.error ?? 'failed', outcome.retryAt);
    } catch (error) {
      // The row stays 'sending' and is tried again after the next start.
      logger.error({ err: error, outboxId: item.id, channel: item.channel }, 'recording a delivery failed');
      return;
    }
    const result: DeliveryOutcome = outcome.ok ? 'delivered' : outcome.retryAt === null ? 'dead' : 'retry';
    metrics?.delivered(item.channel, result);
    const log = { outboxId: item.id, alertId: item.alertId, channel: item.channel, event: item.event, attempt: item.attempts };
    if (result === 'delivered') logger.info(log, 'delivered');
    else if (result === 'retry') logger.warn({ ...log, error: outcome.error, retryAt: new Date(outcome.retryAt!).toISOString() }, 'delivery failed; will try again');
    else logger.error({ ...log, error: outcome.error }, 'delivery failed for good');
  }

  async #attempt(item: OutboxItem, disabled: Map<string, string>, evidence: readonly Evidence[]): Promise<Outcome> {
    const reason = disabled.get(item.channel);
    if (reason !== undefined) return { ok: false, error: `channel ${item.channel} is disabled: ${reason}`, retryAt: null };
    const channel = this.#channels.get(item.channel);
    if (!channel) return { ok: false, error: `no channel ${item.channel} is configured`, retryAt: null };
    const delivery: Delivery = {
      id: item.id,
      alertId: item.alertId,
      channel: item.channel,
      event: item.event,
      payload: withEvidenceLinks(item.payload, item.alertId, evidence, this.#opts.publicUrl),
      attempt: item.attempts,
      createdAt: item.createdAt,
    };
    const limit = deadline(this.#opts.timeoutMs, this.#stopping.signal);
    const result = await deliverWithin(channel, delivery, limit.signal, this.#opts.timeoutMs).finally(limit.clear);
    if (result.ok) return { ok: true, error: null, retryAt: null };
    if (this.#stopping.signal.aborted) return { ok: false, error: result.error, retryAt: this.#now() };
    if (result.disable) return { ok: false, error: result.error, retryAt: null, disable: result.error };
    const wait = result.retryable ? retryDelayMs(item.attempts, this.#opts.schedule ?? STANDARD_WEBHOOKS_SCHEDULE_MS, this.#opts.random) : null;
    return { ok: false, error: result.error, retryAt: wait === null ? null : this.#now() + wait };
  }

  async #disabledChannels(): Promise<Map<string, string>> {
    const rows = await this.#opts.outbox.disabledChannels();
    return new Map(rows.map((row) => [row.channel, row.reason]));
  }

  async #evidenceFor(items: readonly OutboxItem[]): Promise<Map<string, Evidence[]>> {
    if (!this.#opts.evidence) return new Map();
    try {
      return await this.#opts.evidence.forAlerts([...new Set(items.map((item) => item.alertId))]);
    } catch (error) {
      this.#opts.logger.warn({ err: error }, 'evidence for delivery links could not be read; sending without them');
      return new Map();
    }
  }

  #now(): number {
    return (this.#opts.now ?? Date.now)();
  }
}

/** The channel's answer, or a retryable failure when it throws or outlives the signal (even if it ignores it). */
async function deliverWithin(channel: Channel, delivery: Delivery, signal: AbortSignal, timeoutMs: number): Promise<DeliveryResult> {
  const aborted = abortedPromise(signal).then((): DeliveryResult => {
    const reason = signal.reason as unknown;
    const timedOut = reason instanceof DOMException && reason.name === 'TimeoutError';
    const error = timedOut ? `no answer within ${timeoutMs} ms` : reason instanceof Error ? reason.message : 'aborted';
    return { ok: false, error, retryable: true };
  });
  const attempt = (async (): Promise<DeliveryResult> => {
    try {
      return await channel.deliver(delivery, signal);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error), retryable: true };
    }
  })();
  return Promise.race([attempt, aborted]);
}

function abortedPromise(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
