import { basename, join } from 'node:path';
import {
  redactText,
  redactUrl,
  urlSecrets,
  type Camera,
  type CameraState,
  type CameraStatus,
  type Frame,
  type GrayFrame,
  type Segment,
} from '../domain/index.js';
import type { Logger } from '../observability/logger.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { describeExit } from './exit-reason.js';
import { buildFfmpegArgs, GRAY_SIZE, type LiveRtpTarget } from './ffmpeg-args.js';
import { spawnFfmpeg, type FfmpegExit } from './ffmpeg-process.adapter.js';
import { FpsMeter } from './fps-meter.js';
import { assessFrameRate, fpsWindowMs, RECEIVING_FRAMES } from './frame-rate-health.js';
import { GraySplitter } from './gray-splitter.js';
import { Y4mSplitter, type Y4mPicture } from './y4m-splitter.js';
import { removeSegmentFile, resetSegmentDir, segmentDirFor, sweepSegmentDir } from './segment-files.adapter.js';
import { SegmentListParser, type SegmentListEntry } from './segment-list-parser.js';
import { SegmentRing } from './segment-ring.js';
import { StderrTail } from './stderr-tail.js';

export interface CameraIngestOptions {
  ffmpegPath: string;
  dataDir: string;
  logger: Logger;
  /** No frame for this long: ffmpeg is killed and restarted. Default 10 s. */
  watchdogMs?: number;
  /** Wall-clock span of segments kept on disk. Default 60 s. */
  ringSeconds?: number;
  /** Target segment length. Default 2 s. */
  segmentSeconds?: number;
  /** Delay between restarts, doubling per failed run, reset after a healthy one. Default 1 s to 30 s. */
  backoff?: BackoffPolicy;
  /** RTSP socket timeout. Default 5 s. */
  ioTimeoutMs?: number;
  /** A run that streamed this long counts as healthy and resets the backoff. Default 30 s. */
  healthyRunMs?: number;
  /**
   * Where each run sends its live-view RTP copy of the video (asked again for every run, so a restart gets a
   * fresh SSRC); null or absent: no live copy.
   */
  liveRtp?: (cameraId: string) => LiveRtpTarget | null;
}

export interface CameraIngestHandlers {
  onFrame(frame: Frame): void;
  onGray(gray: GrayFrame): void;
  onSegment(segment: Segment): void;
  onStatus(status: CameraStatus): void;
}

export interface CameraIngest {
  /** Starts the camera's ffmpeg; an ingest is started once. */
  start(): void;
  /** Stops ffmpeg (SIGTERM, then SIGKILL) and any pending restart; resolves once it has exited. */
  stop(): Promise<void>;
  status(): CameraStatus;
  readonly ring: SegmentRing;
  latestFrame(): Frame | null;
}

interface Run {
  id: number;
  prefix: string;
  stopProcess: (graceMs?: number) => Promise<FfmpegExit>;
  startedAt: number;
  firstFrameAt: number | null;
  lastFrameAt: number | null;
  /** Why the supervisor ended this run, when it did. */
  killReason: string | null;
  stderr: StderrTail;
}

/** One camera: one ffmpeg, supervised by a watchdog, restarted with backoff, never exposing the camera URL. */
export function createCameraIngest(camera: Camera, options: CameraIngestOptions, handlers: CameraIngestHandlers): CameraIngest {
  const log = options.logger.child({ camera: camera.id });
  const secrets = urlSecrets(camera.url);
  const source = redactText(redactUrl(camera.url), secrets);
  const configuredFps = camera.sample.fps;
  const windowMs = fpsWindowMs(configuredFps);
  const watchdogMs = Math.max(options.watchdogMs ?? 10_000, Math.ceil(3000 / configuredFps));
  const segmentSeconds = options.segmentSeconds ?? 2;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const healthyRunMs = options.healthyRunMs ?? 30_000;
  const segmentDir = segmentDirFor(options.dataDir, camera.id);
  const fps = new FpsMeter(windowMs);
  const ring = new SegmentRing({
    ringSeconds: options.ringSeconds ?? 60,
    onEvict: (segment) => {
      removeSegmentFile(segment.path).catch((error: Error) => log.warn({ err: error.message }, 'could not delete an old segment'));
    },
  });

  let current: CameraStatus = { cameraId: camera.id, state: 'offline', reason: 'not started', since: Date.now(), fps: 0, restarts: 0, lastFrameAt: null };
  let run: Run | null = null;
  let runCount = 0;
  let failedAttempts = 0;
  let started = false;
  let stopping = false;
  let stopped: Promise<void> | null = null;
  let latest: Frame | null = null;
  let restartTimer: NodeJS.Timeout | null = null;
  let watchdogTimer: NodeJS.Timeout | null = null;

  const safely = <T>(name: string, handler: (value: T) => void, value: T) => {
    try {
      handler(value);
    } catch (error) {
      log.error({ err: redactText(String(error), secrets) }, `${name} handler failed`);
    }
  };

  const snapshot = (): CameraStatus => ({ ...current, fps: Math.round(fps.rate(Date.now()) * 10) / 10 });

  const setStatus = (state: CameraState, reason: string, force = false) => {
    if (!force && state === current.state && reason === current.reason) return;
    const now = Date.now();
    current = { ...current, state, reason, since: state === current.state ? current.since : now };
    safely('onStatus', handlers.onStatus, snapshot());
  };

  const onPicture = (r: Run, picture: Y4mPicture) => {
    if (run !== r) return;
    const ts = Date.now();
    r.firstFrameAt ??= ts;
    r.lastFrameAt = ts;
    fps.tick(ts);
    current.lastFrameAt = ts;
    latest = { cameraId: camera.id, ts, width: picture.width, height: picture.height, i420: picture.i420 };
    if (current.state === 'starting' || current.state === 'offline') setStatus('online', RECEIVING_FRAMES);
    safely('onFrame', handlers.onFrame, latest);
  };

  const onGrayFrame = (r: Run, data: Uint8Array) => {
    if (run !== r) return;
    safely('onGray', handlers.onGray, { cameraId: camera.id, ts: Date.now(), width: GRAY_SIZE.width, height: GRAY_SIZE.height, data });
  };

  const onSegmentEntry = (entry: SegmentListEntry) => {
    const endTs = Date.now();
    const segment: Segment = {
      cameraId: camera.id,
      path: join(segmentDir, basename(entry.filename)),
      startTs: Math.round(endTs - (entry.endSec - entry.startSec) * 1000),
      endTs,
    };
    ring.add(segment);
    safely('onSegment', handlers.onSegment, segment);
  };

  const launch = () => {
    restartTimer = null;
    if (stopping) return;
    runCount += 1;
    if (runCount > 1) current = { ...current, restarts: current.restarts + 1 };
    const prefix = `r${runCount}-${Date.now().toString(36)}`;
    let args: string[];
    try {
      const liveRtp = options.liveRtp?.(camera.id) ?? null;
      args = buildFfmpegArgs(camera, {
        segmentDir,
        segmentPrefix: prefix,
        segmentSeconds,
        ioTimeoutMs: options.ioTimeoutMs ?? 5000,
        ...(liveRtp ? { liveRtp } : {}),
      });
    } catch (error) {
      // A URL ffmpeg cannot read will not heal by retrying.
      setStatus('offline', redactText((error as Error).message, secrets));
      log.error({ source, reason: current.reason }, 'camera source rejected');
      return;
    }
    void sweepSegmentDir(segmentDir, (path) => ring.has(path) || basename(path).startsWith(prefix));

    const proc = spawnFfmpeg(options.ffmpegPath, args);
    const r: Run = { id: runCount, prefix, stopProcess: proc.stop, startedAt: Date.now(), firstFrameAt: null, lastFrameAt: null, killReason: null, stderr: new StderrTail(secrets) };
    run = r;
    fps.reset();
    if (runCount > 1) setStatus(current.state, current.reason, true);
    log.info({ source, run: r.id, ffmpegPid: proc.pid, restarts: current.restarts }, 'ffmpeg started');

    const pictures = new Y4mSplitter();
    const grays = new GraySplitter(GRAY_SIZE.width * GRAY_SIZE.height);
    const list = new SegmentListParser();
    proc.colour.on('data', (chunk: Buffer) => {
      if (r.killReason !== null) return;
      try {
        pictures.push(chunk).forEach((picture) => onPicture(r, picture));
      } catch (error) {
        r.killReason = `ffmpeg wrote unreadable frames: ${(error as Error).message}`;
        void proc.stop();
      }
    });
    proc.gray.on('data', (chunk: Buffer) => grays.push(chunk).forEach((data) => onGrayFrame(r, data)));
    proc.segmentList.on('data', (chunk: Buffer) => list.push(chunk).forEach(onSegmentEntry));
    proc.stderr.on('data', (chunk: Buffer) => {
      for (const line of r.stderr.push(chunk)) log.debug({ run: r.id, line }, 'ffmpeg says');
    });
    void proc.exited.then((exit) => onExit(r, exit));
  };

  const onExit = (r: Run, exit: FfmpegExit) => {
    if (run === r) run = null;
    if (stopping) return;
    const reason =
      r.killReason ??
      (exit.spawnError
        ? `cannot start ffmpeg: ${redactText(exit.spawnError.message, secrets)}`
        : describeExit(exit.code, exit.signal, r.stderr.lines(), secrets));
    setStatus('offline', reason);
    const streamedMs = r.firstFrameAt !== null && r.lastFrameAt !== null ? r.lastFrameAt - r.firstFrameAt : 0;
    if (streamedMs >= healthyRunMs) failedAttempts = 0;
    const delayMs = backoffDelay(failedAttempts, backoff);
    failedAttempts += 1;
    log.warn({ run: r.id, code: exit.code, signal: exit.signal, reason, restarts: current.restarts, retryInMs: delayMs }, 'ffmpeg exited');
    restartTimer = setTimeout(launch, delayMs);
  };

  const checkHealth = () => {
    const r = run;
    if (!r || stopping || r.killReason !== null) return;
    const now = Date.now();
    const silentMs = now - (r.lastFrameAt ?? r.startedAt);
    if (silentMs >= watchdogMs) {
      r.killReason = `no frames for ${Math.round(silentMs / 1000)} s`;
      setStatus('offline', r.killReason);
      log.warn({ run: r.id, silentMs }, 'watchdog: restarting ffmpeg');
      void r.stopProcess();
      return;
    }
    const change = assessFrameRate({
      state: current.state,
      configuredFps,
      measuredFps: fps.rate(now),
      streamingForMs: r.firstFrameAt === null ? 0 : now - r.firstFrameAt,
      windowMs,
    });
    if (change) {
      setStatus(change.state, change.reason);
      log.info({ state: change.state, fps: snapshot().fps }, change.reason);
    }
  };

  return {
    ring,
    start() {
      if (started) return;
      started = true;
      try {
        resetSegmentDir(segmentDir);
      } catch (error) {
        setStatus('offline', `cannot prepare the segment folder: ${(error as Error).message}`);
        log.error({ reason: current.reason }, 'camera not started');
        return;
      }
      setStatus('starting', 'connecting');
      watchdogTimer = setInterval(checkHealth, Math.min(1000, Math.max(100, Math.floor(watchdogMs / 4))));
      watchdogTimer.unref();
      launch();
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        if (restartTimer) clearTimeout(restartTimer);
        if (watchdogTimer) clearInterval(watchdogTimer);
        restartTimer = null;
        watchdogTimer = null;
        const r = run;
        if (r) await r.stopProcess();
        run = null;
        if (started) {
          setStatus('offline', 'stopped');
          log.info('camera ingest stopped');
        }
      })();
      return stopped;
    },
    status: snapshot,
    latestFrame: () => latest,
  };
}
