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
import { parseCameraSource } from './camera-source.js';
import { buildFfmpegArgs, GRAY_SIZE, type LiveRtpTarget, type PrivacyMaskInput } from './ffmpeg-args.js';
import { removePrivacyMask, writePrivacyMask } from './privacy-mask-file.adapter.js';
import { spawnFfmpeg, type FfmpegExit } from './ffmpeg-process.adapter.js';
import { FpsMeter } from './fps-meter.js';
import { assessFrameRate, fpsWindowMs, RECEIVING_FRAMES } from './frame-rate-health.js';
import { GraySplitter } from './gray-splitter.js';
import { Y4mSplitter, type Y4mPicture } from './y4m-splitter.js';
import { removeSegmentFile, resetSegmentDir, segmentDirFor, sweepSegmentDir } from './segment-files.adapter.js';
import { SegmentListParser, type SegmentListEntry } from './segment-list-parser.js';
import { SegmentRing } from './segment-ring.js';
import { StderrTail } from './stderr-tail.js';
import type { PublishedStream, PublishedStreams } from './published-stream.js';
import { freeUdpPortPair } from './udp-port-pair.adapter.js';
import type { RtpInputDescription } from './webrtc/rtp-input-sdp.js';

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
  /** Where pushed (whip://) cameras' publishers are found; without it such cameras stay offline. */
  published?: PublishedStreams;
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
  /** The publisher this run reads (pushed cameras). */
  stream: PublishedStream | null;
  keyframeTimer: NodeJS.Timeout | null;
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
  let unwatchPublisher: (() => void) | null = null;
  const pushed = isPushed(camera);

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

  /** A pushed camera's input: its publisher now, on a fresh loopback port; null (and the status says why) when none. */
  const pushedInput = async (): Promise<{ stream: PublishedStream; rtpInput: RtpInputDescription } | null> => {
    const stream = options.published?.current(camera.id) ?? null;
    if (!stream) {
      setStatus('offline', options.published ? 'waiting for a WHIP publisher' : 'WHIP ingest is off on this server');
      return null;
    }
    const port = await freeUdpPortPair();
    const { codec, payloadType, clockRate, fmtp } = stream;
    return { stream, rtpInput: { codec, payloadType, clockRate, fmtp, port } };
  };

  /** One launch at a time: a publisher arriving while a launch awaits its mask or port must not start a second ffmpeg. */
  let launching = false;
  const launch = async () => {
    if (launching) return;
    launching = true;
    try {
      await launchOnce();
    } finally {
      launching = false;
    }
  };

  const launchOnce = async () => {
    restartTimer = null;
    if (stopping) return;
    // Fails closed: without its mask drawn, a masked camera does not stream at all.
    let privacyMask: PrivacyMaskInput | null;
    try {
      // Unmasked cameras start at once (a bad source is reported before start() returns); a mask file is removed.
      privacyMask = (camera.masks ?? []).length > 0 ? await writePrivacyMask(options.dataDir, camera) : null;
      if (privacyMask === null) void removePrivacyMask(options.dataDir, camera.id);
    } catch (error) {
      setStatus('offline', `cannot write the privacy mask: ${(error as Error).message}`);
      log.error({ reason: current.reason }, 'camera not started');
      restartTimer = setTimeout(() => void launch(), backoffDelay(failedAttempts++, backoff));
      return;
    }
    if (stopping) return;
    let input: Awaited<ReturnType<typeof pushedInput>> = null;
    if (pushed) {
      try {
        input = await pushedInput();
      } catch (error) {
        setStatus('offline', (error as Error).message);
        restartTimer = setTimeout(() => void launch(), backoffDelay(failedAttempts++, backoff));
        return;
      }
      if (!input || stopping || run !== null) return;
      // Replaced while a port was found: read the publisher that is there now.
      if (options.published?.current(camera.id) !== input.stream) {
        restartTimer = setTimeout(() => void launch(), 0);
        return;
      }
    }
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
        ...(input ? { rtpInput: input.rtpInput } : {}),
        ...(privacyMask ? { privacyMask } : {}),
      });
    } catch (error) {
      // A URL ffmpeg cannot read will not heal by retrying.
      setStatus('offline', redactText((error as Error).message, secrets));
      log.error({ source, reason: current.reason }, 'camera source rejected');
      return;
    }
    void sweepSegmentDir(segmentDir, (path) => ring.has(path) || basename(path).startsWith(prefix));

    const proc = spawnFfmpeg(options.ffmpegPath, args);
    const r: Run = {
      id: runCount,
      prefix,
      stopProcess: proc.stop,
      startedAt: Date.now(),
      firstFrameAt: null,
      lastFrameAt: null,
      killReason: null,
      stderr: new StderrTail(secrets),
      stream: input?.stream ?? null,
      keyframeTimer: null,
    };
    run = r;
    if (input) startForwarding(r, input.stream, input.rtpInput.port);
    fps.reset();
    if (runCount > 1) setStatus(current.state, current.reason, true);
    if (input && current.state === 'offline') setStatus('starting', 'WHIP publisher connected; waiting for the first frame');
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

  /**
   * The publisher's RTP goes to this run's port. Keyframes are asked for until the decoder has started, then once
   * a segment length: publishers such as browsers send one only when asked, and segments cut only at keyframes.
   */
  const startForwarding = (r: Run, stream: PublishedStream, port: number) => {
    stream.forwardTo(port);
    stream.requestKeyframe();
    const tick = () => {
      if (run !== r) return;
      stream.requestKeyframe();
      r.keyframeTimer = setTimeout(tick, r.firstFrameAt === null ? 1000 : segmentSeconds * 1000);
      r.keyframeTimer.unref();
    };
    r.keyframeTimer = setTimeout(tick, 500);
    r.keyframeTimer.unref();
  };

  const stopForwarding = (r: Run) => {
    if (r.keyframeTimer) clearTimeout(r.keyframeTimer);
    r.keyframeTimer = null;
    if (r.stream && options.published?.current(camera.id) === r.stream) r.stream.forwardTo(null);
  };

  /** A pushed camera's publisher came, went or was replaced. */
  const onPublisherChange = (stream: PublishedStream | null, reason: string) => {
    if (stopping || !started) return;
    failedAttempts = 0;
    const r = run;
    if (r) {
      if (r.stream === stream) return;
      r.killReason = stream ? reason : `the WHIP publisher left: ${reason}`;
      if (!stream) setStatus('offline', r.killReason);
      log.info({ run: r.id, reason }, 'WHIP publisher changed: restarting ffmpeg');
      void r.stopProcess();
      return;
    }
    if (restartTimer) clearTimeout(restartTimer);
    restartTimer = null;
    if (stream) void launch();
    else setStatus('offline', `the WHIP publisher left: ${reason}`);
  };

  const onExit = (r: Run, exit: FfmpegExit) => {
    if (run === r) run = null;
    stopForwarding(r);
    if (stopping) return;
    const reason =
      r.killReason ??
      (exit.spawnError
        ? `cannot start ffmpeg: ${redactText(exit.spawnError.message, secrets)}`
        : describeExit(exit.code, exit.signal, r.stderr.lines(), secrets));
    if (pushed && !options.published?.current(camera.id)) {
      setStatus('offline', current.state === 'offline' && current.reason.startsWith('the WHIP publisher left') ? current.reason : 'waiting for a WHIP publisher');
      log.info({ run: r.id, reason }, 'ffmpeg stopped; waiting for a WHIP publisher');
      return;
    }
    setStatus('offline', reason);
    const streamedMs = r.firstFrameAt !== null && r.lastFrameAt !== null ? r.lastFrameAt - r.firstFrameAt : 0;
    if (streamedMs >= healthyRunMs) failedAttempts = 0;
    const delayMs = backoffDelay(failedAttempts, backoff);
    failedAttempts += 1;
    log.warn({ run: r.id, code: exit.code, signal: exit.signal, reason, restarts: current.restarts, retryInMs: delayMs }, 'ffmpeg exited');
    // A publisher replaced mid-run is read again at once.
    restartTimer = setTimeout(() => void launch(), r.killReason !== null && pushed ? 0 : delayMs);
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
      setStatus('starting', pushed ? 'waiting for a WHIP publisher' : 'connecting');
      watchdogTimer = setInterval(checkHealth, Math.min(1000, Math.max(100, Math.floor(watchdogMs / 4))));
      watchdogTimer.unref();
      if (pushed && options.published) unwatchPublisher = options.published.watch(camera.id, onPublisherChange);
      void launch();
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        if (restartTimer) clearTimeout(restartTimer);
        if (watchdogTimer) clearInterval(watchdogTimer);
        restartTimer = null;
        watchdogTimer = null;
        unwatchPublisher?.();
        unwatchPublisher = null;
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

function isPushed(camera: Camera): boolean {
  try {
    return parseCameraSource(camera).kind === 'whip';
  } catch {
    return false;
  }
}
