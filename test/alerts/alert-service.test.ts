import { afterEach, describe, expect, it } from 'vitest';
import { AlertService, type EvidenceCapture } from '../../server/src/alerts/alert-service.js';
import type { RuleHit } from '../../server/src/domain/index.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import type { AlertRepository, AlertWithHistory } from '../../server/src/store/ports.js';
import { freshStore, storeTargets } from '../store/store-targets.js';

const hit = (phase: RuleHit['phase'], ts: number): RuleHit => ({
  phase,
  ruleId: 'cell-intrusion',
  ruleName: 'Person in robot cell',
  severity: 'critical',
  cameraId: 'cell-3',
  zoneId: 'robot-cell',
  ts,
  since: ts - 2000,
  value: 0.12,
  summary: 'Motion in Robot cell (12% of zone) for 2 s',
  notify: ['dashboard', 'webhook:ops'],
});

/** The camera has no frames and no recording: evidence is simply absent. */
const noEvidence: EvidenceCapture = {
  snapshot: async () => null,
  clip: async () => Promise.reject(new Error('no recording')),
};

/** The real repository, with the first `failures` writes of `method` failing as a dropped connection would. */
function flaky(repository: AlertRepository, method: 'open' | 'clear', failures: number): AlertRepository {
  let left = failures;
  return new Proxy(repository, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property !== method || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        if (left-- > 0) return Promise.reject(new Error('connection terminated unexpectedly'));
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}

describe.each(storeTargets)('AlertService against the real store ($name)', (target) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => dispose?.());

  it('keeps trying a failed write, so a database blip loses no alert', async () => {
    const fresh = await freshStore(target);
    dispose = fresh.dispose;
    const service = new AlertService({ alerts: flaky(fresh.store.alerts, 'open', 2), evidence: noEvidence, logger: silentLogger() });
    const opened: AlertWithHistory[] = [];
    service.events.on('alert:new', (a) => opened.push(a));

    await service.handle(hit('onset', Date.UTC(2026, 0, 1, 8)));
    expect(opened).toHaveLength(1);
    const stored = await fresh.store.alerts.get(opened[0]!.alert.id);
    expect(stored?.alert).toMatchObject({ ruleId: 'cell-intrusion', cameraId: 'cell-3', status: 'open' });
    expect(stored?.events.map((e) => e.action)).toEqual(['opened']);
  }, 20_000);

  it('opens one alert per condition, updates it, and resolves it when the condition clears', async () => {
    const fresh = await freshStore(target);
    dispose = fresh.dispose;
    const service = new AlertService({ alerts: flaky(fresh.store.alerts, 'clear', 1), evidence: noEvidence, logger: silentLogger() });
    const t0 = Date.UTC(2026, 0, 1, 8);
    await Promise.all([service.handle(hit('onset', t0)), service.handle(hit('onset', t0 + 10)), service.handle(hit('update', t0 + 5000))]);
    await service.handle(hit('clear', t0 + 9000));
    await service.drain();

    const page = await fresh.store.alerts.list({}, { limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ status: 'resolved', lastSeenAt: t0 + 5000, endedAt: t0 + 9000 });
    expect(service.activeCount()).toBe(0);
  }, 20_000);
});
