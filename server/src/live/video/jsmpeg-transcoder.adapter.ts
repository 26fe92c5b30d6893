import { spawn } from 'node:child_process';
import { jsmpegTranscoderArgs, type JsmpegArgsOptions } from './jsmpeg-args.js';
import type { Transcoder, TranscoderHandlers } from './jsmpeg-channel.js';

export interface JsmpegTranscoderOptions {
  ffmpegPath: string;
  args?: JsmpegArgsOptions;
  /** H.264 queued for ffmpeg beyond this means it cannot keep up: it is stopped. Default 16 MiB. */
  maxQueuedBytes?: number;
}

/**
 * Starts one transcoder; its input is only ever Vigil's own copy, so no camera URL reaches its command line.
 * This is what node-rtsp-stream's Mpeg1Muxer does (ffmpeg → MPEG-TS/MPEG-1 → WebSocket), done here because
 * Mpeg1Muxer takes only an input URL with no input options (it would open a second connection to the camera),
 * and its VideoStream listens on a port of its own and writes ffmpeg's output and its own notes to the console.
 */
export function startJsmpegTranscoder(options: JsmpegTranscoderOptions, handlers: TranscoderHandlers): Transcoder {
  const child = spawn(options.ffmpegPath, jsmpegTranscoderArgs(options.args), { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  const maxQueued = options.maxQueuedBytes ?? 16 * 1024 * 1024;
  const stderr: string[] = [];
  let stopping = false;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('close', (code, signal) => {
      exited = true;
      resolve();
      if (stopping) return;
      const detail = stderr.join(' ').trim();
      handlers.onExit(`ffmpeg exited (${signal ?? `code ${code}`})${detail ? `: ${detail}` : ''}`);
    });
    child.once('error', (error) => {
      if (child.pid !== undefined) return;
      exited = true;
      resolve();
      if (!stopping) handlers.onExit(`cannot start ffmpeg: ${error.message}`);
    });
  });
  child.stdin.on('error', () => undefined);
  child.stdout.on('data', (chunk: Buffer) => handlers.onData(chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    stderr.splice(0, Math.max(0, stderr.length - 5));
  });

  return {
    write(annexB) {
      if (stopping || exited) return;
      if (child.stdin.writableLength > maxQueued) {
        stderr.push('it could not keep up with the camera');
        child.kill('SIGKILL');
        return;
      }
      child.stdin.write(annexB);
    },
    async stop() {
      if (exited) return;
      stopping = true;
      child.stdin.end();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exit;
      clearTimeout(timer);
    },
  };
}
