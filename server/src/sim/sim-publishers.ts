import { invalidInput } from '../domain/index.js';
import { silentLogger, type Logger } from '../observability/logger.js';
import { RestartingProcess } from './restarting-process.js';
import { startRtspRelay, type RtspRelay } from './rtsp-relay.js';
import { DEFAULT_SIM_FPS, DEFAULT_SIM_SIZE, defaultFfmpegPath, ensureSimClip } from './sim-clip.js';
import { parseFrameSize, type FrameSize } from './frame-size.js';

export interface SimCamerasOptions {
  count: number;
  /** Relay to publish to; a private one on a free port is started (and stopped with the cameras) otherwise. */
  relay?: RtspRelay;
  /** Folder that caches the pre-encoded clip. */
  dir: string;
  /** "640x360" or { width, height }; 640x360 by default. */
  size?: string | FrameSize;
  fps?: number;
  /** Mount of camera i (1-based) is `${pathPrefix}${i}`; "sim-" by default. */
  pathPrefix?: string;
  /** How publishers push to the relay; tcp by default. */
  transport?: 'tcp' | 'udp';
  /** How long to wait for every camera to be live; 20 s by default. */
  readyTimeoutMs?: number;
  ffmpegPath?: string;
  logger?: Logger;
}

export interface SimCameras {
  /** One RTSP URL per camera, in order. */
  readonly urls: string[];
  readonly relay: RtspRelay;
  stop(): Promise<void>;
}

/**
 * Publishes `count` simulated cameras over real RTSP: one ffmpeg per camera stream-copies the same looping
 * clip into the relay (no encoding per camera) and is restarted if it exits. Resolves once all are live.
 */
export async function startSimCameras(options: SimCamerasOptions): Promise<SimCameras> {
  if (!Number.isInteger(options.count) || options.count < 1) throw invalidInput('count must be a positive integer');
  const size = typeof options.size === 'string' ? parseFrameSize(options.size) : (options.size ?? DEFAULT_SIM_SIZE);
  const fps = options.fps ?? DEFAULT_SIM_FPS;
  const logger = options.logger ?? silentLogger();
  const ffmpegPath = options.ffmpegPath ?? defaultFfmpegPath();
  const clip = await ensureSimClip({ dir: options.dir, width: size.width, height: size.height, fps, ffmpegPath });

  const ownsRelay = !options.relay;
  const relay = options.relay ?? (await startRtspRelay({ logger }));
  const prefix = options.pathPrefix ?? 'sim-';
  const paths = Array.from({ length: options.count }, (_, index) => `${prefix}${index + 1}`);
  const urls = paths.map((path) => relay.url(path));
  const publishers = urls.map(
    (url, index) =>
      new RestartingProcess({
        command: ffmpegPath,
        args: publisherArgs(clip, url, options.transport ?? 'tcp'),
        label: `sim publisher ${paths[index]}`,
        logger,
      }),
  );

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await Promise.all(publishers.map((publisher) => publisher.stop()));
      if (ownsRelay) await relay.close();
    })();
    return stopped;
  };

  publishers.forEach((publisher) => publisher.start());
  try {
    const timeoutMs = options.readyTimeoutMs ?? 20_000;
    await Promise.all(paths.map((path) => relay.waitForMount(path, timeoutMs)));
  } catch (error) {
    await stop();
    throw error;
  }
  logger.info({ cameras: options.count, size: `${size.width}x${size.height}`, fps }, 'simulated cameras live');
  return { urls, relay, stop };
}

/** Reads the clip in real time, forever, and pushes it unchanged to `url`. */
export function publisherArgs(clip: string, url: string, transport: 'tcp' | 'udp'): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-re', '-stream_loop', '-1', '-i', clip,
    '-map', '0:v:0', '-c', 'copy',
    '-f', 'rtsp', '-rtsp_transport', transport, url,
  ];
}
