import { spawn } from 'node:child_process';
import { redactText, VigilError } from '../domain/index.js';

const STDERR_TAIL = 4000;

/**
 * Runs ffmpeg to completion with a deadline. Rejects with VigilError('internal') carrying the end of its stderr
 * (redacted), or 'unavailable' when it cannot be started or runs past the deadline.
 */
export function runFfmpeg(ffmpegPath: string, args: string[], options: { timeoutMs: number; what: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new VigilError('unavailable', `${options.what}: cannot run ${ffmpegPath}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new VigilError('unavailable', `${options.what}: ffmpeg took longer than ${options.timeoutMs} ms`));
      } else if (code === 0) {
        resolve();
      } else {
        const reason = redactText(stderr.trim()) || `exit ${code ?? signal}`;
        reject(new VigilError('internal', `${options.what}: ffmpeg failed: ${reason}`));
      }
    });
  });
}
