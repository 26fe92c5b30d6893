import { redactLine } from './exit-reason.js';

const KEEP_LINES = 6;
const LOG_LINES = 20;
const MAX_PARTIAL = 4096;

/**
 * ffmpeg's stderr, redacted line by line: keeps the last few lines to explain an exit, and hands the first
 * few of each run out for the debug log so a camera spewing decode errors cannot flood it.
 */
export class StderrTail {
  private partial = '';
  private tail: string[] = [];
  private seen = 0;

  constructor(private readonly secrets: readonly string[] = []) {}

  /** Adds output; returns the complete lines worth logging. */
  push(chunk: Uint8Array | string): string[] {
    this.partial += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const parts = this.partial.split(/\r?\n|\r/);
    this.partial = (parts.pop() ?? '').slice(-MAX_PARTIAL);
    const toLog: string[] = [];
    for (const raw of parts) {
      if (raw.trim().length === 0) continue;
      const line = redactLine(raw, this.secrets);
      this.tail.push(line);
      if (this.tail.length > KEEP_LINES) this.tail.shift();
      this.seen += 1;
      if (this.seen <= LOG_LINES) toLog.push(line);
      else if (this.seen === LOG_LINES + 1) toLog.push('(further ffmpeg messages of this run are not logged)');
    }
    return toLog;
  }

  /** The last lines, including an unterminated one, oldest first. */
  lines(): string[] {
    const pending = this.partial.trim().length > 0 ? [redactLine(this.partial, this.secrets)] : [];
    return [...this.tail, ...pending];
  }
}
