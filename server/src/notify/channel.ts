/**
 * The Channel port: one way alerts leave Vigil (email, a signed webhook, a patrol robot). The dispatcher claims
 * outbox rows, hands each to its channel, and records the result; channels never touch the outbox themselves.
 */

/** One delivery attempt of one outbox row. `id` is the outbox row id: stable across retries, so a receiver can de-duplicate by it. */
export interface Delivery {
  id: string;
  alertId: string;
  /** The notify target as rules write it: "email:ehs", "webhook:ops", "robot:patrol-1". */
  channel: string;
  event: 'alert.opened' | 'alert.updated' | 'alert.resolved' | 'alert.escalated';
  /** `{ type, alert: AlertDto }` as written with the alert; evidence links are added by the dispatcher. */
  payload: Record<string, unknown>;
  /** 1 for the first try. */
  attempt: number;
  /** When the row was written (the event's time). */
  createdAt: number;
}

export type DeliveryResult =
  | { ok: true; detail?: string }
  | {
      ok: false;
      /** In words, free of secrets. */
      error: string;
      /** false: retrying cannot help (a 4xx other than 408/429, a refused address); the row goes dead now. */
      retryable: boolean;
      /** The receiver asked never to be called again (webhook HTTP 410): the endpoint is disabled. */
      disable?: boolean;
    };

export interface Channel {
  /** "email:ehs" … matches Delivery.channel. */
  readonly id: string;
  deliver(delivery: Delivery, signal: AbortSignal): Promise<DeliveryResult>;
  close?(): Promise<void>;
}
