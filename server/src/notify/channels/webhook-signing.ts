import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks signing: `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)), where the key is the
 * base64 part of a `whsec_` secret. While a secret is being rotated Vigil signs with both, space-separated, so a
 * receiver that knows either one accepts the message.
 */

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** The spec recommends 24 to 64 random bytes. */
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;

export class WebhookSecretError extends Error {
  override readonly name = 'WebhookSecretError';
}

/** The HMAC key of a `whsec_…` secret. The message never quotes the secret. */
export function parseWebhookSecret(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new WebhookSecretError(`a webhook secret starts with "${SECRET_PREFIX}" followed by base64`);
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) throw new WebhookSecretError(`the part after "${SECRET_PREFIX}" is not base64`);
  const key = Buffer.from(encoded, 'base64');
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
    throw new WebhookSecretError(`a webhook secret holds ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes; this one holds ${key.length}`);
  }
  return key;
}

/** One `v1,<base64>` signature. `timestampSeconds` is the value sent as webhook-timestamp. */
export function signWebhook(key: Buffer, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The webhook-signature value: one signature per key, the current key first. */
export function signatureHeader(keys: readonly Buffer[], id: string, timestampSeconds: number, body: string): string {
  return keys.map((key) => signWebhook(key, id, timestampSeconds, body)).join(' ');
}

export interface WebhookMessage {
  id: string;
  timestampSeconds: number;
  body: string;
}

/** The three Standard Webhooks headers for one attempt. */
export function webhookHeaders(keys: readonly Buffer[], message: WebhookMessage): Record<string, string> {
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestampSeconds),
    'webhook-signature': signatureHeader(keys, message.id, message.timestampSeconds, message.body),
  };
}
