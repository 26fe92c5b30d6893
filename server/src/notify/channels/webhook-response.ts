import type { DeliveryResult } from '../channel.js';

/**
 * What an attempt's outcome means for the outbox row: 2xx delivered; 410 disables the endpoint; 408, 429, 5xx and
 * network trouble are worth another try; any other answer (other 4xx, a redirect, which Vigil never follows) needs
 * a change on one side before it can succeed.
 */

export type AttemptOutcome =
  | { kind: 'status'; status: number; location?: string }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'aborted' }
  | { kind: 'network'; code?: string; message: string };

const RETRYABLE_STATUSES = new Set([408, 429]);

/** `target` names the endpoint in messages (a redacted URL); it must hold no secret. */
export function deliveryResultFor(outcome: AttemptOutcome, target: string): DeliveryResult {
  switch (outcome.kind) {
    case 'timeout':
      return { ok: false, error: `${target} did not answer within ${outcome.afterMs} ms`, retryable: true };
    case 'aborted':
      return { ok: false, error: `delivery to ${target} was cancelled`, retryable: true };
    case 'network':
      return { ok: false, error: `could not reach ${target}: ${outcome.code ?? outcome.message}`, retryable: true };
    case 'status':
      return resultForStatus(outcome.status, target, outcome.location);
  }
}

function resultForStatus(status: number, target: string, location: string | undefined): DeliveryResult {
  if (status >= 200 && status < 300) return { ok: true, detail: `HTTP ${status}` };
  if (status === 410) return { ok: false, error: `${target} answered HTTP 410 Gone: the endpoint is disabled`, retryable: false, disable: true };
  if (status >= 300 && status < 400) {
    const where = location ? ` to ${location}` : '';
    return { ok: false, error: `${target} answered HTTP ${status}, a redirect${where}; webhooks do not follow redirects`, retryable: false };
  }
  if (RETRYABLE_STATUSES.has(status) || status >= 500) return { ok: false, error: `${target} answered HTTP ${status}`, retryable: true };
  return { ok: false, error: `${target} answered HTTP ${status}`, retryable: false };
}
