import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { reasonerHealthDto, reasoningDto } from '../../server/src/pipeline/reasoning-report.js';
import { buildApp, type AccessOptions, type ApiDeps, type CameraFleet, type VigilApp } from '../../server/src/api/index.js';
import type { AuditLog } from '../../server/src/audit/audit-log.js';
import type { RuleErrorInfo, RulePackInfo } from '../../server/src/contracts/index.js';
import { notFound, VigilError, type Alert, type Camera, type CameraStatus, type Frame, type Zone } from '../../server/src/domain/index.js';
import { silentLogger, type Logger } from '../../server/src/observability/logger.js';
import { createMetrics, type Metrics } from '../../server/src/observability/metrics.js';
import { createStore } from '../../server/src/store/create-store.js';
import type { AlertWithHistory, EvidenceInput, Store } from '../../server/src/store/ports.js';
import type { LiveGateway } from '../../server/src/live/index.js';
import { makeAlert as makeStoredAlert } from '../store/fixtures.js';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

/** The running fleet as main.ts builds it: config cameras in memory, API cameras through the store. */
export class InProcessFleet implements CameraFleet {
  readonly statuses = new Map<string, CameraStatus>();
  readonly frames = new Map<string, Frame>();
  #apiCameras: Camera[] = [];

  constructor(
    private readonly store: Store,
    private readonly configCameras: Camera[],
  ) {}

  async load(): Promise<void> {
    this.#apiCameras = await this.store.cameras.list();
  }

  list(): Camera[] {
    return [...this.configCameras, ...this.#apiCameras];
  }
  status(id: string): CameraStatus | null {
    return this.statuses.get(id) ?? null;
  }
  latestFrame(id: string): Frame | null {
    return this.frames.get(id) ?? null;
  }
  async add(camera: Camera): Promise<Camera> {
    if (this.configCameras.some((c) => c.id === camera.id)) throw new VigilError('conflict', `camera ${camera.id} exists in vigil.yaml`);
    const added = await this.store.cameras.insert(camera);
    this.#apiCameras.push(added);
    return added;
  }
  async update(camera: Camera): Promise<Camera> {
    this.#refuseConfig(camera.id);
    const updated = await this.store.cameras.update(camera);
    this.#apiCameras = this.#apiCameras.map((c) => (c.id === updated.id ? updated : c));
    return updated;
  }
  async remove(id: string): Promise<void> {
    this.#refuseConfig(id);
    if (!(await this.store.cameras.remove(id))) throw notFound('camera', id);
    this.#apiCameras = this.#apiCameras.filter((c) => c.id !== id);
  }
  async setZones(id: string, zones: Zone[]): Promise<Camera> {
    const config = this.configCameras.findIndex((c) => c.id === id);
    if (config >= 0) {
      await this.store.cameras.saveZoneOverride(id, zones);
      this.configCameras[config] = { ...this.configCameras[config]!, zones };
      return this.configCameras[config]!;
    }
    const camera = this.#apiCameras.find((c) => c.id === id);
    if (!camera) throw notFound('camera', id);
    return this.update({ ...camera, zones });
  }
  #refuseConfig(id: string): void {
    if (this.configCameras.some((c) => c.id === id)) throw new VigilError('forbidden', `camera ${id} comes from vigil.yaml`);
  }
}

/** `/healthz`, `/api/reasoning` and `/api/system` of a test server: no reasoner, cameras as the fleet reports them. */
export function statusDeps(store: Store, fleet: Pick<CameraFleet, 'list' | 'status'>): Pick<ApiDeps, 'health' | 'reasoning' | 'system'> {
  const cameras = () =>
    fleet.list().map((c) => ({ cameraId: c.id, name: c.name, state: fleet.status(c.id)?.state ?? 'offline', fps: fleet.status(c.id)?.fps ?? 0 }));
  return {
    health: () => ({
      status: 'ok',
      cameras: { online: cameras().filter((c) => c.state === 'online').length, total: fleet.list().length },
      database: store.kind,
      reasoner: reasonerHealthDto(null),
      version: '0.1.0-test',
    }),
    reasoning: () => reasoningDto(null, []),
    system: () => ({
      version: '0.1.0-test',
      uptimeSeconds: 1,
      database: store.kind,
      reasoner: reasonerHealthDto(null),
      stages: [],
      cameras: cameras(),
      alertsActive: 0,
    }),
  };
}

/** A small rules catalog: YAML syntax errors with their place, and a required top-level `rules` list. */
export function yamlRuleCatalog(packs: RulePackInfo[]): ApiDeps['rules'] {
  return {
    packs: () => packs,
    validate(file, text) {
      const doc = parseDocument(text, { prettyErrors: true });
      const errors: RuleErrorInfo[] = doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0].line ?? 1,
        column: e.linePos?.[0].col ?? 1,
        message: e.message.split('\n')[0] ?? e.message,
      }));
      if (errors.length === 0 && !Array.isArray((doc.toJS() as { rules?: unknown } | null)?.rules)) {
        errors.push({ file, line: 1, column: 1, message: 'a rule pack needs a top-level "rules" list' });
      }
      return { ok: errors.length === 0, errors };
    },
  };
}

export interface TestApp {
  app: VigilApp;
  baseUrl: string;
  store: Store;
  fleet: InProcessFleet;
  metrics: Metrics;
  dataDir: string;
  live: LiveGateway;
  /** fetch against the app with the bearer token unless `token: null`. */
  request(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  configCameras?: Camera[];
  packs?: RulePackInfo[];
  siteName?: string;
  logger?: Logger;
  /** A built dashboard folder to serve at `/`. */
  webDir?: string;
  /** Setup code, trusted proxy, password hasher. */
  access?: AccessOptions;
  audit?: AuditLog;
  /** A store to serve (closed with the app); an in-memory PGlite one otherwise. */
  store?: Store;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-api-'));
  const store = options.store ?? (await createStore({ dataDir, inMemory: true }));
  const fleet = new InProcessFleet(store, options.configCameras ?? []);
  await fleet.load();
  const metrics = createMetrics();
  let live: LiveGateway | undefined;
  const deps: ApiDeps = {
    store,
    dataDir,
    apiToken: TEST_TOKEN,
    metrics,
    logger: options.logger ?? silentLogger(),
    cameras: fleet,
    alerts: {
      async act(input) {
        const result = await store.alerts.transition(input, []);
        live?.alertUpdated(result);
        return result;
      },
    },
    rules: yamlRuleCatalog(options.packs ?? []),
    ...statusDeps(store, fleet),
    siteName: options.siteName ?? 'Test plant',
    ...(options.webDir ? { webDir: options.webDir } : {}),
    ...(options.access ? { access: options.access } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
  };
  const app = await buildApp(deps);
  live = app.live;
  const { port } = await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    baseUrl,
    store,
    fleet,
    metrics,
    dataDir,
    live: app.live,
    request(path, init = {}) {
      const { token = TEST_TOKEN, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== null) headers.set('authorization', `Bearer ${token}`);
      return fetch(`${baseUrl}${path}`, { ...rest, headers });
    },
    async close() {
      await app.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** An alert starting now, dashboard only, as the API tests list and act on it. */
export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  return makeStoredAlert({ startedAt: Date.now(), details: {}, notify: ['dashboard'], ...overrides });
}

export function openAlert(store: Store, alert: Alert, evidence: EvidenceInput[] = []): Promise<AlertWithHistory> {
  return store.alerts.open({ alert, evidence, outbox: [], actor: 'rules' });
}

export function makeCamera(overrides: Partial<Camera> = {}): Camera {
  return {
    id: 'dock-1',
    name: 'Loading dock 1',
    url: 'rtsp://viewer:dock-pass-123@10.0.0.5:554/stream1',
    sample: { fps: 2, maxSide: 640 },
    zones: [{ id: 'dock-edge', name: 'Dock edge', polygon: [[0.1, 0.6], [0.9, 0.6], [0.9, 1], [0.1, 1]] }],
    rtspTransport: 'tcp',
    enabled: true,
    source: 'config',
    ...overrides,
  };
}
