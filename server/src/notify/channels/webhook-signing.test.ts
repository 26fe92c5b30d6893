import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseWebhookSecret, signatureHeader, signWebhook, webhookHeaders } from './webhook-signing.js';

// The example published with the Standard Webhooks / Svix verification docs.
const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SPEC_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const SPEC_TIMESTAMP = 1614265330;
const SPEC_BODY = '{"test": 2432232314}';
const SPEC_SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const OTHER_SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

describe('webhook signing', () => {
  it('matches the published example signature', () => {
    expect(signWebhook(parseWebhookSecret(SPEC_SECRET), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)).toBe(SPEC_SIGNATURE);
  });

  it('signs id, timestamp and body: changing any one changes the signature', () => {
    const key = parseWebhookSecret(SPEC_SECRET);
    const variants = [
      signWebhook(key, `${SPEC_ID}x`, SPEC_TIMESTAMP, SPEC_BODY),
      signWebhook(key, SPEC_ID, SPEC_TIMESTAMP + 1, SPEC_BODY),
      signWebhook(key, SPEC_ID, SPEC_TIMESTAMP, `${SPEC_BODY} `),
    ];
    for (const variant of variants) expect(variant).not.toBe(SPEC_SIGNATURE);
  });

  it('signs with every key during a rotation, the current one first, space-separated', () => {
    const keys = [parseWebhookSecret(OTHER_SECRET), parseWebhookSecret(SPEC_SECRET)];
    const header = signatureHeader(keys, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);
    const parts = header.split(' ');
    expect(parts).toHaveLength(2);
    expect(parts[1]).toBe(SPEC_SIGNATURE);
    const expectedFirst = createHmac('sha256', Buffer.alloc(32, 7)).update(`${SPEC_ID}.${SPEC_TIMESTAMP}.${SPEC_BODY}`).digest('base64');
    expect(parts[0]).toBe(`v1,${expectedFirst}`);
  });

  it('builds the three Standard Webhooks headers', () => {
    const headers = webhookHeaders([parseWebhookSecret(SPEC_SECRET)], { id: SPEC_ID, timestampSeconds: SPEC_TIMESTAMP, body: SPEC_BODY });
    expect(headers).toEqual({ 'webhook-id': SPEC_ID, 'webhook-timestamp': String(SPEC_TIMESTAMP), 'webhook-signature': SPEC_SIGNATURE });
  });

  it.each([
    ['no whsec_ prefix', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', /starts with "whsec_"/],
    ['not base64', 'whsec_not*base64!', /not base64/],
    ['too short', `whsec_${Buffer.alloc(8, 1).toString('base64')}`, /24 to 64 bytes; this one holds 8/],
    ['too long', `whsec_${Buffer.alloc(65, 1).toString('base64')}`, /this one holds 65/],
  ])('rejects a secret with %s, without quoting it', (_case, secret, message) => {
    let caught: unknown;
    try {
      parseWebhookSecret(secret);
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain(secret.replace(/^whsec_/, ''));
  });
});
