import { readFileSync } from 'node:fs';

/** What an ingest ffmpeg's command line says about it: whose camera, and how its video arrives. */
export interface IngestCommand {
  /** From the segment folder (DATA_DIR/segments/CAMERA/); null when the line names none. */
  cameraId: string | null;
  /** rtsp: it reads the camera over RTSP; whip: it reads RTP a WHIP publisher's stream is forwarded as (an SDP). */
  input: 'rtsp' | 'whip' | 'other';
}

export function describeIngestArgs(args: readonly string[]): IngestCommand {
  const source = args[args.indexOf('-i') + 1] ?? '';
  const input = /^rtsps?:\/\//i.test(source) ? 'rtsp' : source.startsWith('data:application/sdp') ? 'whip' : 'other';
  const cameraId = args.map((arg) => /\/segments\/([a-z0-9][a-z0-9-]*)\//.exec(arg)?.[1]).find((id) => id !== undefined) ?? null;
  return { cameraId, input: args.includes('-i') ? input : 'other' };
}

/** The running process's command line; null once it is gone. */
export function readIngestCommand(pid: number): IngestCommand | null {
  try {
    return describeIngestArgs(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
  } catch {
    return null;
  }
}
