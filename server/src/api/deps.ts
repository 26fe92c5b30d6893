import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Camera, CameraStatus, Frame, Zone } from '../domain/index.js';
import type { DiskHealthDto, ReasonerHealthDto, ReasoningDto, RobotEventBody, RobotEventReplyDto, RuleErrorInfo, RulePackInfo, SystemDto } from '../contracts/index.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { PasswordHasher, SetupGate, TrustedProxy } from '../auth/index.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { DeliveryLog } from '../notify/delivery-log.js';
import type { AlertWithHistory, Store, TransitionInput } from '../store/ports.js';

/** The running fleet: cameras from vigil.yaml plus those added through the API. */
export interface CameraFleet {
  list(): Camera[];
  status(id: string): CameraStatus | null;
  latestFrame(id: string): Frame | null;
  /** `actor` (who made the change, for the audit log) is `system` when absent. */
  /** Persists through the store and starts ingest; VigilError('conflict') for an id in use (vigil.yaml included). */
  add(camera: Camera, actor?: string): Promise<Camera>;
  /** vigil.yaml cameras are read-only: VigilError('forbidden'). */
  update(camera: Camera, actor?: string): Promise<Camera>;
  remove(id: string, actor?: string): Promise<void>;
  /** Replaces a camera's zones; allowed for vigil.yaml cameras too (kept in the database). */
  setZones(id: string, zones: Zone[], actor?: string): Promise<Camera>;
}

export interface AlertActions {
  /** The lifecycle transition, its live event and its outbox rows. */
  act(input: TransitionInput): Promise<AlertWithHistory>;
}

export interface RuleCatalog {
  packs(): RulePackInfo[];
  validate(file: string, text: string): { ok: boolean; errors: RuleErrorInfo[] };
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  cameras: { online: number; total: number };
  database: 'pglite' | 'postgres';
  reasoner: ReasonerHealthDto;
  /** Free space under DATA_DIR; a low disk makes the status degraded. */
  disk?: DiskHealthDto | null;
  version: string;
}

/** Live video of the cameras: the camera's H.264 relayed over WebRTC, MPEG-1 over WebSocket for JSMpeg. */
export interface LiveVideo {
  /** Ready once the camera's live copy has shown H.264 with its parameter sets and a keyframe. */
  availability(cameraId: string): { ready: true } | { ready: false; problem: 'waiting' | 'unsupported'; reason: string };
  /**
   * The SDP answer (ICE gathered) for a viewer's offer. VigilError: invalid_input (a bad offer), conflict (the
   * camera's video is not H.264), unavailable (no live video yet, or the camera has all the viewers it takes).
   */
  answerWebRtc(cameraId: string, offerSdp: string): Promise<string>;
  /** Takes over an upgrade the API has authorised; throws the same VigilErrors first where it would refuse. */
  acceptJsmpeg(cameraId: string, request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Disconnects every viewer (the HTTP server is closing). */
  disconnectAll(): Promise<void>;
}

/** Patrol robots reporting on their missions (notify/robot-service.ts). */
export interface RobotEvents {
  /** The robot channel's own token, never the API token. */
  authenticate(robotId: string, token: string | null): 'ok' | 'unknown_robot' | 'bad_token';
  report(robotId: string, body: RobotEventBody): Promise<RobotEventReplyDto>;
}

/** Everything the HTTP API and the live gateway need; main.ts provides it. */
export interface ApiDeps {
  store: Store;
  /** Evidence paths in Evidence rows are relative to it. */
  dataDir: string;
  apiToken: string;
  metrics: Metrics;
  logger: Logger;
  cameras: CameraFleet;
  alerts: AlertActions;
  rules: RuleCatalog;
  health(): HealthReport;
  /** The hazard reasoner, its counters and its latest windows. */
  reasoning(): ReasoningDto;
  /** What the System page shows: reasoner, stage latencies, camera rates. */
  system(): SystemDto;
  /** Shown on the status page; "Vigil" when absent. */
  siteName?: string;
  /** The built dashboard (web/dist); the plain status page is served at `/` when it is absent or not built. */
  webDir?: string;
  /** Live video; absent: the dashboard is told live video is off. */
  liveVideo?: LiveVideo;
  /** Each alert's deliveries and their tries; read from the store when absent. */
  deliveries?: DeliveryLog;
  /** Patrol robots; absent: every robot is unknown (404). */
  robots?: RobotEvents;
  /** Where people reach this Vigil (site.publicUrl), for absolute links; the request's origin when absent. */
  publicUrl?: string;
  /** The audit log of every change; absent: changes are not audited (tests of other parts). */
  audit?: AuditLog;
  /** WebRTC ingest (WHIP); absent: publishers are refused (503). */
  whip?: WhipPublishers;
  /** Users' sign-in: the first admin's setup code, the trusted auth proxy; absent: neither. */
  access?: AccessOptions;
}

/** How people sign in besides API tokens (auth/). */
export interface AccessOptions {
  /** The one-time setup code printed at first start; absent: `POST /api/auth/setup` answers 409. */
  setup?: SetupGate;
  /** vigil.yaml `auth.proxy`; absent: proxy headers are ignored. */
  proxy?: TrustedProxy;
  /** argon2id by default. */
  hasher?: PasswordHasher;
  /** Clock for sessions, tokens and the sign-in rate limit. */
  now?: () => number;
}

/** WHIP publishers of pushed (whip://) cameras (ingest/webrtc). */
export interface WhipPublishers {
  /** The answer for a publisher's offer; VigilError('invalid_input') names what is wrong with the offer. */
  publish(cameraId: string, offerSdp: string): Promise<{ sessionId: string; answerSdp: string; etag: string }>;
  end(cameraId: string, sessionId: string): Promise<void>;
  /** Trickled candidates (an application/trickle-ice-sdpfrag body). */
  trickle(cameraId: string, sessionId: string, fragment: string, ifMatch: string | undefined): Promise<void>;
  /** `Link` header values naming the STUN/TURN servers publishers may use. */
  iceLinks: string[];
}
