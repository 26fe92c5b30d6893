import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { redactText, redactUrl } from '../../domain/redact.js';
import type { Channel, Delivery, DeliveryResult } from '../channel.js';
import { classifyAddress, refusalReason } from './webhook-address.js';
import { webhookBodyFor } from './webhook-payload.js';
import { deliveryResultFor, type AttemptOutcome } from './webhook-response.js';
import { parseWebhookSecret, webhookHeaders } from './webhook-signing.js';

/** One `channels.webhook` entry of the site config. */
export interface WebhookChannelConfig {
  id: string;
  url: string;
  /** `whsec_` + base64; signs every message. */
  secret: string;
  /** The secret being rotated out; while set, messages carry a signature for it as well. */
  previousSecret?: string;
  /** The receiver may sit on loopback or a private range (on-prem). Link-local and metadata addresses never. */
  allowPrivate: boolean;
}

export interface WebhookChannelOptions {
  /** Per attempt, connection to last byte. Default 10 s. */
  timeoutMs?: number;
  /** Host name → addresses. Default: the system resolver, every address. */
  resolve?: (host: string) => Promise<string[]>;
  /** Loopback without private ranges; for tests against a receiver on 127.0.0.1. */
  allowLoopback?: boolean;
  /** Milliseconds since the epoch, for webhook-timestamp. Default Date.now. */
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Receivers answer with a short acknowledgement; anything beyond this is read no further. */
const MAX_RESPONSE_BYTES = 64 * 1024;
const USER_AGENT = 'Vigil-Webhooks/1';

const systemResolve = async (host: string): Promise<string[]> => (await dnsLookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

type Target = { ok: true; address: string; family: 4 | 6 } | { ok: false; result: DeliveryResult };

/**
 * The webhook channel: signs each delivery per Standard Webhooks and POSTs it to the endpoint. The host is resolved
 * and every address checked before connecting, and the connection goes to the checked address (no second lookup a
 * rebinding DNS server could answer differently); Host and TLS SNI still carry the host name.
 */
export function createWebhookChannel(config: WebhookChannelConfig, options: WebhookChannelOptions = {}): Channel {
  const channelId = `webhook:${config.id}`;
  const secrets = [config.secret, ...(config.previousSecret ? [config.previousSecret] : [])];
  const keys = secrets.map((secret, index) => {
    try {
      return parseWebhookSecret(secret);
    } catch (error) {
      const which = index === 0 ? 'secret' : 'previousSecret';
      throw new Error(`${channelId}: ${which}: ${(error as Error).message}`);
    }
  });
  const scrub = (text: string): string => redactText(text, [...secrets, ...secrets.map((secret) => secret.replace(/^whsec_/, ''))]);
  const url = new URL(config.url);
  const target = scrub(redactUrl(url.href));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const resolve = options.resolve ?? systemResolve;
  const now = options.now ?? Date.now;
  const policy = { allowPrivate: config.allowPrivate, allowLoopback: options.allowLoopback ?? false };

  async function pickAddress(): Promise<Target> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, result: { ok: false, error: `${target}: only http and https endpoints are supported`, retryable: false } };
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      try {
        addresses = await resolve(host);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        return { ok: false, result: { ok: false, error: `could not resolve ${host} for ${target}: ${code}`, retryable: true } };
      }
      if (addresses.length === 0) return { ok: false, result: { ok: false, error: `${host} has no address (${target})`, retryable: true } };
    }
    // Every address must pass: a name that mixes a public address with a forbidden one is refused outright.
    for (const address of addresses) {
      const reason = refusalReason(classifyAddress(address), policy);
      if (reason) return { ok: false, result: { ok: false, error: `refused ${target}: ${host === address ? '' : `${host} resolves to `}${reason}`, retryable: false } };
    }
    const address = addresses[0] as string;
    return { ok: true, address, family: isIP(address) === 6 ? 6 : 4 };
  }

  return {
    id: channelId,
    async deliver(delivery: Delivery, signal: AbortSignal): Promise<DeliveryResult> {
      if (signal.aborted) return deliveryResultFor({ kind: 'aborted' }, target);
      const picked = await pickAddress();
      if (!picked.ok) return picked.result;
      const body = JSON.stringify(webhookBodyFor(delivery));
      const headers = {
        ...webhookHeaders(keys, { id: delivery.id, timestampSeconds: Math.floor(now() / 1000), body }),
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': USER_AGENT,
      };
      const outcome = await post(url, picked, headers, body, signal, timeoutMs);
      const result = deliveryResultFor(outcome, target);
      return result.ok ? result : { ...result, error: scrub(result.error) };
    },
  };
}

function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_host, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function post(url: URL, pinned: { address: string; family: 4 | 6 }, headers: Record<string, string>, body: string, signal: AbortSignal, timeoutMs: number): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    // agent: false: a fresh connection per attempt, so a pooled socket never outlives the address check.
    const request = client.request(url, { method: 'POST', headers, agent: false, lookup: pinnedLookup(pinned.address, pinned.family) });
    let settled = false;
    const finish = (outcome: AttemptOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
      request.destroy();
    };
    const onAbort = (): void => finish({ kind: 'aborted' });
    const timer = setTimeout(() => finish({ kind: 'timeout', afterMs: timeoutMs }), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });

    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const location = typeof response.headers.location === 'string' ? redactUrl(response.headers.location) : undefined;
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) finish({ kind: 'status', status, location });
      });
      response.on('end', () => finish({ kind: 'status', status, location }));
      response.on('error', () => finish({ kind: 'status', status, location }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'network', code: error.code, message: error.message }));
    request.end(body);
  });
}
