/** A camera that Vigil receives over WHIP rather than pulling it: `whip://NAME`. */
export const isWhipCamera = (camera: { url: string }): boolean => camera.url.trim().toLowerCase().startsWith('whip://');

export const whipPath = (cameraId: string): string => `/api/whip/${encodeURIComponent(cameraId)}`;

/** The WHIP endpoint as another device (OBS, a robot) would enter it. */
export const whipUrl = (origin: string, cameraId: string): string => `${origin.replace(/\/+$/, '')}${whipPath(cameraId)}`;

/** The publishing session's URL: the answer's `Location`, which may be relative to the endpoint. */
export const sessionUrl = (location: string, endpoint: string): string => new URL(location, endpoint).toString();

export interface Resolution {
  id: string;
  width: number;
  height: number;
  label: string;
}

export const RESOLUTIONS: readonly Resolution[] = [
  { id: '640x360', width: 640, height: 360, label: '640 × 360 (light on the network)' },
  { id: '1280x720', width: 1280, height: 720, label: '1280 × 720' },
  { id: '1920x1080', width: 1920, height: 1080, label: '1920 × 1080' },
];

export const DEFAULT_RESOLUTION: Resolution = RESOLUTIONS[0]!;

export const resolutionById = (id: string): Resolution => RESOLUTIONS.find((r) => r.id === id) ?? DEFAULT_RESOLUTION;

export type PublishState = 'idle' | 'starting' | 'connecting' | 'publishing' | 'stopping' | 'stopped' | 'failed';

export const PUBLISH_STATE_LABEL: Record<PublishState, string> = {
  idle: 'Not publishing',
  starting: 'Opening the camera…',
  connecting: 'Connecting to Vigil…',
  publishing: 'Publishing',
  stopping: 'Stopping…',
  stopped: 'Stopped',
  failed: 'Failed',
};

/** True while a session holds (or is about to hold) the camera and a connection. */
export const isActive = (state: PublishState): boolean => state === 'starting' || state === 'connecting' || state === 'publishing';

/** The codec an SDP answer picked for video: the first payload type of its video m-line, by its rtpmap name. */
export function negotiatedCodec(sdp: string): string | null {
  const media = /^m=video \d+ [^ ]+ (\d+)/m.exec(sdp);
  if (!media) return null;
  const rtpmap = new RegExp(`^a=rtpmap:${media[1]} ([^/\\s]+)`, 'm').exec(sdp);
  return rtpmap?.[1] ?? null;
}

/** The ICE username fragment and password of an SDP (session level, else the first media section's). */
export function iceCredentials(sdp: string): { ufrag: string; pwd: string } | null {
  const ufrag = /^a=ice-ufrag:(.+)$/m.exec(sdp)?.[1]?.trim();
  const pwd = /^a=ice-pwd:(.+)$/m.exec(sdp)?.[1]?.trim();
  return ufrag && pwd ? { ufrag, pwd } : null;
}

/** The `candidate:…` attributes an SDP already carries. */
export const sdpCandidates = (sdp: string): string[] => [...sdp.matchAll(/^a=(candidate:.+?)\r?$/gm)].map((m) => m[1]!);

/**
 * A trickle-ICE SDP fragment (RFC 8840, as WHIP sends it in PATCH): the ICE credentials, then the media section
 * with its new candidates, and `a=end-of-candidates` once gathering is over.
 */
export function candidateFragment(input: { ufrag: string; pwd: string; mid: string; candidates: readonly string[]; end: boolean }): string {
  const lines = [`a=ice-ufrag:${input.ufrag}`, `a=ice-pwd:${input.pwd}`, 'm=video 9 UDP/TLS/RTP/SAVPF 0', `a=mid:${input.mid}`];
  for (const candidate of input.candidates) lines.push(`a=${candidate.replace(/^a=/, '')}`);
  if (input.end) lines.push('a=end-of-candidates');
  return `${lines.join('\r\n')}\r\n`;
}
