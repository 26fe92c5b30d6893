import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Channel, Delivery, DeliveryResult } from '../../server/src/notify/channel.js';

/** What the receiver got: one entry per request, in arrival order. */
export interface Received {
  deliveryId: string;
  attempt: number;
  body: Record<string, unknown>;
}

/**
 * A real HTTP receiver on 127.0.0.1. `answer` picks the status for each request (by how often that delivery id
 * was seen before); `holdMs` keeps requests waiting before answering.
 */
export class TestReceiver {
  readonly received: Received[] = [];
  #server: Server | null = null;
  url = '';

  constructor(private readonly answer: (deliveryId: string, seenBefore: number) => number = () => 200, private readonly holdMs = 0) {}

  async start(): Promise<this> {
    this.#server = createServer((request, response) => {
      void readBody(request).then((text) => {
        const deliveryId = String(request.headers['webhook-id'] ?? '');
        const seenBefore = this.received.filter((r) => r.deliveryId === deliveryId).length;
        this.received.push({ deliveryId, attempt: Number(request.headers['x-attempt']), body: JSON.parse(text) as Record<string, unknown> });
        const status = this.answer(deliveryId, seenBefore);
        setTimeout(() => response.writeHead(status).end(), this.holdMs);
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
    return this;
  }

  idsSeen(): Set<string> {
    return new Set(this.received.map((r) => r.deliveryId));
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

/**
 * A minimal POST-JSON channel for tests (not Vigil's webhook channel): 2xx delivered, 410 disables, other 4xx
 * are final, 5xx and network errors are retried.
 */
export class HttpTestChannel implements Channel {
  constructor(readonly id: string, private readonly url: () => string) {}

  async deliver(delivery: Delivery, signal: AbortSignal): Promise<DeliveryResult> {
    let response: Response;
    try {
      response = await fetch(this.url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': delivery.id, 'x-attempt': String(delivery.attempt) },
        body: JSON.stringify({ event: delivery.event, payload: delivery.payload }),
        signal,
      });
    } catch (error) {
      return { ok: false, error: `POST failed: ${(error as Error).message}`, retryable: true };
    }
    await response.body?.cancel();
    if (response.ok) return { ok: true };
    if (response.status === 410) return { ok: false, error: 'receiver answered 410 Gone', retryable: false, disable: true };
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    return { ok: false, error: `receiver answered ${response.status}`, retryable };
  }
}
