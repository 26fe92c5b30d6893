import type { Delivery } from '../channel.js';

/** The domain half of Message-IDs: the sender's domain, so ids are unique to this installation's mail. */
export function messageIdDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)\s*>?\s*$/.exec(from.trim());
  return match?.[1]?.toLowerCase() || 'vigil.invalid';
}

/** Outbox and alert ids are uuids; anything else is folded into the characters a msg-id allows. */
function idPart(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '-');
}

/** The thread root: the opened mail of an alert carries it, every later mail of that alert refers to it. */
export function alertThreadId(alertId: string, domain: string): string {
  return `<vigil.alert.${idPart(alertId)}@${domain}>`;
}

export interface ThreadHeaders {
  messageId: string;
  inReplyTo?: string;
  references?: string;
}

/**
 * Stable across retries: a retried delivery has the same Message-ID, so a mailbox that got it twice shows it once.
 * The opened mail's id is the alert's thread root, so later mails thread on it without knowing its delivery id.
 */
export function threadHeaders(delivery: Pick<Delivery, 'id' | 'alertId' | 'event'>, domain: string): ThreadHeaders {
  const root = alertThreadId(delivery.alertId, domain);
  if (delivery.event === 'alert.opened') return { messageId: root };
  return { messageId: `<vigil.delivery.${idPart(delivery.id)}@${domain}>`, inReplyTo: root, references: root };
}

/** A digest stands for several deliveries; its id follows the first of them so a re-sent digest keeps its id. */
export function digestMessageId(firstDeliveryId: string, domain: string): string {
  return `<vigil.digest.${idPart(firstDeliveryId)}@${domain}>`;
}
