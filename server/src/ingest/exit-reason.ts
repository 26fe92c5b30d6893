import { redactText } from '../domain/index.js';

/** ffmpeg error text → a short reason an operator understands. First match wins. */
const KNOWN_FAILURES: ReadonlyArray<readonly [RegExp, string]> = [
  [/connection refused/i, 'connection refused'],
  [/401 unauthorized|authorization failed|unauthorized/i, 'unauthorized: check the camera credentials'],
  [/403 forbidden/i, 'forbidden by the camera'],
  [/404 not found|stream not found/i, 'stream not found on the camera'],
  [/no route to host/i, 'no route to host'],
  [/network is unreachable/i, 'network unreachable'],
  [/name or service not known|failed to resolve|temporary failure in name resolution/i, 'cannot resolve the camera host'],
  [/\btimed out\b/i, 'connection timed out'],
  [/connection reset|broken pipe|end of file/i, 'connection closed by the camera'],
  [/invalid data found when processing input|could not find codec parameters|unable to open rtsp|method describe failed/i, 'invalid data from the camera'],
  [/no such file or directory/i, 'file not found'],
  [/permission denied/i, 'permission denied'],
];

const MAX_DETAIL = 160;

/**
 * Why an ffmpeg run ended, in words free of credentials: a known failure when stderr names one, else the
 * exit code or signal with the last stderr line (redacted).
 */
export function describeExit(
  code: number | null,
  signal: string | null,
  stderrTail: readonly string[],
  secrets: readonly string[] = [],
): string {
  const text = stderrTail.join('\n');
  for (const [pattern, reason] of KNOWN_FAILURES) if (pattern.test(text)) return reason;
  if (code === 0 && !signal) return 'stream ended';
  const how = signal ? `killed by ${signal}` : code === null ? 'exited' : `exited with code ${code}`;
  const last = [...stderrTail].reverse().find((line) => line.trim().length > 0);
  return last ? `${how}: ${redactLine(last, secrets)}` : how;
}

/** A stderr line safe to log: credentials removed, ffmpeg's context pointer dropped, length bounded. */
export function redactLine(line: string, secrets: readonly string[] = []): string {
  const clean = redactText(line.replace(/^\[([a-z0-9_-]+) @ 0x[0-9a-f]+\]\s*/i, '[$1] ').trim(), secrets);
  return clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL - 1)}…` : clean;
}
