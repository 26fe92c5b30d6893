import { randomBytes } from 'node:crypto';
import { notFound, VigilError } from '../../domain/index.js';
import type { Logger } from '../../observability/logger.js';
import type { PublishedStream, PublishedStreams } from '../published-stream.js';
import type { TrickleFragment } from './trickle-fragment.js';
import type { WhipPeer } from './whip-peer.adapter.js';

export interface WhipSessionsOptions {
  openPeer(offerSdp: string): Promise<WhipPeer>;
  /** Sends one RTP packet to a loopback UDP port (ffmpeg's input). */
  sendRtp(packet: Buffer, port: number): void;
  logger: Logger;
}

export interface WhipPublished {
  sessionId: string;
  answerSdp: string;
  /** Names the ICE session: the ETag of the WHIP resource. */
  etag: string;
}

interface Session {
  id: string;
  cameraId: string;
  peer: WhipPeer;
  stream: PublishedStream;
  startedAt: number;
}

/**
 * The WHIP publishers, one per camera: a new publisher replaces the camera's current one (a phone that lost its
 * network publishes again before its old session times out). Ingests find the stream here and are told when it
 * comes or goes.
 */
export class WhipSessions implements PublishedStreams {
  readonly #sessions = new Map<string, Session>();
  readonly #watchers = new Map<string, Set<(stream: PublishedStream | null, reason: string) => void>>();
  #closed = false;

  constructor(private readonly options: WhipSessionsOptions) {}

  async publish(cameraId: string, offerSdp: string): Promise<WhipPublished> {
    if (this.#closed) throw new VigilError('unavailable', 'Vigil is shutting down');
    const peer = await this.options.openPeer(offerSdp);
    if (this.#closed) {
      await peer.close('Vigil is shutting down');
      throw new VigilError('unavailable', 'Vigil is shutting down');
    }
    const id = randomBytes(12).toString('base64url');
    let target: number | null = null;
    peer.onRtp((packet) => {
      if (target !== null) this.options.sendRtp(packet, target);
    });
    const stream: PublishedStream = {
      codec: peer.format.codec,
      payloadType: peer.format.payloadType,
      clockRate: peer.format.clockRate,
      fmtp: peer.format.fmtp,
      forwardTo: (port) => {
        target = port;
      },
      requestKeyframe: () => peer.requestKeyframe(),
    };
    const session: Session = { id, cameraId, peer, stream, startedAt: Date.now() };
    const previous = this.#sessions.get(cameraId);
    this.#sessions.set(cameraId, session);
    if (previous) void previous.peer.close('replaced by a new publisher');
    this.options.logger.info({ camera: cameraId, session: id, codec: stream.codec, replaced: previous !== undefined }, 'WHIP publisher connected');
    this.#notify(cameraId, stream, previous ? 'a new publisher replaced the stream' : 'a publisher connected');
    // After the watchers heard of the stream: a peer already gone is then reported gone, not left as the stream.
    peer.onGone((reason) => this.#ended(session, reason));
    return { sessionId: id, answerSdp: peer.answerSdp, etag: `"${peer.iceUfrag}"` };
  }

  /** DELETE of the session's resource. */
  async end(cameraId: string, sessionId: string): Promise<void> {
    await this.#find(cameraId, sessionId).peer.close('the publisher ended the session');
  }

  /** PATCH of the session's resource with trickled candidates; an ICE restart is not supported. */
  async trickle(cameraId: string, sessionId: string, fragment: TrickleFragment, ifMatch: string | undefined): Promise<void> {
    const session = this.#find(cameraId, sessionId);
    const etag = `"${session.peer.iceUfrag}"`;
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etag) {
      throw new VigilError('precondition_failed', `If-Match ${ifMatch} does not name this ICE session (${etag})`);
    }
    if (fragment.ufrag !== null && fragment.ufrag !== session.peer.iceUfrag) {
      throw new VigilError('unprocessable', 'ICE restarts are not supported: end this session (DELETE) and publish again');
    }
    await session.peer.addCandidates(fragment.candidates);
  }

  current(cameraId: string): PublishedStream | null {
    return this.#sessions.get(cameraId)?.stream ?? null;
  }

  watch(cameraId: string, listener: (stream: PublishedStream | null, reason: string) => void): () => void {
    let watchers = this.#watchers.get(cameraId);
    if (!watchers) this.#watchers.set(cameraId, (watchers = new Set()));
    watchers.add(listener);
    return () => {
      watchers.delete(listener);
      if (watchers.size === 0) this.#watchers.delete(cameraId);
    };
  }

  /** Ends a camera's publisher (the camera was removed, or is no longer a WHIP camera). */
  async forget(cameraId: string): Promise<void> {
    await this.#sessions.get(cameraId)?.peer.close('the camera was removed');
  }

  publishers(): Array<{ cameraId: string; sessionId: string; codec: string; since: number }> {
    return [...this.#sessions.values()].map((s) => ({ cameraId: s.cameraId, sessionId: s.id, codec: s.stream.codec, since: s.startedAt }));
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#sessions.values()].map((session) => session.peer.close('Vigil is shutting down')));
  }

  #find(cameraId: string, sessionId: string): Session {
    const session = this.#sessions.get(cameraId);
    if (!session || session.id !== sessionId) throw notFound('WHIP session', `${cameraId}/${sessionId}`);
    return session;
  }

  #ended(session: Session, reason: string): void {
    session.stream.forwardTo(null);
    if (this.#sessions.get(session.cameraId) !== session) return;
    this.#sessions.delete(session.cameraId);
    this.options.logger.info({ camera: session.cameraId, session: session.id, reason }, 'WHIP publisher gone');
    this.#notify(session.cameraId, null, reason);
  }

  #notify(cameraId: string, stream: PublishedStream | null, reason: string): void {
    for (const listener of this.#watchers.get(cameraId) ?? []) {
      try {
        listener(stream, reason);
      } catch (error) {
        this.options.logger.error({ camera: cameraId, err: (error as Error).message }, 'a WHIP watcher failed');
      }
    }
  }
}
