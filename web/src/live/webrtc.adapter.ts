import { api } from '../api/http.adapter.js';
import type { SdpAnswerDto, SdpOfferDto } from '../api/contracts.js';

export interface LiveSession {
  /** Settles when the stream stops (connection failed or closed). */
  ended: Promise<void>;
  close(): void;
}

const GATHER_LIMIT_MS = 2000;

export const webRtcSupported = (): boolean => typeof RTCPeerConnection !== 'undefined';

/** The server answers without trickle ICE, so the offer carries every local candidate too. */
function gatheringComplete(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      pc.removeEventListener('icegatheringstatechange', check);
      clearTimeout(timer);
      resolve();
    };
    const check = () => pc.iceGatheringState === 'complete' && done();
    const timer = setTimeout(done, GATHER_LIMIT_MS);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

function firstPlaying(video: HTMLVideoElement, timeoutMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      video.removeEventListener('playing', onPlaying);
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onPlaying = () => finish();
    const onAbort = () => finish(new Error('stopped'));
    const timer = setTimeout(() => finish(new Error(`no video within ${timeoutMs / 1000} s`)), timeoutMs);
    video.addEventListener('playing', onPlaying);
    signal.addEventListener('abort', onAbort);
  });
}

/** Plays the camera in `video` over WebRTC (H.264 relayed by Vigil, receive only); rejects if no frame plays in time. */
export async function startWebRtc(video: HTMLVideoElement, cameraId: string, timeoutMs: number, signal: AbortSignal): Promise<LiveSession> {
  const pc = new RTCPeerConnection({ iceServers: [] });
  const close = () => {
    pc.close();
    if (video.srcObject) video.srcObject = null;
  };
  try {
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addEventListener('track', (event) => {
      video.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      void video.play().catch(() => undefined);
    });
    await pc.setLocalDescription(await pc.createOffer());
    await gatheringComplete(pc);
    const offer: SdpOfferDto = { type: 'offer', sdp: pc.localDescription?.sdp ?? '' };
    const playing = firstPlaying(video, timeoutMs, signal);
    playing.catch(() => undefined); // awaited below; a failed POST must not leave it unhandled
    const answer = await api.post<SdpAnswerDto>(`/api/cameras/${encodeURIComponent(cameraId)}/live/webrtc`, offer);
    await pc.setRemoteDescription(answer);
    await playing;
  } catch (error) {
    close();
    throw error;
  }
  const ended = new Promise<void>((resolve) => {
    const check = () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') resolve();
    };
    pc.addEventListener('connectionstatechange', check);
    video.addEventListener('ended', () => resolve());
    signal.addEventListener('abort', () => resolve());
  });
  return { ended, close };
}
