import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, DeliveryResult } from '../../server/src/notify/channel.js';
import { createWebhookChannel, type WebhookChannelConfig, type WebhookChannelOptions } from '../../server/src/notify/channels/webhook-channel.adapter.js';
import { WebhookReceiver } from './peers/webhook-receiver.js';
import { CURRENT_SECRET, PREVIOUS_SECRET, sampleDelivery } from './webhook-fixtures.js';

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(secrets: string[]): Promise<WebhookReceiver> {
  const started = await WebhookReceiver.start(secrets);
  receivers.push(started);
  return started;
}

function channel(config: Partial<WebhookChannelConfig> & { url: string }, options: WebhookChannelOptions = {}): Channel {
  return createWebhookChannel({ id: 'ops', secret: CURRENT_SECRET, allowPrivate: false, ...config }, { allowLoopback: true, timeoutMs: 2_000, ...options });
}

const live = (): AbortSignal => new AbortController().signal;

function expectFailure(result: DeliveryResult): Extract<DeliveryResult, { ok: false }> {
  expect(result.ok).toBe(false);
  return result as Extract<DeliveryResult, { ok: false }>;
}

describe('webhook channel against a real receiver', () => {
  it('delivers a body the receiver verifies with its own implementation of the spec', async () => {
    const sink = await receiver([CURRENT_SECRET]);
    const webhook = channel({ url: sink.url() });
    expect(webhook.id).toBe('webhook:ops');

    const result = await webhook.deliver(sampleDelivery('outbox-1', 'alert-9'), live());

    expect(result).toEqual({ ok: true, detail: 'HTTP 204' });
    expect(sink.rejected).toEqual([]);
    const processed = sink.processed.get('outbox-1');
    expect(processed?.body).toMatchObject({ type: 'alert.opened', timestamp: '2026-03-04T08:15:00.000Z', data: { alert: { id: 'alert-9', severity: 'critical' } } });
    expect(Math.abs((processed?.timestamp ?? 0) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('is rejected by the receiver when signed with a secret it does not know, or with a stale timestamp', async () => {
    const sink = await receiver([CURRENT_SECRET]);
    const wrongSecret = channel({ url: sink.url(), secret: PREVIOUS_SECRET });
    const stale = channel({ url: sink.url() }, { now: () => Date.now() - 10 * 60_000 });

    expect(expectFailure(await wrongSecret.deliver(sampleDelivery('outbox-1'), live()))).toMatchObject({ retryable: false, error: expect.stringMatching(/HTTP 401/) });
    expect(expectFailure(await stale.deliver(sampleDelivery('outbox-2'), live()))).toMatchObject({ retryable: false });
    expect(sink.rejected).toEqual(['no valid signature', 'stale timestamp']);
    expect(sink.processed.size).toBe(0);
  });

  it('during a rotation signs with both secrets: a receiver on the old one and then on the new one both accept', async () => {
    const sink = await receiver([PREVIOUS_SECRET]);
    const rotating = channel({ url: sink.url(), secret: CURRENT_SECRET, previousSecret: PREVIOUS_SECRET });

    expect(await rotating.deliver(sampleDelivery('outbox-1'), live())).toMatchObject({ ok: true });
    sink.secrets = [CURRENT_SECRET];
    expect(await rotating.deliver(sampleDelivery('outbox-2'), live())).toMatchObject({ ok: true });

    expect(sink.rejected).toEqual([]);
    expect([...sink.processed.keys()]).toEqual(['outbox-1', 'outbox-2']);
  });

  it('a receiver that is down for a while then returns gets every delivery exactly once by id', async () => {
    const sink = await receiver([CURRENT_SECRET]);
    const webhook = channel({ url: sink.url() }, { timeoutMs: 300 });
    const deliveries = ['outbox-1', 'outbox-2', 'outbox-3', 'outbox-4', 'outbox-5'].map((id) => sampleDelivery(id));
    const unfinished = new Set<string>();
    const attempt = async (delivery: (typeof deliveries)[number]): Promise<void> => {
      const result = await webhook.deliver({ ...delivery, attempt: delivery.attempt + 1 }, live());
      if (result.ok) unfinished.delete(delivery.id);
      else {
        expect(result.retryable).toBe(true);
        unfinished.add(delivery.id);
      }
    };

    // 1 arrives; the receiver goes down for 2 and 3 (refused), fails 4 with a 500, and handles 5 but answers too late.
    await attempt(deliveries[0]!);
    await sink.stop();
    await attempt(deliveries[1]!);
    await attempt(deliveries[2]!);
    await sink.restart();
    sink.mode = 'fail';
    await attempt(deliveries[3]!);
    sink.mode = 'hang';
    await attempt(deliveries[4]!);
    expect([...unfinished].sort()).toEqual(['outbox-2', 'outbox-3', 'outbox-4', 'outbox-5']);

    // Back to normal: the outbox retries everything it has not seen acknowledged, under the same ids.
    sink.mode = 'ok';
    for (const delivery of deliveries.filter((d) => unfinished.has(d.id))) await attempt(delivery);

    expect(unfinished.size).toBe(0);
    expect([...sink.processed.keys()].sort()).toEqual(deliveries.map((d) => d.id));
    expect(sink.duplicates).toBe(1);
    expect(sink.rejected).toEqual([]);
  });

  it('a 410 disables the endpoint', async () => {
    const sink = await receiver([CURRENT_SECRET]);
    sink.mode = 'gone';
    const result = expectFailure(await channel({ url: sink.url() }).deliver(sampleDelivery('outbox-1'), live()));
    expect(result).toMatchObject({ retryable: false, disable: true, error: expect.stringMatching(/HTTP 410/) });
  });

  it('does not follow a redirect', async () => {
    const sink = await receiver([CURRENT_SECRET]);
    sink.mode = 'redirect';
    const result = expectFailure(await channel({ url: sink.url() }).deliver(sampleDelivery('outbox-1'), live()));
    expect(result).toMatchObject({ retryable: false, error: expect.stringMatching(/HTTP 302.*do not follow/) });
  });

  it('keeps secrets out of error messages, including one placed in the URL', async () => {
    const sink = await receiver([CURRENT_SECRET]);
    sink.mode = 'fail';
    const url = sink.url(`/hooks?token=${CURRENT_SECRET}`);
    const result = expectFailure(await channel({ url, previousSecret: PREVIOUS_SECRET }).deliver(sampleDelivery('outbox-1'), live()));
    expect(result.error).toMatch(/HTTP 500/);
    for (const secret of [CURRENT_SECRET, PREVIOUS_SECRET]) {
      expect(result.error).not.toContain(secret);
      expect(result.error).not.toContain(secret.replace(/^whsec_/, ''));
    }
  });

  it('connects to the checked address while sending the host name', async () => {
    const sink = await receiver([CURRENT_SECRET]);
    const asked: string[] = [];
    const webhook = channel(
      { url: `http://hooks.plant.test:${sink.port}/hooks/vigil` },
      { resolve: async (host) => (asked.push(host), ['127.0.0.1']) },
    );
    expect(await webhook.deliver(sampleDelivery('outbox-1'), live())).toMatchObject({ ok: true });
    expect(asked).toEqual(['hooks.plant.test']);
    expect(sink.processed.get('outbox-1')?.host).toBe(`hooks.plant.test:${sink.port}`);
  });

  it('stops an attempt when the dispatcher cancels it', async () => {
    const sink = await receiver([CURRENT_SECRET]);
    sink.mode = 'hang';
    const controller = new AbortController();
    const pending = channel({ url: sink.url() }, { timeoutMs: 60_000 }).deliver(sampleDelivery('outbox-1'), controller.signal);
    setTimeout(() => controller.abort(), 100);
    expect(expectFailure(await pending)).toMatchObject({ retryable: true, error: expect.stringMatching(/cancelled/) });
  });
});

describe('webhook channel address checks', () => {
  const strict = (url: string, resolve?: (host: string) => Promise<string[]>): Channel =>
    createWebhookChannel({ id: 'ops', url, secret: CURRENT_SECRET, allowPrivate: false }, resolve ? { resolve } : {});
  const onPrem = (url: string, resolve?: (host: string) => Promise<string[]>): Channel =>
    createWebhookChannel({ id: 'ops', url, secret: CURRENT_SECRET, allowPrivate: true }, resolve ? { resolve } : {});

  it('refuses the cloud metadata address, even with allowPrivate', async () => {
    for (const webhook of [strict('http://169.254.169.254/latest/meta-data/'), onPrem('http://169.254.169.254/latest/meta-data/')]) {
      const result = expectFailure(await webhook.deliver(sampleDelivery('outbox-1'), live()));
      expect(result).toMatchObject({ retryable: false, error: expect.stringMatching(/169\.254\.169\.254 is link-local 169\.254\.0\.0\/16 \(cloud metadata\)/) });
    }
  });

  it('refuses the metadata address written as an IPv4-mapped IPv6 address', async () => {
    const result = expectFailure(await onPrem('http://[::ffff:169.254.169.254]/').deliver(sampleDelivery('outbox-1'), live()));
    expect(result).toMatchObject({ retryable: false, error: expect.stringMatching(/IPv4-mapped 169\.254\.169\.254: link-local/) });
  });

  it('refuses a host name that resolves to a private address unless allowPrivate', async () => {
    const resolve = async (): Promise<string[]> => ['10.20.30.40'];
    const result = expectFailure(await strict('https://hooks.example.com/vigil', resolve).deliver(sampleDelivery('outbox-1'), live()));
    expect(result).toMatchObject({
      retryable: false,
      error: expect.stringMatching(/hooks\.example\.com resolves to 10\.20\.30\.40 is private 10\.0\.0\.0\/8; set allowPrivate: true/),
    });
  });

  it('refuses a host name when any of its addresses is forbidden', async () => {
    const resolve = async (): Promise<string[]> => ['93.184.215.14', 'fe80::1'];
    const result = expectFailure(await onPrem('https://hooks.example.com/vigil', resolve).deliver(sampleDelivery('outbox-1'), live()));
    expect(result).toMatchObject({ retryable: false, error: expect.stringMatching(/fe80::1 is link-local fe80::\/10/) });
  });

  it('refuses loopback without allowPrivate or the test-only allowLoopback', async () => {
    const sink = await receiver([CURRENT_SECRET]);
    const result = expectFailure(await strict(sink.url()).deliver(sampleDelivery('outbox-1'), live()));
    expect(result).toMatchObject({ retryable: false, error: expect.stringMatching(/127\.0\.0\.1 is loopback/) });
    expect(sink.processed.size).toBe(0);
    expect(await onPrem(sink.url()).deliver(sampleDelivery('outbox-2'), live())).toMatchObject({ ok: true });
  });

  it('retries when the name does not resolve', async () => {
    const resolve = async (): Promise<string[]> => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const result = expectFailure(await strict('https://hooks.example.com/vigil', resolve).deliver(sampleDelivery('outbox-1'), live()));
    expect(result).toMatchObject({ retryable: true, error: expect.stringMatching(/could not resolve hooks\.example\.com.*ENOTFOUND/) });
  });

  it('refuses to start with a malformed secret, without quoting it', () => {
    expect(() => createWebhookChannel({ id: 'ops', url: 'https://hooks.example.com/', secret: 'hunter2-plain', allowPrivate: false })).toThrow(/webhook:ops: secret: a webhook secret starts with "whsec_"/);
    expect(() => createWebhookChannel({ id: 'ops', url: 'https://hooks.example.com/', secret: 'hunter2-plain', allowPrivate: false })).not.toThrow(/hunter2/);
  });
});
