import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDto } from '../../server/src/contracts/alert-dto.js';
import type { Channel, Delivery, DeliveryResult } from '../../server/src/notify/channel.js';
import { createEmailChannel, type EmailChannelOptions } from '../../server/src/notify/channels/email-channel.adapter.js';
import { startSmtpPeer, type SmtpPeer } from './peers/smtp-peer.js';

const FROM = 'Vigil <vigil@plant.example>';
const TO = ['ehs@plant.example', 'shift-lead@plant.example'];

let snapshot: Buffer;
const open: { peer?: SmtpPeer; channel?: Channel }[] = [];

beforeAll(async () => {
  snapshot = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer();
});

afterEach(async () => {
  for (const { peer, channel } of open.splice(0)) {
    await channel?.close?.();
    await peer?.close();
  }
});

function alertDto(overrides: Partial<AlertDto> = {}): AlertDto {
  const id = overrides.id ?? randomUUID();
  return {
    id,
    ruleId: 'cell-intrusion',
    ruleName: 'Person in robot cell',
    cameraId: 'cell-3',
    zoneId: 'robot-cell',
    severity: 'critical',
    status: 'open',
    summary: 'Person in robot cell <fence gate open> for 2s',
    startedAt: '2026-01-15T08:00:00.000Z',
    lastSeenAt: '2026-01-15T08:00:02.000Z',
    endedAt: null,
    peakValue: 0.12,
    boxes: [{ x1: 100, y1: 200, x2: 300, y2: 900, label: 'person' }],
    observation: {
      hazard: 'person inside robot cell',
      confidence: 0.91,
      reason: 'A worker in hi-vis stands inside the fence next to the moving arm.',
      thinking: 'The gate is open and the arm is mid-motion.',
      modelId: 'nvidia/Cosmos-Reason2-2B',
      promptHash: 'p'.repeat(64),
      seenAt: '2026-01-15T08:00:02.000Z',
      span: null,
      frameTimes: ['2026-01-15T08:00:02.000Z'],
    },
    details: {},
    notify: ['email:ehs'],
    evidence: [
      {
        id: 'ev-1',
        kind: 'snapshot',
        url: `/api/alerts/${id}/snapshot.jpg`,
        mime: 'image/jpeg',
        bytes: 1234,
        sha256: 'a'.repeat(64),
        createdAt: '2026-01-15T08:00:03.000Z',
        startTs: null,
        endTs: null,
      },
    ],
    ...overrides,
  };
}

function delivery(alert: AlertDto, event: Delivery['event'] = 'alert.opened', overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: randomUUID(),
    alertId: alert.id,
    channel: 'email:ehs',
    event,
    payload: { type: event, alert },
    attempt: 1,
    createdAt: Date.parse('2026-01-15T08:00:03.000Z'),
    ...overrides,
  };
}

async function setup(
  options: Partial<EmailChannelOptions> = {},
  smtp?: (peer: SmtpPeer) => string,
  peerOptions?: Parameters<typeof startSmtpPeer>[0],
): Promise<{ peer: SmtpPeer; channel: Channel }> {
  const peer = await startSmtpPeer(peerOptions);
  const channel = createEmailChannel(
    { id: 'ehs', smtp: smtp ? smtp(peer) : peer.url(), from: FROM, to: TO },
    {
      siteName: 'Plant North',
      timezone: 'Europe/Berlin',
      publicUrl: 'https://vigil.plant.example',
      cameraName: (id) => (id === 'cell-3' ? 'Robot cell 3' : undefined),
      readSnapshot: async () => snapshot,
      ...options,
    },
  );
  open.push({ peer, channel });
  return { peer, channel };
}

const live = (): AbortSignal => new AbortController().signal;
const header = (mail: { parsed: { headers: Map<string, unknown> } }, name: string): unknown => mail.parsed.headers.get(name);

describe('email channel against a real SMTP server', () => {
  it('sends the alert with subject, both bodies, the inline snapshot and its ids', async () => {
    const { peer, channel } = await setup();
    const alert = alertDto();
    const d = delivery(alert);
    expect(channel.id).toBe('email:ehs');

    const result = await channel.deliver(d, live());
    expect(result.ok).toBe(true);
    const [mail] = await peer.waitForMessages(1);
    const { parsed, envelope } = mail!;

    expect(envelope).toEqual({ from: 'vigil@plant.example', to: TO });
    expect(parsed.subject).toBe('[CRITICAL] Person in robot cell — Robot cell 3 (opened)');
    expect(parsed.messageId).toBe(`<vigil.alert.${alert.id}@plant.example>`);
    expect(parsed.inReplyTo).toBeUndefined();
    expect(header(mail!, 'x-vigil-alert-id')).toBe(alert.id);
    expect(header(mail!, 'x-vigil-delivery-id')).toBe(d.id);
    expect(header(mail!, 'auto-submitted')).toBe('auto-generated');
    expect(parsed.date?.toISOString()).toBe('2026-01-15T08:00:03.000Z');

    expect(parsed.text).toContain('Person in robot cell <fence gate open> for 2s');
    expect(parsed.text).toContain('Camera: Robot cell 3 (cell-3)');
    expect(parsed.text).toContain('Started: 15 Jan 2026, 09:00:00 CET');
    expect(parsed.text).toContain('A worker in hi-vis stands inside the fence next to the moving arm.');
    expect(parsed.text).toContain(`Open and acknowledge: https://vigil.plant.example/alerts/${alert.id}`);

    const html = String(parsed.html);
    expect(html).toContain('Person in robot cell &lt;fence gate open&gt; for 2s');
    expect(html).toContain(`href="https://vigil.plant.example/alerts/${alert.id}"`);

    expect(parsed.attachments).toHaveLength(1);
    const image = parsed.attachments[0]!;
    expect(image.contentType).toBe('image/jpeg');
    expect(image.contentDisposition).toBe('inline');
    expect(Buffer.compare(image.content, snapshot)).toBe(0);
    expect(image.cid).toBeTruthy();
    expect(html).toContain(`<img src="cid:${image.cid}"`);
  });

  it('threads every mail of an alert on the opened one, and a retry is the same message', async () => {
    const { peer, channel } = await setup();
    const alert = alertDto();
    const updated = delivery(alert, 'alert.updated');
    expect((await channel.deliver(delivery(alert, 'alert.opened'), live())).ok).toBe(true);
    expect((await channel.deliver(updated, live())).ok).toBe(true);
    expect((await channel.deliver({ ...updated, attempt: 2 }, live())).ok).toBe(true);
    const resolvedAlert = { ...alert, status: 'resolved' as const, endedAt: '2026-01-15T08:05:00.000Z' };
    expect((await channel.deliver(delivery(resolvedAlert, 'alert.resolved'), live())).ok).toBe(true);

    const [opened, first, retry, resolved] = await peer.waitForMessages(4);
    const root = opened!.parsed.messageId!;
    for (const later of [first!, retry!, resolved!]) {
      expect(later.parsed.inReplyTo).toBe(root);
      expect(later.parsed.references).toBe(root);
    }
    expect(first!.parsed.messageId).toBe(`<vigil.delivery.${updated.id}@plant.example>`);
    expect(retry!.parsed.messageId).toBe(first!.parsed.messageId);
    expect(resolved!.parsed.subject).toBe('[CRITICAL] Person in robot cell — Robot cell 3 (resolved)');
    expect(resolved!.parsed.text).toContain('Ended: 15 Jan 2026, 09:05:00 CET');
  });

  it('goes without link and picture when there is no public address and no snapshot yet', async () => {
    const { peer, channel } = await setup({ publicUrl: undefined, readSnapshot: async () => null });
    expect((await channel.deliver(delivery(alertDto()), live())).ok).toBe(true);
    const [mail] = await peer.waitForMessages(1);
    expect(mail!.parsed.attachments).toHaveLength(0);
    expect(mail!.parsed.text).toContain('set site.publicUrl');
    expect(mail!.parsed.text).toContain('No snapshot is attached.');
    expect(String(mail!.parsed.html)).not.toContain('<img');
    expect(String(mail!.parsed.html)).not.toContain('href=');
  });

  it('sends a snapshot-less mail when the snapshot cannot be read', async () => {
    const { peer, channel } = await setup({ readSnapshot: () => Promise.reject(new Error('EACCES')) });
    expect((await channel.deliver(delivery(alertDto()), live())).ok).toBe(true);
    const [mail] = await peer.waitForMessages(1);
    expect(mail!.parsed.attachments).toHaveLength(0);
  });

  it('turns a flood of 8 into 5 mails and one digest of the other 3, each delivery answered once it went out', async () => {
    const { peer, channel } = await setup({ throttle: { maxPerWindow: 5, windowMs: 500 } });
    const alerts = Array.from({ length: 8 }, (_, i) => alertDto({ ruleName: `Rule ${i + 1}` }));
    const deliveries = alerts.map((a) => delivery(a));
    const mailsWhenAnswered: number[] = [];
    const results = await Promise.all(
      deliveries.map((d) =>
        channel.deliver(d, live()).then((result) => {
          mailsWhenAnswered.push(peer.messages.length);
          return result;
        }),
      ),
    );

    expect(results.every((r) => r.ok)).toBe(true);
    const mails = await peer.waitForMessages(6);
    expect(peer.messages).toHaveLength(6);
    const singles = mails.filter((m) => header(m, 'x-vigil-digest-of') === undefined);
    const digests = mails.filter((m) => header(m, 'x-vigil-digest-of') !== undefined);
    expect(singles.map((m) => header(m, 'x-vigil-alert-id')).sort()).toEqual(alerts.slice(0, 5).map((a) => a.id).sort());
    expect(digests).toHaveLength(1);

    const digest = digests[0]!;
    expect(digest.parsed.subject).toBe('[CRITICAL] 3 more alerts on Plant North');
    expect(header(digest, 'x-vigil-digest-of')).toBe(deliveries.slice(5).map((d) => d.id).join(', '));
    for (const a of alerts.slice(5)) {
      expect(digest.parsed.text).toContain(`[CRITICAL] ${a.ruleName} — Robot cell 3 (opened)`);
      expect(digest.parsed.text).toContain(`https://vigil.plant.example/alerts/${a.id}`);
    }
    for (const a of alerts.slice(0, 5)) expect(digest.parsed.text).not.toContain(a.id);
    // The held three were answered only after the digest had been accepted.
    expect(mailsWhenAnswered.slice(-3)).toEqual([6, 6, 6]);
    const heldDetails = (results.slice(5) as Extract<DeliveryResult, { ok: true }>[]).map((r) => r.detail);
    expect(heldDetails.every((detail) => detail?.includes('digest'))).toBe(true);
  });

  it('drops an aborted delivery from the digest and reports it as retryable', async () => {
    const { peer, channel } = await setup({ throttle: { maxPerWindow: 1, windowMs: 400 } });
    const [a, b, c] = [alertDto({ ruleName: 'First' }), alertDto({ ruleName: 'Second' }), alertDto({ ruleName: 'Third' })];
    const abort = new AbortController();
    const first = channel.deliver(delivery(a), live());
    const second = channel.deliver(delivery(b), live());
    const third = channel.deliver(delivery(c), abort.signal);
    abort.abort();

    expect(await third).toEqual({ ok: false, error: 'delivery aborted while held for the flood digest', retryable: true });
    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(true);
    const [, digest] = await peer.waitForMessages(2);
    expect(digest!.parsed.subject).toBe('[CRITICAL] 1 more alert on Plant North');
    expect(digest!.parsed.text).toContain('Second');
    expect(digest!.parsed.text).not.toContain('Third');
  });

  it('sends what it holds when closed instead of losing it', async () => {
    const { peer, channel } = await setup({ throttle: { maxPerWindow: 1, windowMs: 3_600_000 } });
    const first = channel.deliver(delivery(alertDto()), live());
    const held = channel.deliver(delivery(alertDto({ ruleName: 'Held back' })), live());
    expect((await first).ok).toBe(true);
    await channel.close!();
    expect((await held).ok).toBe(true);
    expect(peer.messages).toHaveLength(2);
    expect(peer.messages[1]!.parsed.text).toContain('Held back');
  });

  it('reports an unreachable server as retryable', async () => {
    const { peer, channel } = await setup();
    await peer.close();
    const result = await channel.deliver(delivery(alertDto()), live());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.retryable).toBe(true);
    expect(result.error).toMatch(/ECONNREFUSED|ECONNECTION|connect/i);
  });

  it('logs in, and reports a refused login as final without the password', async () => {
    const password = 'hunter2-Secret!';
    const good = await setup({}, (peer) => peer.url('vigil', password), { auth: { user: 'vigil', pass: password } });
    expect((await good.channel.deliver(delivery(alertDto()), live())).ok).toBe(true);
    expect(good.peer.logins).toEqual([{ user: 'vigil', pass: password, accepted: true }]);

    const wrong = 'wrong-Passw0rd';
    const bad = await setup({}, (peer) => peer.url('vigil', wrong), { auth: { user: 'vigil', pass: password } });
    const result = await bad.channel.deliver(delivery(alertDto()), live());
    expect(bad.peer.logins).toEqual([{ user: 'vigil', pass: wrong, accepted: false }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.retryable).toBe(false);
    expect(result.error).toContain('535');
    expect(result.error).not.toContain(wrong);
    expect(result.error).not.toContain(encodeURIComponent(wrong));
    expect(result.error).not.toContain(Buffer.from(`\u0000vigil\u0000${wrong}`).toString('base64'));
    expect(bad.peer.messages).toHaveLength(0);
  });

  it('retries a 451 reply and gives up on a 550 reply', async () => {
    const { peer, channel } = await setup();
    peer.rejectNextMessage(451, 'Local error in processing');
    const busy = await channel.deliver(delivery(alertDto()), live());
    expect(busy).toMatchObject({ ok: false, retryable: true });
    expect(!busy.ok && busy.error).toContain('451');

    peer.rejectNextMessage(550, 'Mailbox unavailable');
    const refused = await channel.deliver(delivery(alertDto()), live());
    expect(refused).toMatchObject({ ok: false, retryable: false });
    expect(!refused.ok && refused.error).toContain('550');
    expect(peer.messages).toHaveLength(0);
  });

  it('refuses a payload without a readable alert, for good and without mailing', async () => {
    const { peer, channel } = await setup();
    const alert = alertDto();
    const result = await channel.deliver({ ...delivery(alert), payload: { type: 'alert.opened', alert: { id: alert.id } } }, live());
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(!result.ok && result.error).toMatch(/payload holds no valid alert/);
    expect(peer.messages).toHaveLength(0);
  });
});
