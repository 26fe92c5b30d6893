import type { LiveOptionsDto } from '../api/contracts.js';

export type LiveMode = 'webrtc' | 'jsmpeg' | 'snapshot';

export const LIVE_LABEL: Record<LiveMode, string> = {
  webrtc: 'Live (WebRTC)',
  jsmpeg: 'Live (JSMpeg)',
  snapshot: 'Snapshots',
};

/** The ways to show a camera, best first; the refreshed snapshot is always the last resort. */
export function liveMethods(options: LiveOptionsDto | null, webrtcSupported: boolean): LiveMode[] {
  const methods: LiveMode[] = [];
  if (options && options.unavailable === null) {
    if (options.webrtc && webrtcSupported) methods.push('webrtc');
    if (options.jsmpeg) methods.push('jsmpeg');
  }
  methods.push('snapshot');
  return methods;
}

/** The method to try after `failed`; snapshots never fail over. */
export function nextMethod(methods: readonly LiveMode[], failed: LiveMode): LiveMode {
  const index = methods.indexOf(failed);
  return methods[index + 1] ?? 'snapshot';
}
