import { iceServersFromLinks, type IceServer } from '../lib/link-header.js';
import { whipErrorMessage } from '../lib/whip-error.js';
import { sessionUrl, whipPath } from '../lib/whip-publish.js';
import type { PublishTokenDto } from './contracts.js';
import { api, authHeaders, expireOn401 } from './http.adapter.js';
import { session } from './session.js';

/** A refused or failed WHIP request; `message` is what the person publishing reads. */
export class WhipError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'WhipError';
  }
}

export interface WhipAnswer {
  sdp: string;
  /** The publishing session (absolute URL), for trickle ICE and for ending it; null if the server named none. */
  sessionUrl: string | null;
  etag: string | null;
  iceServers: IceServer[];
}

async function send(url: string, init: RequestInit & { method: string }): Promise<Response> {
  const generation = session.get().generation;
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...authHeaders(init.method) }, cache: 'no-store' });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new WhipError(0, whipErrorMessage(0, ''));
  }
  expireOn401(response.status, generation);
  return response;
}

/** POSTs the SDP offer to the camera's WHIP endpoint (signed in with the dashboard's token) and reads the answer. */
export async function postWhipOffer(cameraId: string, offerSdp: string, signal?: AbortSignal): Promise<WhipAnswer> {
  const endpoint = new URL(whipPath(cameraId), window.location.origin).toString();
  const response = await send(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sdp', Accept: 'application/sdp' },
    body: offerSdp,
    signal,
  });
  const body = await response.text();
  if (!response.ok) throw new WhipError(response.status, whipErrorMessage(response.status, body));
  if (!body.trim()) throw new WhipError(response.status, 'Vigil answered without an SDP answer.');
  const location = response.headers.get('Location');
  return {
    sdp: body,
    sessionUrl: location ? sessionUrl(location, endpoint) : null,
    etag: response.headers.get('ETag'),
    iceServers: iceServersFromLinks(response.headers.get('Link')),
  };
}

/**
 * Sends late ICE candidates to the session (trickle ICE). Resolves false when the server does not take them
 * (405 or 501: it has every candidate it needs from the offer), and throws on other refusals.
 */
export async function patchWhipCandidates(url: string, fragment: string, etag: string | null): Promise<boolean> {
  const response = await send(url, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/trickle-ice-sdpfrag', ...(etag ? { 'If-Match': etag } : {}) },
    body: fragment,
  });
  if (response.status === 405 || response.status === 501) return false;
  if (!response.ok) throw new WhipError(response.status, whipErrorMessage(response.status, await response.text()));
  return true;
}

/** Ends the publishing session. `keepalive` lets the request outlive the page (closing the tab, reloading). */
export async function deleteWhipSession(url: string, options: { keepalive?: boolean } = {}): Promise<void> {
  const response = await send(url, { method: 'DELETE', headers: {}, keepalive: options.keepalive ?? false });
  // 404: the session had already ended on the server (timed out or replaced); nothing is left to end.
  if (!response.ok && response.status !== 404) throw new WhipError(response.status, whipErrorMessage(response.status, await response.text()));
}

/** A new publisher token for a WHIP camera, shown once: the previous one stops working. */
export const createPublisherToken = (cameraId: string): Promise<PublishTokenDto> =>
  api.post<PublishTokenDto>(`/api/cameras/${encodeURIComponent(cameraId)}/publish-token`, {});
