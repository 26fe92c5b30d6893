import type { Camera, CameraStatus, Frame, Zone } from '../domain/index.js';
import type { ReasonerHealthDto, ReasoningDto, RuleErrorInfo, RulePackInfo, SystemDto } from '../contracts/index.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { AlertWithHistory, Store, TransitionInput } from '../store/ports.js';

/** The running fleet: cameras from vigil.yaml plus those added through the API. */
export interface CameraFleet {
  list(): Camera[];
  status(id: string): CameraStatus | null;
  latestFrame(id: string): Frame | null;
  /** Persists through the store and starts ingest; VigilError('conflict') for an id in use (vigil.yaml included). */
  add(camera: Camera): Promise<Camera>;
  /** vigil.yaml cameras are read-only: VigilError('forbidden'). */
  update(camera: Camera): Promise<Camera>;
  remove(id: string): Promise<void>;
  /** Replaces a camera's zones; allowed for vigil.yaml cameras too (kept in the database). */
  setZones(id: string, zones: Zone[]): Promise<Camera>;
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
  version: string;
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
}
