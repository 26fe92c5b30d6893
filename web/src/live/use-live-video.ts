import { useEffect, useRef, useState, type RefObject } from 'react';
import { api, errorText } from '../api/http.adapter.js';
import type { LiveOptionsDto } from '../api/contracts.js';
import { backoffDelay } from '../lib/backoff.js';
import { liveMethods, type LiveMode } from '../lib/live-choice.js';
import { startJsmpeg } from './jsmpeg.adapter.js';
import { startWebRtc, webRtcSupported, type LiveSession } from './webrtc.adapter.js';

/** WebRTC gets this long to show a frame before JSMpeg is tried. */
const WEBRTC_START_MS = 5000;
const JSMPEG_START_MS = 10_000;

export interface LiveVideo {
  mode: LiveMode;
  /** Why the tile shows snapshots, when it does. */
  note: string | null;
  videoRef: RefObject<HTMLVideoElement | null>;
  canvasRef: RefObject<HTMLCanvasElement | null>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()));
  });

/**
 * Live video for one camera while `enabled`: WebRTC first, JSMpeg when WebRTC is off or shows nothing within 5 s,
 * refreshed snapshots otherwise; a stream that stops is retried with backoff.
 */
export function useLiveVideo(cameraId: string, enabled: boolean): LiveVideo {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const [mode, setMode] = useState<LiveMode>('snapshot');
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    setMode('snapshot');
    if (!enabled) {
      setNote('Live video is off');
      return;
    }
    const controller = new AbortController();
    const { signal } = controller;

    const play = (method: LiveMode, options: LiveOptionsDto): Promise<LiveSession> | null => {
      const video = videoRef.current;
      const canvas = canvasRef.current;
      if (method === 'webrtc' && video) return startWebRtc(video, cameraId, WEBRTC_START_MS, signal);
      if (method === 'jsmpeg' && canvas && options.jsmpeg) return startJsmpeg(canvas, options.jsmpeg, JSMPEG_START_MS, signal);
      return null;
    };

    void (async () => {
      for (let attempt = 0; !signal.aborted; ) {
        setNote('Starting live video…');
        let options: LiveOptionsDto | null = null;
        let problem: string | null = null;
        try {
          options = await api.get<LiveOptionsDto>(`/api/cameras/${encodeURIComponent(cameraId)}/live`);
          problem = options.unavailable;
        } catch (error) {
          problem = errorText(error);
        }
        for (const method of liveMethods(options, webRtcSupported())) {
          if (signal.aborted || !options) break;
          const starting = play(method, options);
          if (!starting) continue;
          try {
            const session = await starting;
            attempt = 0;
            setMode(method);
            setNote(null);
            await session.ended;
            session.close();
            problem = 'The live stream stopped';
            break;
          } catch (error) {
            problem = `${method === 'webrtc' ? 'WebRTC' : 'JSMpeg'}: ${errorText(error)}`;
          }
        }
        if (signal.aborted) return;
        setMode('snapshot');
        setNote(problem ?? 'No live video');
        await sleep(backoffDelay(attempt++, { initialMs: 3000, maxMs: 60_000, factor: 2, jitter: 0.3 }), signal);
      }
    })();
    return () => controller.abort();
  }, [cameraId, enabled]);

  return { mode, note, videoRef, canvasRef };
}
