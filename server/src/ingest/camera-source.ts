import { redactUrl, VigilError, type Camera, type RtspTransport } from '../domain/index.js';
import { parseSimUrl, type SimSource } from './sim-url.js';

/** Where one camera's ffmpeg reads from. */
export type CameraSource =
  | { kind: 'rtsp'; url: string; transport: RtspTransport }
  | { kind: 'file'; path: string }
  | ({ kind: 'sim' } & SimSource)
  /** Pushed to Vigil over WebRTC (WHIP); ffmpeg reads the RTP Vigil forwards to it. */
  | { kind: 'whip'; name: string };

/** Interprets a camera URL for ffmpeg; throws VigilError('invalid_config') for what ffmpeg ingest cannot read. */
export function parseCameraSource(camera: Pick<Camera, 'url' | 'rtspTransport'>): CameraSource {
  const url = camera.url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'rtsp':
    case 'rtsps':
      return { kind: 'rtsp', url, transport: camera.rtspTransport };
    case 'file': {
      const path = url.slice('file://'.length);
      if (path.length === 0) throw new VigilError('invalid_config', 'file:// camera URL has no path');
      return { kind: 'file', path };
    }
    case 'sim':
      return { kind: 'sim', ...parseSimUrl(url) };
    case 'whip': {
      const name = url.slice('whip://'.length);
      if (name.length === 0) throw new VigilError('invalid_config', 'whip:// camera URL has no name');
      return { kind: 'whip', name };
    }
    default:
      throw new VigilError('invalid_config', `unsupported camera URL ${redactUrl(url)}: use rtsp://, rtsps://, file://, sim:// or whip://`);
  }
}
