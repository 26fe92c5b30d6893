import { deleteWhipSession, patchWhipCandidates, postWhipOffer } from '../api/whip.adapter.js';
import { orderCodecs, type CodecCapability, type VideoCodecChoice } from '../lib/codec-preference.js';
import { candidateFragment, iceCredentials, negotiatedCodec, sdpCandidates } from '../lib/whip-publish.js';

/** Gathering usually ends within milliseconds on a LAN; a slow STUN or TURN server must not hold Start up. */
const GATHER_LIMIT_MS = 3000;

export interface PublishCallbacks {
  /** The connection to Vigil changed (RTCPeerConnection.connectionState). */
  onConnectionState(state: RTCPeerConnectionState): void;
  /** Publishing ended by itself: the connection failed or the camera went away. */
  onEnded(reason: string): void;
}

export interface PublishSession {
  /** The codec Vigil's answer picked, as named in the SDP (H264, VP8). */
  codec: string | null;
  /** Ends the session on Vigil (DELETE), stops the camera and closes the connection; resolves with a problem, if any. */
  stop(options?: { keepalive?: boolean }): Promise<string | null>;
}

function gatheringComplete(pc: RTCPeerConnection, limitMs: number): Promise<boolean> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (complete: boolean) => {
      pc.removeEventListener('icegatheringstatechange', check);
      clearTimeout(timer);
      resolve(complete);
    };
    const check = () => pc.iceGatheringState === 'complete' && done(true);
    const timer = setTimeout(() => done(false), limitMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/** Puts Vigil's codecs in the chosen order; the browser's order stays if it refuses the list. */
function preferCodecs(transceiver: RTCRtpTransceiver, choice: VideoCodecChoice): void {
  if (typeof transceiver.setCodecPreferences !== 'function') return;
  // Browsers differ on whether a send-only transceiver checks the list against send or receive codecs.
  const lists = [RTCRtpSender.getCapabilities?.('video')?.codecs, RTCRtpReceiver.getCapabilities?.('video')?.codecs];
  for (const list of lists) {
    const { codecs } = orderCodecs((list ?? []) as CodecCapability[], choice);
    if (codecs.length === 0) continue;
    try {
      transceiver.setCodecPreferences(codecs as RTCRtpCodec[]);
      return;
    } catch {
      // Try the other list.
    }
  }
}

/**
 * Sends candidates found after the offer left (when gathering outlasted its limit) to the session with PATCH,
 * then `a=end-of-candidates`. Stops quietly when the server does not take trickled candidates.
 */
function trickleLateCandidates(pc: RTCPeerConnection, offerSdp: string, url: string, etag: string | null, mid: string): () => void {
  const credentials = iceCredentials(offerSdp);
  if (!credentials) return () => undefined;
  const sent = new Set(sdpCandidates(offerSdp));
  let open = true;
  let chain = Promise.resolve();
  const flush = (end: boolean) => {
    const candidates = sdpCandidates(pc.localDescription?.sdp ?? '').filter((c) => !sent.has(c));
    if (candidates.length === 0 && !end) return;
    for (const candidate of candidates) sent.add(candidate);
    const fragment = candidateFragment({ ...credentials, mid, candidates, end });
    chain = chain.then(async () => {
      if (open) open = await patchWhipCandidates(url, fragment, etag).catch(() => false);
    });
  };
  const onCandidate = (event: RTCPeerConnectionIceEvent) => open && flush(event.candidate === null);
  pc.addEventListener('icecandidate', onCandidate);
  flush(pc.iceGatheringState === 'complete');
  return () => pc.removeEventListener('icecandidate', onCandidate);
}

/**
 * Publishes `stream`'s video track to a WHIP camera: a send-only WebRTC connection whose offer (with the
 * candidates gathered so far) goes to Vigil, which answers. Throws, having cleaned up, when that fails.
 */
export async function publishToWhip(
  stream: MediaStream,
  cameraId: string,
  codec: VideoCodecChoice,
  callbacks: PublishCallbacks,
  signal: AbortSignal,
): Promise<PublishSession> {
  const track = stream.getVideoTracks()[0];
  if (!track) throw new Error('The camera gave no video.');
  const pc = new RTCPeerConnection({ iceServers: [] });
  let sessionUrl: string | null = null;
  let stopTrickle = () => {};
  let stopped = false;

  const stop = async (options: { keepalive?: boolean } = {}): Promise<string | null> => {
    if (stopped) return null;
    stopped = true;
    stopTrickle();
    const ending = sessionUrl ? deleteWhipSession(sessionUrl, options) : Promise.resolve();
    for (const t of stream.getTracks()) t.stop();
    pc.close();
    try {
      await ending;
      return null;
    } catch (error) {
      return `Vigil did not confirm the end of the session: ${(error as Error).message}`;
    }
  };

  try {
    const transceiver = pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    preferCodecs(transceiver, codec);
    await pc.setLocalDescription(await pc.createOffer());
    const complete = await gatheringComplete(pc, GATHER_LIMIT_MS);
    signal.throwIfAborted();
    const offerSdp = pc.localDescription?.sdp ?? '';
    const answer = await postWhipOffer(cameraId, offerSdp, signal);
    sessionUrl = answer.sessionUrl;
    signal.throwIfAborted();
    if (answer.iceServers.length > 0) pc.setConfiguration({ ...pc.getConfiguration(), iceServers: answer.iceServers });
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    if (!complete && sessionUrl) stopTrickle = trickleLateCandidates(pc, offerSdp, sessionUrl, answer.etag, transceiver.mid ?? '0');

    const end = (reason: string) => {
      if (stopped) return;
      callbacks.onEnded(reason);
    };
    pc.addEventListener('connectionstatechange', () => {
      if (stopped) return;
      callbacks.onConnectionState(pc.connectionState);
      if (pc.connectionState === 'failed') {
        end('The connection to Vigil failed: this device and Vigil could not exchange media (a firewall or NAT between them may block UDP).');
      }
    });
    track.addEventListener('ended', () => end('The camera stopped: it was unplugged, or the browser took it back.'));
    callbacks.onConnectionState(pc.connectionState);
    return { codec: negotiatedCodec(answer.sdp), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
