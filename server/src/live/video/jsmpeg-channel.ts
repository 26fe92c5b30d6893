import type { RelaySink } from './camera-relay.js';
import { H264Depacketizer } from './h264-depacketizer.js';

/** A JSMpeg viewer's connection: binary messages out. */
export interface TsClient {
  send(chunk: Buffer): void;
  close(code: number, reason: string): void;
  /** Bytes queued but not yet sent. */
  readonly bufferedBytes: number;
  onClose(listener: () => void): void;
}

/** ffmpeg turning raw H.264 into MPEG-TS with MPEG-1 video. */
export interface Transcoder {
  write(annexB: Buffer): void;
  stop(): Promise<void>;
}

export interface TranscoderHandlers {
  onData(chunk: Buffer): void;
  /** The transcoder ended without being asked to. */
  onExit(reason: string): void;
}

export interface JsmpegChannelOptions {
  startTranscoder(handlers: TranscoderHandlers): Transcoder;
  /** Feeds the channel from the camera's relay; returns the detach function. */
  attach(sink: RelaySink): () => void;
  /** The transcoder keeps running this long after the last viewer leaves (a page reload should not restart it). */
  idleStopMs: number;
  /** A viewer that falls this far behind is disconnected. */
  maxBufferedBytes: number;
  onEvent(event: 'started' | 'stopped' | 'slow-client' | 'transcoder-exit', detail?: string): void;
}

const TS_PACKET = 188;

interface Viewer {
  client: TsClient;
  /** Set once the viewer has been handed output from a TS packet boundary on. */
  aligned: boolean;
}

/**
 * One camera's JSMpeg fallback: the transcoder runs while anyone watches (and idleStopMs after), its MPEG-TS goes to
 * every viewer, each starting at a 188-byte packet boundary. JSMpeg reads bare MPEG-TS, so no header is sent.
 */
export class JsmpegChannel {
  readonly #viewers = new Set<Viewer>();
  #transcoder: Transcoder | null = null;
  #detach: (() => void) | null = null;
  #stopTimer: NodeJS.Timeout | null = null;
  #bytesOut = 0;

  constructor(private readonly options: JsmpegChannelOptions) {}

  get viewerCount(): number {
    return this.#viewers.size;
  }

  get running(): boolean {
    return this.#transcoder !== null;
  }

  add(client: TsClient): void {
    const viewer: Viewer = { client, aligned: false };
    this.#viewers.add(viewer);
    client.onClose(() => this.#remove(viewer));
    if (this.#stopTimer) clearTimeout(this.#stopTimer);
    this.#stopTimer = null;
    if (!this.#transcoder) this.#start();
  }

  /** Stops the transcoder now and disconnects every viewer. */
  async close(reason = 'live view closed'): Promise<void> {
    for (const viewer of [...this.#viewers]) viewer.client.close(1001, reason);
    this.#viewers.clear();
    await this.#stop();
  }

  #start(): void {
    this.#bytesOut = 0;
    const depacketizer = new H264Depacketizer();
    const transcoder = this.options.startTranscoder({
      onData: (chunk) => this.#broadcast(chunk),
      onExit: (reason) => {
        if (this.#transcoder !== transcoder) return;
        this.options.onEvent('transcoder-exit', reason);
        this.#detach?.();
        this.#detach = null;
        this.#transcoder = null;
        for (const viewer of [...this.#viewers]) viewer.client.close(1011, 'the live transcoder stopped');
        this.#viewers.clear();
      },
    });
    this.#transcoder = transcoder;
    this.#detach = this.options.attach({
      deliver: (packets) => {
        for (const packet of packets) for (const unit of depacketizer.push(packet)) transcoder.write(unit);
      },
    });
    this.options.onEvent('started');
  }

  async #stop(): Promise<void> {
    if (this.#stopTimer) clearTimeout(this.#stopTimer);
    this.#stopTimer = null;
    this.#detach?.();
    this.#detach = null;
    const transcoder = this.#transcoder;
    this.#transcoder = null;
    if (transcoder) {
      await transcoder.stop();
      this.options.onEvent('stopped');
    }
  }

  #remove(viewer: Viewer): void {
    if (!this.#viewers.delete(viewer) || this.#viewers.size > 0 || this.#stopTimer) return;
    this.#stopTimer = setTimeout(() => void this.#stop(), this.options.idleStopMs);
    this.#stopTimer.unref();
  }

  #broadcast(chunk: Buffer): void {
    const offset = this.#bytesOut;
    this.#bytesOut += chunk.length;
    const skip = (TS_PACKET - (offset % TS_PACKET)) % TS_PACKET;
    for (const viewer of this.#viewers) {
      if (viewer.client.bufferedBytes > this.options.maxBufferedBytes) {
        this.options.onEvent('slow-client');
        viewer.client.close(1013, 'too far behind the live stream');
        continue;
      }
      if (!viewer.aligned) {
        if (skip >= chunk.length) continue;
        viewer.aligned = true;
        viewer.client.send(chunk.subarray(skip));
      } else {
        viewer.client.send(chunk);
      }
    }
  }
}
