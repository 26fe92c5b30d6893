import { useCallback, useEffect, useRef, useState } from 'react';
import type { VideoCodecChoice } from '../lib/codec-preference.js';
import type { PublishState, Resolution } from '../lib/whip-publish.js';
import { holdScreenAwake, openCamera } from './media-devices.adapter.js';
import { publishToWhip, type PublishSession } from './whip-publisher.adapter.js';

export interface PublishRequest {
  cameraId: string;
  /** null: the back camera on a phone, the default camera elsewhere. */
  deviceId: string | null;
  resolution: Resolution;
  codec: VideoCodecChoice;
}

export interface Publisher {
  state: PublishState;
  /** Why publishing failed (the server's message verbatim when it sent one), or a note after stopping. */
  message: string | null;
  /** The camera being sent, for the local preview. */
  stream: MediaStream | null;
  /** What is being sent, e.g. "H264 · 640 × 360", once connected. */
  sending: string | null;
  /** The camera this session publishes to. */
  cameraId: string | null;
  start(request: PublishRequest): void;
  stop(): void;
}

function describeSending(codec: string | null, stream: MediaStream): string | null {
  const settings = stream.getVideoTracks()[0]?.getSettings();
  const size = settings?.width && settings.height ? `${settings.width} × ${settings.height}` : null;
  return [codec, size].filter(Boolean).join(' · ') || null;
}

/** One publishing session at a time from this page: camera, WHIP connection, and their end (Stop, failure, leaving). */
export function usePublisher(): Publisher {
  const [state, setState] = useState<PublishState>('idle');
  const [message, setMessage] = useState<string | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  const [cameraId, setCameraId] = useState<string | null>(null);
  const attempt = useRef<{ controller: AbortController; session: PublishSession | null; stream: MediaStream | null; release: () => void } | null>(null);

  /** Ends the current attempt, whatever stage it reached; `keepalive` when the page is going away. */
  const end = useCallback(async (options: { keepalive?: boolean } = {}): Promise<string | null> => {
    const current = attempt.current;
    if (!current) return null;
    attempt.current = null;
    current.controller.abort();
    current.release();
    if (current.session) return current.session.stop(options);
    for (const track of current.stream?.getTracks() ?? []) track.stop();
    return null;
  }, []);

  const start = useCallback(
    (request: PublishRequest) => {
      if (attempt.current) return;
      const current = { controller: new AbortController(), session: null as PublishSession | null, stream: null as MediaStream | null, release: () => {} };
      attempt.current = current;
      const { signal } = current.controller;
      const fail = (reason: string) => {
        void end().then(() => {
          setStream(null);
          setSending(null);
          setMessage(reason);
          setState('failed');
        });
      };
      setState('starting');
      setMessage(null);
      setSending(null);
      setCameraId(request.cameraId);
      void (async () => {
        try {
          const opened = await openCamera(request.deviceId, request.resolution);
          current.stream = opened;
          if (signal.aborted) return void opened.getTracks().forEach((t) => t.stop());
          setStream(opened);
          setState('connecting');
          current.session = await publishToWhip(
            opened,
            request.cameraId,
            request.codec,
            {
              onConnectionState: (connection) => {
                if (attempt.current !== current) return;
                if (connection === 'connected') {
                  setState('publishing');
                  setSending(describeSending(current.session?.codec ?? null, opened));
                } else if (connection === 'disconnected' || connection === 'connecting') {
                  setState('connecting');
                }
              },
              onEnded: (reason) => attempt.current === current && fail(reason),
            },
            signal,
          );
          if (signal.aborted) return void current.session.stop();
          current.release = await holdScreenAwake();
          if (attempt.current !== current) current.release();
        } catch (error) {
          if (!signal.aborted && attempt.current === current) fail((error as Error).message);
        }
      })();
    },
    [end],
  );

  const stop = useCallback(() => {
    if (!attempt.current) return;
    setState('stopping');
    void end().then((problem) => {
      setStream(null);
      setSending(null);
      setMessage(problem);
      setState('stopped');
    });
  }, [end]);

  useEffect(() => {
    // Closing the tab, reloading or leaving the page ends the session on Vigil too.
    const onPageHide = () => void end({ keepalive: true });
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      void end({ keepalive: true });
    };
  }, [end]);

  return { state, message, stream, sending, cameraId, start, stop };
}
