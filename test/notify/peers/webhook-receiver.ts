import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook receiver as a customer would write one from the Standard Webhooks spec, sharing no code with Vigil:
 * it checks webhook-signature against the secrets it knows and webhook-timestamp against its clock, handles each
 * webhook-id once, and can be told to fail (500), hang past the sender's timeout, answer 410 or redirect. It can
 * also go down (connections refused) and come back on the same port.
 */

export type ReceiverMode = 'ok' | 'fail' | 'hang' | 'gone' | 'redirect';

export interface ProcessedDelivery {
  id: string;
  timestamp: number;
  host: string | undefined;
  body: unknown;
}

const TOLERANCE_SECONDS = 5 * 60;

function keyOf(secret: string): Buffer {
  const prefix = 'whsec_';
  return Buffer.from(secret.startsWith(prefix) ? secret.slice(prefix.length) : secret, 'base64');
}

/** The spec's verification: any `v1,` signature in the header matching any known key, compared in constant time. */
export function verifyStandardWebhook(secrets: readonly string[], headers: IncomingMessage['headers'], rawBody: string, nowSeconds: number): string | null {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return 'missing webhook headers';
  const sentAt = Number(timestamp);
  if (!Number.isInteger(sentAt)) return 'bad timestamp';
  if (Math.abs(nowSeconds - sentAt) > TOLERANCE_SECONDS) return 'stale timestamp';
  const signed = `${id}.${timestamp}.${rawBody}`;
  const expected = secrets.map((secret) => createHmac('sha256', keyOf(secret)).update(signed).digest());
  for (const entry of signatures.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const given = Buffer.from(entry.slice(comma + 1), 'base64');
    if (expected.some((mac) => mac.length === given.length && timingSafeEqual(mac, given))) return null;
  }
  return 'no valid signature';
}

export class WebhookReceiver {
  mode: ReceiverMode = 'ok';
  /** The secrets this receiver knows; change them to play a rotation. */
  secrets: string[];
  /** Handled deliveries, first arrival of each webhook-id. */
  readonly processed = new Map<string, ProcessedDelivery>();
  /** Signed requests whose webhook-id had been handled already. */
  duplicates = 0;
  readonly rejected: string[] = [];
  readonly #server: Server;
  #port = 0;

  private constructor(secrets: string[]) {
    this.secrets = secrets;
    this.#server = createServer((request, response) => void this.#handle(request, response));
  }

  static async start(secrets: string[]): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(secrets);
    await receiver.#listen(0);
    return receiver;
  }

  get port(): number {
    return this.#port;
  }

  url(path = '/hooks/vigil'): string {
    return `http://127.0.0.1:${this.#port}${path}`;
  }

  /** Goes down: stops listening and drops open connections, so new ones are refused. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  /** Comes back on the same port. */
  async restart(): Promise<void> {
    await this.#listen(this.#port);
  }

  async #listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    if (this.mode === 'gone') return void response.writeHead(410).end();
    if (this.mode === 'fail') return void response.writeHead(500).end('busy');
    if (this.mode === 'redirect') return void response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    const problem = verifyStandardWebhook(this.secrets, request.headers, rawBody, Math.floor(Date.now() / 1000));
    if (problem) {
      this.rejected.push(problem);
      return void response.writeHead(401).end(problem);
    }
    const id = request.headers['webhook-id'] as string;
    if (this.processed.has(id)) this.duplicates += 1;
    else this.processed.set(id, { id, timestamp: Number(request.headers['webhook-timestamp']), host: request.headers.host, body: JSON.parse(rawBody) });
    // hang: the work is done but the answer never comes back in time, as when a slow receiver's reply is lost.
    if (this.mode === 'hang') return;
    response.writeHead(204).end();
  }

  async close(): Promise<void> {
    if (this.#server.listening) await this.stop();
  }
}
