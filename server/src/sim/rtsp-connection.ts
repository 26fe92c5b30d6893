import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { RelayContext, SessionHost, SetupOutcome } from './rtsp-context.js';
import { formatResponse, RtspStreamParser, type RtspHeaders, type RtspRequest } from './rtsp-message.js';
import { PublisherSession } from './rtsp-publisher-session.js';
import { ReaderSession } from './rtsp-reader-session.js';
import { parseTransport } from './rtsp-transport.js';
import { trimSlashes } from './sdp.js';
import { normalizeAddress } from './udp-port-pair.js';

const PUBLIC_METHODS = 'OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, PAUSE, RECORD, TEARDOWN, GET_PARAMETER, SET_PARAMETER';
const SERVER_NAME = 'Vigil-sim RTSP relay';
const GRACEFUL_CLOSE_MS = 2000;

/** One client connection: RTSP requests, interleaved frames and at most one publisher or reader session. */
export class RtspConnection implements SessionHost {
  readonly remoteAddress: string;
  private readonly parser: RtspStreamParser;
  private sessionId: string | undefined;
  private publisher: PublisherSession | undefined;
  private reader: ReaderSession | undefined;
  private activeSinceCheck = true;
  private closed = false;

  constructor(
    readonly socket: Socket,
    readonly context: RelayContext,
    private readonly onClosed: (connection: RtspConnection) => void,
  ) {
    this.remoteAddress = normalizeAddress(socket.remoteAddress ?? '');
    socket.setNoDelay(true);
    this.parser = new RtspStreamParser({
      onRequest: (request) => this.handleRequest(request),
      onFrame: (channel, payload, framed) => this.publisher?.receiveFrame(channel, payload, framed),
      onError: () => this.destroy(),
    });
    socket.on('data', (chunk: Buffer) => {
      this.activeSinceCheck = true;
      const mount = this.publisher?.mount;
      if (!mount) return this.parser.push(chunk);
      mount.beginBatch();
      this.parser.push(chunk);
      mount.endBatch();
    });
    socket.on('error', () => {});
    socket.on('close', () => this.cleanup());
  }

  markActive(): void {
    this.activeSinceCheck = true;
  }

  /** Called once per session-timeout period; closes a connection that showed no sign of life in a whole period. */
  checkTimeout(): void {
    if (!this.activeSinceCheck) this.destroy();
    this.activeSinceCheck = false;
  }

  closeGracefully(): void {
    if (this.closed) return;
    this.parser.stop();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), GRACEFUL_CLOSE_MS).unref();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.parser.stop();
    this.endSession();
    this.onClosed(this);
  }

  private endSession(): void {
    this.publisher?.end();
    this.reader?.end();
    this.publisher = undefined;
    this.reader = undefined;
    this.sessionId = undefined;
  }

  private handleRequest(request: RtspRequest): void {
    const sessionHeader = request.headers.get('session')?.split(';')[0]?.trim();
    if (sessionHeader !== undefined && request.method !== 'OPTIONS' && sessionHeader !== this.sessionId) {
      return this.respond(request, 454);
    }
    switch (request.method) {
      case 'OPTIONS':
        return this.respond(request, 200, { Public: PUBLIC_METHODS });
      case 'DESCRIBE':
        return this.describe(request);
      case 'ANNOUNCE':
        return this.announce(request);
      case 'SETUP':
        return this.setup(request);
      case 'PLAY':
        return this.respondInSession(request, this.reader?.play() ?? 455, { Range: 'npt=0.000-' });
      case 'PAUSE':
        return this.respondInSession(request, this.reader?.pause() ?? 455);
      case 'RECORD':
        return this.respondInSession(request, this.publisher?.record() ?? 455);
      case 'TEARDOWN':
        this.respond(request, 200);
        return this.endSession();
      case 'GET_PARAMETER':
      case 'SET_PARAMETER':
        return this.respondInSession(request, 200);
      default:
        return this.respond(request, 501);
    }
  }

  private describe(request: RtspRequest): void {
    const path = requestPath(request.url);
    const mount = path === undefined ? undefined : this.context.registry.get(path);
    if (!mount) return this.respond(request, 404);
    const base = (request.url.split('?')[0] ?? '').replace(/\/+$/, '');
    this.respond(request, 200, { 'Content-Base': `${base}/`, 'Content-Type': 'application/sdp' }, mount.readerSdp);
  }

  private announce(request: RtspRequest): void {
    const path = requestPath(request.url);
    if (path === undefined || path === '') return this.respond(request, 400);
    if (this.reader || this.publisher?.mount) return this.respond(request, 455);
    const contentType = request.headers.get('content-type') ?? '';
    if (!contentType.toLowerCase().startsWith('application/sdp') || request.body.length === 0) {
      return this.respond(request, 400);
    }
    this.publisher = new PublisherSession(path, request.body.toString('utf8'), this);
    this.respond(request, 200);
  }

  private setup(request: RtspRequest): void {
    const path = requestPath(request.url);
    const transports = parseTransport(request.headers.get('transport') ?? '');
    if (path === undefined || transports.length === 0) return this.respond(request, 400);
    let outcome: SetupOutcome;
    if (this.publisher) {
      outcome = this.publisher.setup(path, transports);
    } else {
      this.reader ??= new ReaderSession(this);
      outcome = this.reader.setup(path, transports);
    }
    if (outcome.status === 200) this.sessionId ??= randomBytes(8).toString('hex');
    this.respondInSession(request, outcome.status, { Transport: outcome.transport });
  }

  private respondInSession(request: RtspRequest, status: number, headers: RtspHeaders = {}): void {
    const session = this.sessionId && `${this.sessionId};timeout=${this.context.sessionTimeoutSec}`;
    this.respond(request, status, { ...headers, Session: session || undefined });
  }

  private respond(request: RtspRequest, status: number, headers: RtspHeaders = {}, body?: string): void {
    if (!this.socket.writable) return;
    const cseq = request.headers.get('cseq');
    this.socket.write(formatResponse(status, { CSeq: cseq, Server: SERVER_NAME, ...headers }, body));
  }
}

/** The request URL's path without slashes at either end, percent-decoded; undefined for `*` or a bad URL. */
export function requestPath(url: string): string | undefined {
  try {
    return trimSlashes(decodeURIComponent(new URL(url).pathname));
  } catch {
    return undefined;
  }
}
