import nodemailer from 'nodemailer';
import type { AlertDto } from '../../contracts/alert-dto.js';
import type { Channel, Delivery, DeliveryResult } from '../channel.js';
import { classifySmtpError, smtpSecrets } from './email-errors.js';
import { digestMessageId, messageIdDomain, threadHeaders } from './email-headers.js';
import { alertOfPayload } from './email-payload.js';
import { renderAlertMail, renderDigestMail, type EmailSite } from './email-render.js';
import { decideSend, validThrottle, windowAfterDigest, type ThrottleLimits, type ThrottleWindow } from './email-throttle.js';

/** One `channels.email[]` entry of vigil.yaml, with `${VAR}` already filled in. */
export interface EmailChannelConfig {
  id: string;
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465 */
  smtp: string;
  from: string;
  to: string[];
}

export interface EmailChannelOptions {
  siteName: string;
  /** IANA zone for times in mails; UTC by default. */
  timezone?: string;
  /** site.publicUrl: mails link to `${publicUrl}/alerts/:id`; without it they say how to find the alert instead. */
  publicUrl?: string;
  /** The snapshot JPEG of an alert from the evidence store, or null while there is none. */
  readSnapshot: (alertId: string) => Promise<Buffer | null>;
  /** Camera display names by id; the id is shown when it returns nothing. */
  cameraName?: (cameraId: string) => string | undefined;
  throttle?: Partial<ThrottleLimits>;
  /** Wall clock, for tests that step time. */
  now?: () => number;
}

interface HeldDelivery {
  delivery: Delivery;
  alert: AlertDto;
  signal: AbortSignal;
  settle: (result: DeliveryResult) => void;
}

const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

export function createEmailChannel(config: EmailChannelConfig, options: EmailChannelOptions): Channel {
  const limits = validThrottle(options.throttle);
  const now = options.now ?? Date.now;
  const secrets = smtpSecrets(config.smtp);
  const domain = messageIdDomain(config.from);
  const site: EmailSite = {
    siteName: options.siteName,
    timezone: options.timezone ?? 'UTC',
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    cameraName: (cameraId) => options.cameraName?.(cameraId) || cameraId,
  };
  const transport = nodemailer.createTransport({ ...SMTP_TIMEOUTS, url: config.smtp, logger: false, debug: false });

  let window: ThrottleWindow | null = null;
  let held: HeldDelivery[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const fail = (error: unknown): DeliveryResult => ({ ok: false, ...classifySmtpError(error, secrets) });

  async function snapshotOf(alert: AlertDto): Promise<Buffer | null> {
    try {
      const bytes = await options.readSnapshot(alert.id);
      return bytes && bytes.length > 0 ? bytes : null;
    } catch {
      // A mail without its picture still warns; the dashboard shows the snapshot once it can be read.
      return null;
    }
  }

  async function sendSingle(delivery: Delivery, alert: AlertDto, signal: AbortSignal): Promise<DeliveryResult> {
    const snapshot = await snapshotOf(alert);
    if (signal.aborted) return { ok: false, error: 'delivery aborted before the mail was sent', retryable: true };
    const snapshotCid = snapshot ? `snapshot.${alert.id.replace(/[^A-Za-z0-9.-]/g, '-')}@vigil` : null;
    const mail = renderAlertMail({ event: delivery.event, alert, snapshotCid }, site);
    const thread = threadHeaders(delivery, domain);
    const snapshotMime = alert.evidence.find((e) => e.kind === 'snapshot')?.mime ?? 'image/jpeg';
    try {
      const info = await transport.sendMail({
        from: config.from,
        to: config.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        date: new Date(delivery.createdAt),
        messageId: thread.messageId,
        ...(thread.inReplyTo ? { inReplyTo: thread.inReplyTo } : {}),
        ...(thread.references ? { references: thread.references } : {}),
        headers: {
          'X-Vigil-Alert-Id': alert.id,
          'X-Vigil-Delivery-Id': delivery.id,
          'X-Vigil-Event': delivery.event,
          'X-Vigil-Severity': alert.severity,
          'Auto-Submitted': 'auto-generated',
        },
        attachments:
          snapshot && snapshotCid
            ? [{ filename: 'snapshot.jpg', content: snapshot, contentType: snapshotMime, cid: snapshotCid, contentDisposition: 'inline' }]
            : [],
        signal,
      });
      return { ok: true, detail: `accepted by SMTP as ${thread.messageId}${rejectedNote(info.rejected)}` };
    } catch (error) {
      return fail(error);
    }
  }

  async function flush(): Promise<void> {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    const batch = held.filter((entry) => !entry.signal.aborted);
    held = [];
    if (batch.length === 0) return;
    window = windowAfterDigest(now());

    let settled = false;
    const settleAll = (result: DeliveryResult): void => {
      if (settled) return;
      settled = true;
      for (const entry of batch) entry.settle(result);
    };
    const first = batch[0]!;
    const mail = renderDigestMail(
      batch.map((entry) => ({ event: entry.delivery.event, alert: entry.alert })),
      limits,
      site,
    );
    const messageId = digestMessageId(first.delivery.id, domain);
    try {
      const info = await transport.sendMail({
        from: config.from,
        to: config.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId,
        headers: {
          'X-Vigil-Digest-Of': batch.map((entry) => entry.delivery.id).join(', '),
          'X-Vigil-Alert-Ids': [...new Set(batch.map((entry) => entry.alert.id))].join(', '),
          'Auto-Submitted': 'auto-generated',
        },
      });
      settleAll({ ok: true, detail: `accepted by SMTP in digest ${messageId} of ${batch.length}${rejectedNote(info.rejected)}` });
    } catch (error) {
      settleAll(fail(error));
    }
  }

  function hold(delivery: Delivery, alert: AlertDto, signal: AbortSignal, flushAt: number): Promise<DeliveryResult> {
    return new Promise<DeliveryResult>((resolve) => {
      let done = false;
      const entry: HeldDelivery = {
        delivery,
        alert,
        signal,
        settle: (result) => {
          if (done) return;
          done = true;
          signal.removeEventListener('abort', onAbort);
          resolve(result);
        },
      };
      // Aborted while waiting: it leaves the digest. Aborted while the digest is on its way: the mail may still
      // arrive, and the retry may repeat it; a second copy is better than an alert marked delivered that was not.
      function onAbort(): void {
        held = held.filter((other) => other !== entry);
        entry.settle({ ok: false, error: 'delivery aborted while held for the flood digest', retryable: true });
      }
      signal.addEventListener('abort', onAbort, { once: true });
      held.push(entry);
      if (!flushTimer) {
        flushTimer = setTimeout(() => void flush(), Math.max(0, flushAt - now()));
      }
    });
  }

  return {
    id: `email:${config.id}`,
    async deliver(delivery, signal) {
      if (closed) return { ok: false, error: 'email channel is closed', retryable: true };
      if (signal.aborted) return { ok: false, error: 'delivery aborted before the mail was sent', retryable: true };
      const parsed = alertOfPayload(delivery.payload);
      if (!parsed.ok) return { ok: false, error: parsed.error, retryable: false };

      const decision = decideSend(window, now(), limits, held.length > 0);
      window = decision.window;
      if (decision.action === 'hold') return hold(delivery, parsed.alert, signal, decision.flushAt);
      return sendSingle(delivery, parsed.alert, signal);
    },
    async close() {
      if (closed) return;
      closed = true;
      // Held alerts go out now rather than wait for a window that will not end in this process.
      await flush();
      transport.close();
    },
  };
}

function rejectedNote(rejected: unknown): string {
  if (!Array.isArray(rejected) || rejected.length === 0) return '';
  return `; refused for ${rejected.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join(', ')}`;
}
