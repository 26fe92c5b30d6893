import { describe, expect, it } from 'vitest';
import { VigilError } from '../../domain/index.js';
import { silentLogger } from '../../observability/logger.js';
import type { PublishedStream } from '../published-stream.js';
import type { OfferedVideoFormat } from './publisher-offer.js';
import type { TrickleCandidate, TrickleFragment } from './trickle-fragment.js';
import type { WhipPeer } from './whip-peer.adapter.js';
import { WhipSessions } from './whip-sessions.js';

const H264: OfferedVideoFormat = { codec: 'H264', payloadType: 102, clockRate: 90000, fmtp: 'packetization-mode=1;profile-level-id=42e01f' };
const CANDIDATE: TrickleCandidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };

/** A publisher's session as the WebRTC stack would report it, driven by the test. */
class TestPeer implements WhipPeer {
  readonly answerSdp: string;
  readonly format: OfferedVideoFormat;
  readonly iceUfrag: string;
  readonly addedCandidates: TrickleCandidate[] = [];
  keyframeRequests = 0;
  closedWith: string | null = null;
  readonly #rtpListeners: Array<(packet: Buffer) => void> = [];
  readonly #goneListeners: Array<(reason: string) => void> = [];
  #goneReason: string | null = null;

  constructor(iceUfrag: string, format: OfferedVideoFormat = H264) {
    this.iceUfrag = iceUfrag;
    this.format = format;
    this.answerSdp = `v=0\r\na=ice-ufrag:answer-for-${iceUfrag}\r\n`;
  }

  /** A packet arriving from the publisher (the stack may deliver one late, after the session ended). */
  receive(packet: Buffer): void {
    for (const listener of this.#rtpListeners) listener(packet);
  }

  /** The connection ends on its own (failed, timed out). */
  leave(reason: string): void {
    if (this.#goneReason !== null) return;
    this.#goneReason = reason;
    for (const listener of this.#goneListeners.splice(0)) listener(reason);
  }

  onRtp(listener: (packet: Buffer) => void): void {
    this.#rtpListeners.push(listener);
  }
  onGone(listener: (reason: string) => void): void {
    if (this.#goneReason !== null) listener(this.#goneReason);
    else this.#goneListeners.push(listener);
  }
  requestKeyframe(): void {
    this.keyframeRequests += 1;
  }
  async addCandidates(candidates: readonly TrickleCandidate[]): Promise<void> {
    this.addedCandidates.push(...candidates);
  }
  async close(reason = 'ended by Vigil'): Promise<void> {
    this.closedWith ??= reason;
    this.leave(reason);
  }
}

/** WhipSessions whose peers are TestPeers named by the offer text, with the RTP it sends recorded. */
function sessionsUnderTest(openPeer?: (offerSdp: string) => Promise<WhipPeer>) {
  const peers: TestPeer[] = [];
  const sent: Array<{ packet: string; port: number }> = [];
  const sessions = new WhipSessions({
    openPeer:
      openPeer ??
      (async (offerSdp) => {
        const peer = new TestPeer(offerSdp);
        peers.push(peer);
        return peer;
      }),
    sendRtp: (packet, port) => sent.push({ packet: packet.toString(), port }),
    logger: silentLogger(),
  });
  return { sessions, peers, sent };
}

type Heard = Array<{ stream: PublishedStream | null; reason: string }>;
const listen = (sessions: WhipSessions, cameraId: string): Heard => {
  const heard: Heard = [];
  sessions.watch(cameraId, (stream, reason) => heard.push({ stream, reason }));
  return heard;
};

const fragment = (over: Partial<TrickleFragment> = {}): TrickleFragment => ({ ufrag: null, pwd: null, candidates: [CANDIDATE], endOfCandidates: false, ...over });

const codeOf = async (action: Promise<unknown>): Promise<string> => {
  try {
    await action;
  } catch (error) {
    if (error instanceof VigilError) return error.code;
    throw error;
  }
  throw new Error('it succeeded');
};

describe('WhipSessions', () => {
  it("publishes a camera's stream: current() finds it, watchers hear of it, and the answer names the ICE session", async () => {
    const { sessions } = sessionsUnderTest();
    const heard = listen(sessions, 'dock-1');
    const published = await sessions.publish('dock-1', 'ufragA');
    expect(published.answerSdp).toBe('v=0\r\na=ice-ufrag:answer-for-ufragA\r\n');
    expect(published.etag).toBe('"ufragA"');
    expect(published.sessionId).toMatch(/^[A-Za-z0-9_-]{16}$/);

    const stream = sessions.current('dock-1');
    expect(stream).toMatchObject({ codec: 'H264', payloadType: 102, clockRate: 90000, fmtp: 'packetization-mode=1;profile-level-id=42e01f' });
    expect(heard).toEqual([{ stream, reason: 'a publisher connected' }]);
    expect(sessions.current('dock-2')).toBeNull();
    expect(sessions.publishers()).toEqual([{ cameraId: 'dock-1', sessionId: published.sessionId, codec: 'H264', since: expect.any(Number) }]);
  });

  it('lets a new publisher replace the current one: the old peer is closed and watchers get the new stream', async () => {
    const { sessions, peers } = sessionsUnderTest();
    const heard = listen(sessions, 'dock-1');
    const first = await sessions.publish('dock-1', 'ufragA');
    const firstStream = sessions.current('dock-1');
    const second = await sessions.publish('dock-1', 'ufragB');

    expect(peers[0]?.closedWith).toBe('replaced by a new publisher');
    expect(peers[1]?.closedWith).toBeNull();
    const secondStream = sessions.current('dock-1');
    expect(secondStream).not.toBe(firstStream);
    expect(heard).toEqual([
      { stream: firstStream, reason: 'a publisher connected' },
      { stream: secondStream, reason: 'a new publisher replaced the stream' },
    ]);
    expect(sessions.publishers().map((p) => p.sessionId)).toEqual([second.sessionId]);
    expect(await codeOf(sessions.end('dock-1', first.sessionId))).toBe('not_found');
  });

  it('ends a session on DELETE of its own id only', async () => {
    const { sessions, peers } = sessionsUnderTest();
    const heard = listen(sessions, 'dock-1');
    const published = await sessions.publish('dock-1', 'ufragA');

    expect(await codeOf(sessions.end('dock-1', 'not-this-session'))).toBe('not_found');
    expect(await codeOf(sessions.end('dock-2', published.sessionId))).toBe('not_found');
    expect(peers[0]?.closedWith).toBeNull();

    await sessions.end('dock-1', published.sessionId);
    expect(peers[0]?.closedWith).toBe('the publisher ended the session');
    expect(sessions.current('dock-1')).toBeNull();
    expect(heard.at(-1)).toEqual({ stream: null, reason: 'the publisher ended the session' });
    expect(await codeOf(sessions.end('dock-1', published.sessionId))).toBe('not_found');
  });

  it('hands trickled candidates to the peer when If-Match names the ICE session', async () => {
    const { sessions, peers } = sessionsUnderTest();
    const { sessionId, etag } = await sessions.publish('dock-1', 'ufragA');

    expect(await codeOf(sessions.trickle('dock-1', sessionId, fragment(), '"ufragB"'))).toBe('precondition_failed');
    expect(await codeOf(sessions.trickle('dock-1', sessionId, fragment(), 'ufragA'))).toBe('precondition_failed');
    expect(await codeOf(sessions.trickle('dock-1', sessionId, fragment({ ufrag: 'ufragB', pwd: 'other' }), etag))).toBe('unprocessable');
    expect(await codeOf(sessions.trickle('dock-1', 'not-this-session', fragment(), etag))).toBe('not_found');
    expect(peers[0]?.addedCandidates).toEqual([]);

    await sessions.trickle('dock-1', sessionId, fragment({ ufrag: 'ufragA', pwd: 'secret' }), etag);
    await sessions.trickle('dock-1', sessionId, fragment(), undefined);
    await sessions.trickle('dock-1', sessionId, fragment({ candidates: [], endOfCandidates: true }), '*');
    expect(peers[0]?.addedCandidates).toEqual([CANDIDATE, CANDIDATE]);
  });

  it('forwards RTP only to the port it is told, and not after forwardTo(null) or once the peer is gone', async () => {
    const { sessions, peers, sent } = sessionsUnderTest();
    const heard = listen(sessions, 'dock-1');
    await sessions.publish('dock-1', 'ufragA');
    const peer = peers[0] as TestPeer;
    const stream = sessions.current('dock-1') as PublishedStream;

    peer.receive(Buffer.from('before'));
    stream.forwardTo(50_000);
    peer.receive(Buffer.from('one'));
    stream.forwardTo(50_002);
    peer.receive(Buffer.from('two'));
    stream.forwardTo(null);
    peer.receive(Buffer.from('paused'));
    stream.forwardTo(50_004);
    peer.receive(Buffer.from('three'));
    peer.leave("the publisher's connection failed");
    peer.receive(Buffer.from('late'));

    expect(sent).toEqual([
      { packet: 'one', port: 50_000 },
      { packet: 'two', port: 50_002 },
      { packet: 'three', port: 50_004 },
    ]);
    expect(heard.at(-1)).toEqual({ stream: null, reason: "the publisher's connection failed" });
    expect(sessions.current('dock-1')).toBeNull();
  });

  it("stops forwarding a replaced publisher's RTP", async () => {
    const { sessions, peers, sent } = sessionsUnderTest();
    await sessions.publish('dock-1', 'ufragA');
    sessions.current('dock-1')?.forwardTo(50_000);
    await sessions.publish('dock-1', 'ufragB');
    peers[0]?.receive(Buffer.from('old'));
    peers[1]?.receive(Buffer.from('new, not yet routed'));
    sessions.current('dock-1')?.forwardTo(50_002);
    peers[1]?.receive(Buffer.from('new'));
    expect(sent).toEqual([{ packet: 'new', port: 50_002 }]);
  });

  it("passes keyframe requests to the camera's peer", async () => {
    const { sessions, peers } = sessionsUnderTest();
    await sessions.publish('dock-1', 'ufragA');
    sessions.current('dock-1')?.requestKeyframe();
    sessions.current('dock-1')?.requestKeyframe();
    expect(peers[0]?.keyframeRequests).toBe(2);
  });

  it("keeps separate cameras apart and tells each camera's watchers only of their own", async () => {
    const { sessions, peers } = sessionsUnderTest();
    const dock = listen(sessions, 'dock-1');
    const yard = listen(sessions, 'yard');
    await sessions.publish('dock-1', 'ufragA');
    await sessions.publish('yard', 'ufragB');
    await sessions.forget('dock-1');
    expect(peers[0]?.closedWith).toBe('the camera was removed');
    expect(peers[1]?.closedWith).toBeNull();
    expect(dock.map((h) => h.reason)).toEqual(['a publisher connected', 'the camera was removed']);
    expect(yard.map((h) => h.reason)).toEqual(['a publisher connected']);
    await sessions.forget('nobody');
  });

  it('stops telling a watcher once it unsubscribes, and keeps telling the others when one throws', async () => {
    const { sessions } = sessionsUnderTest();
    sessions.watch('dock-1', () => {
      throw new Error('watcher broke');
    });
    const heard: string[] = [];
    const unwatch = sessions.watch('dock-1', (_stream, reason) => heard.push(reason));
    const { sessionId } = await sessions.publish('dock-1', 'ufragA');
    unwatch();
    await sessions.end('dock-1', sessionId);
    expect(heard).toEqual(['a publisher connected']);
  });

  it('reports a peer that was gone before it was taken in as gone, after its stream', async () => {
    const { sessions } = sessionsUnderTest(async (offerSdp) => {
      const peer = new TestPeer(offerSdp);
      peer.leave('the publisher never connected');
      return peer;
    });
    const heard = listen(sessions, 'dock-1');
    await sessions.publish('dock-1', 'ufragA');
    expect(heard.map((h) => [h.stream === null, h.reason])).toEqual([
      [false, 'a publisher connected'],
      [true, 'the publisher never connected'],
    ]);
    expect(sessions.current('dock-1')).toBeNull();
  });

  it('leaves the current publisher in place when a new offer fails', async () => {
    let refuse = false;
    const peers: TestPeer[] = [];
    const { sessions } = sessionsUnderTest(async (offerSdp) => {
      if (refuse) throw new VigilError('invalid_input', 'the offer has no video section (m=video)');
      const peer = new TestPeer(offerSdp);
      peers.push(peer);
      return peer;
    });
    await sessions.publish('dock-1', 'ufragA');
    refuse = true;
    expect(await codeOf(sessions.publish('dock-1', 'ufragB'))).toBe('invalid_input');
    expect(sessions.current('dock-1')).not.toBeNull();
    expect(peers[0]?.closedWith).toBeNull();
  });

  it('closes every publisher on close() and takes no new one after', async () => {
    const { sessions, peers } = sessionsUnderTest();
    const heard = listen(sessions, 'yard');
    await sessions.publish('dock-1', 'ufragA');
    await sessions.publish('yard', 'ufragB');
    await sessions.close();
    expect(peers.map((p) => p.closedWith)).toEqual(['Vigil is shutting down', 'Vigil is shutting down']);
    expect(heard.at(-1)).toEqual({ stream: null, reason: 'Vigil is shutting down' });
    expect(sessions.publishers()).toEqual([]);
    expect(await codeOf(sessions.publish('dock-1', 'ufragC'))).toBe('unavailable');
    expect(peers).toHaveLength(2);
  });

  it('closes a peer whose offer was still being answered when Vigil closed', async () => {
    let answer: (peer: TestPeer) => void = () => undefined;
    const { sessions } = sessionsUnderTest(() => new Promise<TestPeer>((resolve) => (answer = resolve)));
    const publishing = sessions.publish('dock-1', 'ufragA');
    await sessions.close();
    const late = new TestPeer('ufragA');
    answer(late);
    expect(await codeOf(publishing)).toBe('unavailable');
    expect(late.closedWith).toBe('Vigil is shutting down');
    expect(sessions.current('dock-1')).toBeNull();
  });
});
