import type { LiveSession } from './webrtc.adapter.js';

/** How long a JSMpeg stream may show no new frame before it counts as stopped. */
const STALL_MS = 15_000;

/**
 * Plays the camera's MPEG-1 WebSocket stream on `canvas`; rejects if no frame is decoded in time. The player is
 * loaded on first use: most dashboards never need the fallback.
 */
export async function startJsmpeg(canvas: HTMLCanvasElement, url: string, timeoutMs: number, signal: AbortSignal): Promise<LiveSession> {
  const { default: JSMpeg } = await import('@cycjimmy/jsmpeg-player');
  if (signal.aborted) throw new Error('stopped');
  return new Promise((resolve, reject) => {
    let lastFrameAt = 0;
    let started = false;
    let endStream: () => void = () => undefined;
    const ended = new Promise<void>((settle) => (endStream = settle));
    const player = new JSMpeg.Player(url, {
      canvas,
      autoplay: true,
      audio: false,
      pauseWhenHidden: false,
      onVideoDecode: () => {
        lastFrameAt = Date.now();
        if (!started) {
          started = true;
          clearTimeout(startTimer);
          resolve({ ended, close });
        }
      },
    });
    const watchdog = setInterval(() => started && Date.now() - lastFrameAt > STALL_MS && endStream(), 2000);
    function close(): void {
      clearInterval(watchdog);
      clearTimeout(startTimer);
      player.destroy();
      endStream();
    }
    const startTimer = setTimeout(() => {
      close();
      reject(new Error(`no video within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    signal.addEventListener('abort', () => {
      close();
      if (!started) reject(new Error('stopped'));
    });
  });
}
