/** A point in normalised image coordinates: x right, y down, both 0–1. */
export type Point = readonly [number, number];

export interface Zone {
  id: string;
  name: string;
  polygon: Point[];
}

/** A region blurred in everything Vigil stores or shows of a camera: frames, clips and the live view. */
export interface PrivacyMask {
  id: string;
  name: string;
  polygon: Point[];
}

export interface CameraLocation {
  map: string;
  x: number;
  y: number;
}

export interface SampleSettings {
  fps: number;
  maxSide: number;
}

export type RtspTransport = 'tcp' | 'udp';

export interface Camera {
  id: string;
  name: string;
  /** May hold credentials: never log, expose or emit it; use redactUrl(). */
  url: string;
  sample: SampleSettings;
  zones: Zone[];
  /** Privacy masks; none when absent. */
  masks?: PrivacyMask[];
  location?: CameraLocation;
  rtspTransport: RtspTransport;
  enabled: boolean;
  /** Where the camera came from: the site file, or the API (stored in Postgres). */
  source: 'config' | 'api';
}

export type CameraState = 'starting' | 'online' | 'degraded' | 'offline';

export interface CameraStatus {
  cameraId: string;
  state: CameraState;
  /** Human-readable and free of credentials. */
  reason: string;
  since: number;
  fps: number;
  restarts: number;
  lastFrameAt: number | null;
}
