import { max, percentile } from './stats.js';

/** When each client received one `alert:new`: epoch ms per client index, null where it never arrived. */
export interface AlertArrivals {
  alertId: string;
  /** The alert's own onset (`startedAt`), epoch ms. */
  startedAtMs: number;
  arrivalsMs: ReadonlyArray<number | null>;
}

export interface FanoutDelays {
  alerts: number;
  /** (client, alert) pairs expected: alerts × clients. */
  pairs: number;
  /** Pairs where the client never received the alert. */
  missed: number;
  /** Per received pair: arrival minus the first arrival of the same alert at any client. */
  fromFirstMs: number[];
  /** Per received pair: arrival minus the alert's startedAt (onset, not emit time). */
  fromOnsetMs: number[];
  /** Per alert: last arrival minus first arrival. */
  spreadMs: number[];
}

/**
 * Fan-out delays over every (client, alert) pair. The reference of an alert is its earliest arrival at any client:
 * the server writes one encoded packet to every socket in one loop, so the first client to read it marks (within
 * the client's own read) when the broadcast left.
 */
export function fanoutDelays(alerts: readonly AlertArrivals[]): FanoutDelays {
  const result: FanoutDelays = { alerts: alerts.length, pairs: 0, missed: 0, fromFirstMs: [], fromOnsetMs: [], spreadMs: [] };
  for (const alert of alerts) {
    result.pairs += alert.arrivalsMs.length;
    const received = alert.arrivalsMs.filter((t): t is number => t !== null);
    result.missed += alert.arrivalsMs.length - received.length;
    if (received.length === 0) continue;
    const first = Math.min(...received);
    for (const t of received) {
      result.fromFirstMs.push(t - first);
      result.fromOnsetMs.push(t - alert.startedAtMs);
    }
    result.spreadMs.push(Math.max(...received) - first);
  }
  return result;
}

export interface TailSummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function tailSummary(values: readonly number[]): TailSummary {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), max: max(values) };
}
