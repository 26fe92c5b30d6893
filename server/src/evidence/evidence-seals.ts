import { posix } from 'node:path';
import { notFound, type Evidence } from '../domain/index.js';
import type { AlertRepository, AlertWithHistory, EvidenceInput } from '../store/ports.js';
import type { EvidenceKeys } from './evidence-keys.adapter.js';
import type { Alert } from '../domain/index.js';

export type WriteManifest = (input: { alert: Alert; evidence: readonly Evidence[]; keys: EvidenceKeys; now: number }) => Promise<EvidenceInput>;

/** The newest manifest of an alert's evidence rows; undefined when it has none. */
export function latestManifest(evidence: readonly Evidence[]): Evidence | undefined {
  return evidence
    .filter((row) => row.kind === 'manifest')
    .reduce<Evidence | undefined>((best, row) => (!best || row.createdAt > best.createdAt || (row.createdAt === best.createdAt && row.path > best.path) ? row : best), undefined);
}

/** Whether the newest manifest was written after every other evidence file was recorded. */
export function manifestIsCurrent(evidence: readonly Evidence[]): boolean {
  const manifest = latestManifest(evidence);
  if (!manifest) return false;
  return evidence.every((row) => row.kind === 'manifest' || row.createdAt <= manifest.createdAt);
}

/**
 * Signed manifests of alerts' evidence: one is written when evidence is added (the clip, robot frames) and on
 * demand (an export). Writes for one alert run one at a time; a newer manifest supersedes, never replaces, an older.
 */
export class EvidenceSeals {
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: {
      alerts: Pick<AlertRepository, 'get' | 'addEvidence'>;
      keys: () => Promise<EvidenceKeys>;
      write: WriteManifest;
      now?: () => number;
    },
  ) {}

  /** Writes a manifest of the alert's evidence as it is now and records it. */
  seal(alertId: string): Promise<AlertWithHistory> {
    return this.#serial(alertId, () => this.#seal(alertId));
  }

  /** The alert with a manifest that lists all its evidence, writing one where the newest does not. */
  current(alertId: string): Promise<{ history: AlertWithHistory; manifest: Evidence }> {
    return this.#serial(alertId, async () => {
      let history = await this.deps.alerts.get(alertId);
      if (!history) throw notFound('alert', alertId);
      if (!manifestIsCurrent(history.evidence)) history = await this.#write(history);
      return { history, manifest: latestManifest(history.evidence)! };
    });
  }

  async #seal(alertId: string): Promise<AlertWithHistory> {
    const history = await this.deps.alerts.get(alertId);
    if (!history) throw notFound('alert', alertId);
    return this.#write(history);
  }

  async #write(history: AlertWithHistory): Promise<AlertWithHistory> {
    const alertId = history.alert.id;
    let now = (this.deps.now ?? Date.now)();
    // Two manifests never share a name (the file is named by its time).
    const last = latestManifest(history.evidence);
    if (last && posix.basename(last.path) === `manifest-${now}.json`) now += 1;
    const input = await this.deps.write({ alert: history.alert, evidence: history.evidence, keys: await this.deps.keys(), now });
    return this.deps.alerts.addEvidence(alertId, input, now);
  }

  #serial<T>(alertId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(alertId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.#queues.set(alertId, settled);
    void settled.then(() => {
      if (this.#queues.get(alertId) === settled) this.#queues.delete(alertId);
    });
    return next;
  }
}
