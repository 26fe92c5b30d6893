/** The bits of SDP (RFC 8866) that a relay touches: media sections and their control attributes. */

export interface SdpTracks {
  /** The `a=control:` value of each media section, '' when absent. */
  readonly controls: string[];
}

function lines(sdp: string): string[] {
  return sdp.split(/\r?\n/).filter((line) => line.length > 0);
}

export function parseSdpTracks(sdp: string): SdpTracks {
  const controls: string[] = [];
  for (const line of lines(sdp)) {
    if (line.startsWith('m=')) controls.push('');
    else if (line.startsWith('a=control:') && controls.length > 0) controls[controls.length - 1] = line.slice(10).trim();
  }
  return { controls };
}

/** The control URL (relative to the mount) that readers see for track `index`. */
export const readerTrackControl = (index: number): string => `trackID=${index}`;

/**
 * The publisher's SDP as served to readers: its own control attributes are replaced by `trackID=N` per media
 * section plus an aggregate `*`, so readers resolve tracks against the Content-Base of the mount.
 */
export function sdpForReaders(sdp: string): string {
  const out: string[] = [];
  let trackIndex = -1;
  for (const line of lines(sdp)) {
    if (line.startsWith('a=control:')) continue;
    if (line.startsWith('m=')) {
      if (trackIndex === -1) out.push('a=control:*');
      trackIndex++;
      out.push(line, `a=control:${readerTrackControl(trackIndex)}`);
      continue;
    }
    out.push(line);
  }
  if (trackIndex === -1) out.push('a=control:*');
  return `${out.join('\r\n')}\r\n`;
}

/**
 * Finds the track a SETUP addresses. `requestPath` is the request URL's path (no leading slash), `mountPath`
 * the mount it belongs to; `controls` are the SDP's control values (relative or absolute URLs).
 */
export function resolveSetupTrack(controls: readonly string[], mountPath: string, requestPath: string): number | undefined {
  const remainder = requestPath === mountPath ? '' : requestPath.slice(mountPath.length + 1);
  for (let index = 0; index < controls.length; index++) {
    const control = controls[index]!;
    if (control === '' || control === '*') continue;
    const relative = /^rtsps?:\/\//i.test(control) ? absoluteControlPath(control) : control;
    if (relative === remainder || relative === requestPath) return index;
  }
  const numbered = /(?:trackID|streamid)=(\d+)$/i.exec(remainder);
  if (numbered) {
    const index = Number(numbered[1]);
    return index < controls.length ? index : undefined;
  }
  return remainder === '' && controls.length === 1 ? 0 : undefined;
}

function absoluteControlPath(control: string): string {
  try {
    return trimSlashes(decodeURIComponent(new URL(control).pathname));
  } catch {
    return control;
  }
}

export function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}
