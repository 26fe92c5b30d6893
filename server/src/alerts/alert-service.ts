import { randomUUID } from 'node:crypto';
import { TypedEvents, type Alert, type RuleHit } from '../domain/index.js';
import type { Logger } from '../observability/logger.js';
import { SYSTEM_ACTOR } from '../store/alert.repository.js';
import { planTransition, statusAfterClear } from '../store/alert-transitions.js';
import type { AlertRepository, AlertWithHistory, EvidenceInput, TransitionInput } from '../store/ports.js';
import { outboxRowsFor } from './outbox-rows.js';
import { retry } from './retry.js';

/** How the alert service gets evidence; the pipeline implements it over ingest and evidence/. */
export interface EvidenceCapture {
  /** The frame that triggered the hit, stored as a JPEG; null when the camera has no frame yet. */
  snapshot(alertId: string, cameraId: string, ts: number): Promise<EvidenceInput | null>;
  /** Resolves once the post-roll is on disk and the clip is cut. */
  clip(alertId: string, cameraId: string, onsetTs: number): Promise<EvidenceInput>;
}

export type AlertEventMap = {
  'alert:new': (alert: AlertWithHistory) => void;
  'alert:updated': (alert: AlertWithHistory) => void;
};

/**
 * Turns rule hits into stored alerts: onset opens one (with its snapshot, at once), the clip follows when its
 * post-roll is on disk, updates refresh it, a clear ends it. Work for one (rule, camera) runs in order.
 */
export class AlertService {
  readonly events = new TypedEvents<AlertEventMap>();
  readonly #active = new Map<string, string>();
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #pendingClips = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: {
      alerts: AlertRepository;
      evidence: EvidenceCapture;
      logger: Logger;
      onOpened?: (alert: Alert) => void;
    },
  ) {}

  /** Continue alerts that were active before a restart instead of opening duplicates. */
  async resume(): Promise<Alert[]> {
    const active = await this.deps.alerts.listActive();
    for (const alert of active) this.#active.set(keyOf(alert.ruleId, alert.cameraId), alert.id);
    return active;
  }

  /** Ends active alerts whose rule no longer exists or no longer covers their camera. */
  async endWithoutRule(entries: readonly { ruleId: string; cameraId: string }[], at: number): Promise<void> {
    for (const { ruleId, cameraId } of entries) {
      const key = keyOf(ruleId, cameraId);
      const alertId = this.#active.get(key);
      if (!alertId) continue;
      this.#active.delete(key);
      await this.#end(alertId, at);
    }
  }

  handle(hit: RuleHit): Promise<void> {
    const key = keyOf(hit.ruleId, hit.cameraId);
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.#apply(key, hit))
      .catch((error: unknown) => this.deps.logger.error({ err: error, ruleId: hit.ruleId, cameraId: hit.cameraId, phase: hit.phase }, 'alert update failed'));
    this.#queues.set(key, next);
    void next.finally(() => {
      if (this.#queues.get(key) === next) this.#queues.delete(key);
    });
    return next;
  }

  async act(input: TransitionInput): Promise<AlertWithHistory> {
    const current = await this.deps.alerts.get(input.alertId);
    // A refused transition owes nothing; the repository refuses it with a conflict.
    const plan = current ? planTransition(current.alert.status, input.action) : null;
    const outbox =
      current && plan
        ? outboxRowsFor({ ...current.alert, status: plan.toStatus }, plan.toStatus === 'acknowledged' ? 'alert.updated' : 'alert.resolved')
        : [];
    const result = await this.deps.alerts.transition(input, outbox);
    this.events.emit('alert:updated', result);
    return result;
  }

  activeCount(): number {
    return this.#active.size;
  }

  /** Waits for queued hits and clips in flight, e.g. before shutdown. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#queues.values()]);
    await Promise.allSettled([...this.#pendingClips]);
  }

  async #apply(key: string, hit: RuleHit): Promise<void> {
    const alertId = this.#active.get(key);
    if (hit.phase === 'onset') {
      if (alertId) return this.#touch(alertId, hit);
      return this.#open(key, hit);
    }
    if (!alertId) return;
    if (hit.phase === 'update') return this.#touch(alertId, hit);
    this.#active.delete(key);
    await this.#end(alertId, hit.ts);
  }

  /** The condition is over (it cleared, or its rule is gone): the alert ends and those notified hear of it. */
  async #end(alertId: string, at: number): Promise<void> {
    const current = await this.#stored('clear', () => this.deps.alerts.get(alertId));
    const outbox = current
      ? outboxRowsFor({ ...current.alert, endedAt: at, status: statusAfterClear(current.alert.status) }, 'alert.resolved')
      : [];
    const ended = await this.#stored('clear', () => this.deps.alerts.clear(alertId, at, SYSTEM_ACTOR, outbox));
    this.events.emit('alert:updated', ended);
  }

  #stored<T>(what: string, write: () => Promise<T>): Promise<T> {
    return retry(write, STORE_RETRY_MS, (error, attempt) =>
      this.deps.logger.warn({ err: error, attempt }, `storing the alert (${what}) failed; trying again`),
    );
  }

  async #open(key: string, hit: RuleHit): Promise<void> {
    const alert: Alert = {
      id: randomUUID(),
      ruleId: hit.ruleId,
      ruleName: hit.ruleName,
      cameraId: hit.cameraId,
      zoneId: hit.zoneId,
      severity: hit.severity,
      status: 'open',
      summary: hit.summary,
      startedAt: hit.ts,
      lastSeenAt: hit.ts,
      endedAt: null,
      peakValue: hit.value,
      boxes: hit.boxes ?? [],
      observation: hit.observation ?? null,
      details: { since: hit.since },
      notify: hit.notify,
    };
    const snapshot = await this.deps.evidence.snapshot(alert.id, hit.cameraId, hit.ts).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, alertId: alert.id }, 'snapshot failed; the alert goes out without it');
      return null;
    });
    const opened = await this.#stored('open', () =>
      this.deps.alerts.open({ alert, evidence: snapshot ? [snapshot] : [], outbox: outboxRowsFor(alert, 'alert.opened'), actor: SYSTEM_ACTOR }),
    );
    this.#active.set(key, alert.id);
    this.deps.onOpened?.(opened.alert);
    this.events.emit('alert:new', opened);
    this.#cutClipLater(alert.id, hit.cameraId, hit.ts);
  }

  async #touch(alertId: string, hit: RuleHit): Promise<void> {
    const updated = await this.#stored('update', () => this.deps.alerts.touch(alertId, {
      lastSeenAt: hit.ts,
      peakValue: hit.value,
      ...(hit.boxes ? { boxes: hit.boxes } : {}),
      ...(hit.observation ? { observation: hit.observation } : {}),
    }));
    const full = await this.#stored('update', () => this.deps.alerts.get(updated.id));
    if (full) this.events.emit('alert:updated', full);
  }

  #cutClipLater(alertId: string, cameraId: string, onsetTs: number): void {
    const work = this.deps.evidence
      .clip(alertId, cameraId, onsetTs)
      .then((clip) => this.#stored('clip', () => this.deps.alerts.addEvidence(alertId, clip, Date.now())))
      .then((withClip) => this.events.emit('alert:updated', withClip))
      .catch((error: unknown) => this.deps.logger.warn({ err: error, alertId, cameraId }, 'evidence clip could not be cut'));
    this.#pendingClips.add(work);
    void work.finally(() => this.#pendingClips.delete(work));
  }
}

const keyOf = (ruleId: string, cameraId: string) => `${ruleId}\u0000${cameraId}`;

/** A store write that fails is tried again over about half a minute before the change is given up. */
const STORE_RETRY_MS = [250, 500, 1000, 2000, 4000, 8000, 15000];
