/** What a failed WHIP request says to the person publishing when the server gave no message of its own. */
const FALLBACK: Record<number, string> = {
  0: 'Vigil cannot be reached: check the connection to the server.',
  400: 'Vigil could not read the offer from this browser.',
  401: 'The token was not accepted.',
  403: 'This token may not publish to this camera.',
  404: 'Vigil has no such camera, or does not take WHIP here.',
  409: 'This camera is not a WHIP camera: its url must start with whip://.',
  415: 'Vigil expected an SDP offer (application/sdp).',
  503: 'Vigil is not ready to receive video right now. Try again shortly.',
};

/**
 * The message shown for a refused WHIP request: the server's own `{ error: { message } }`, verbatim, when it sent
 * one; otherwise a sentence for the status, and the status itself.
 */
export function whipErrorMessage(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } } | null;
    const message = parsed?.error?.message;
    if (typeof message === 'string' && message.trim().length > 0) return message;
  } catch {
    // Not JSON: a proxy's page, or a server without the endpoint.
  }
  const known = FALLBACK[status] ?? (status >= 500 ? 'Vigil failed to set up the connection.' : 'Vigil refused the request.');
  return status === 0 ? known : `${known} (HTTP ${status})`;
}
