import { VigilError, type Camera, type CameraStatus, type Frame, type GrayFrame, type Segment, type Zone } from '../domain/index.js';
import type { CameraIngest, CameraIngestOptions } from '../ingest/index.js';
import type { AuditLog } from '../audit/audit-log.js';
import { recordAudit, SYSTEM_AUDIT_ACTOR } from '../audit/audit-service.js';
import type { Logger } from '../observability/logger.js';
import type { CameraRepository } from '../store/ports.js';
import { cameraAuditDetails, changedCameraFields } from './camera-audit.js';

/** What happens to each camera's output; the pipeline provides it. */
export interface FleetHandlers {
  onFrame(frame: Frame): void;
  onGray(gray: GrayFrame): void;
  onSegment(segment: Segment): void;
  onStatus(status: CameraStatus): void;
  /** The set of cameras (or a camera's zones) changed: rules and gates follow. */
  onCamerasChanged(cameras: Camera[]): void;
  /** A camera stopped for good (removed or disabled). */
  onCameraRemoved(cameraId: string): void;
}

export type StartIngest = (camera: Camera, handlers: Omit<FleetHandlers, 'onCamerasChanged' | 'onCameraRemoved'>) => CameraIngest;

/**
 * The running cameras: those from vigil.yaml (read-only) and those added through the API (stored).
 * One ingest per enabled camera.
 */
export class CameraFleet {
  readonly #cameras = new Map<string, Camera>();
  readonly #ingests = new Map<string, CameraIngest>();

  constructor(
    private readonly deps: {
      configCameras: Camera[];
      repository: CameraRepository;
      startIngest: StartIngest;
      handlers: FleetHandlers;
      /** Camera and zone changes are recorded here, by the actor each change names (`system` by default). */
      audit?: AuditLog;
      logger?: Logger;
    },
  ) {}

  async start(): Promise<void> {
    const overrides = await this.deps.repository.zoneOverrides();
    for (const camera of this.deps.configCameras) {
      const zones = overrides.get(camera.id);
      this.#cameras.set(camera.id, zones ? { ...camera, zones } : camera);
    }
    for (const stored of await this.deps.repository.list()) {
      // A vigil.yaml camera wins over a stored one with the same id (the file is the operator's word).
      if (!this.#cameras.has(stored.id)) this.#cameras.set(stored.id, stored);
    }
    this.deps.handlers.onCamerasChanged(this.list());
    for (const camera of this.#cameras.values()) if (camera.enabled) this.#startIngest(camera);
  }

  list(): Camera[] {
    return [...this.#cameras.values()];
  }

  get(id: string): Camera | null {
    return this.#cameras.get(id) ?? null;
  }

  ingest(id: string): CameraIngest | null {
    return this.#ingests.get(id) ?? null;
  }

  status(id: string): CameraStatus | null {
    const camera = this.#cameras.get(id);
    if (!camera) return null;
    const ingest = this.#ingests.get(id);
    if (ingest) return ingest.status();
    return { cameraId: id, state: 'offline', reason: 'disabled', since: 0, fps: 0, restarts: 0, lastFrameAt: null };
  }

  statuses(): CameraStatus[] {
    return this.list().map((camera) => this.status(camera.id) as CameraStatus);
  }

  latestFrame(id: string): Frame | null {
    return this.#ingests.get(id)?.latestFrame() ?? null;
  }

  async add(camera: Camera, actor = SYSTEM_AUDIT_ACTOR): Promise<Camera> {
    if (this.#cameras.has(camera.id)) throw new VigilError('conflict', `camera ${camera.id} already exists`);
    const stored = await this.deps.repository.insert({ ...camera, source: 'api' });
    this.#cameras.set(stored.id, stored);
    await this.#audit(actor, 'camera.add', stored.id, cameraAuditDetails(stored));
    this.deps.handlers.onCamerasChanged(this.list());
    if (stored.enabled) this.#startIngest(stored);
    return stored;
  }

  async update(camera: Camera, actor = SYSTEM_AUDIT_ACTOR): Promise<Camera> {
    const current = this.#requireApiCamera(camera.id);
    const stored = await this.deps.repository.update({ ...camera, source: 'api' });
    this.#cameras.set(stored.id, stored);
    await this.#audit(actor, 'camera.update', stored.id, { ...cameraAuditDetails(stored), changed: changedCameraFields(current, stored) });
    this.deps.handlers.onCamerasChanged(this.list());
    const streamChanged =
      current.url !== stored.url ||
      current.rtspTransport !== stored.rtspTransport ||
      current.enabled !== stored.enabled ||
      current.sample.fps !== stored.sample.fps ||
      current.sample.maxSide !== stored.sample.maxSide ||
      JSON.stringify(current.masks ?? []) !== JSON.stringify(stored.masks ?? []);
    if (streamChanged) {
      await this.#stopIngest(stored.id);
      if (stored.enabled) this.#startIngest(stored);
      else this.deps.handlers.onCameraRemoved(stored.id);
    }
    return stored;
  }

  /**
   * Replaces a camera's zones. A vigil.yaml camera keeps its zones in the database, overriding the file's, so
   * zones drawn on the dashboard survive a restart; the stream is not interrupted.
   */
  async setZones(id: string, zones: Zone[], actor = SYSTEM_AUDIT_ACTOR): Promise<Camera> {
    const camera = this.#cameras.get(id);
    if (!camera) throw new VigilError('not_found', `camera ${id} not found`);
    let updated: Camera;
    if (camera.source === 'config') {
      await this.deps.repository.saveZoneOverride(id, zones);
      updated = { ...camera, zones };
    } else {
      updated = await this.deps.repository.update({ ...camera, zones });
    }
    this.#cameras.set(id, updated);
    await this.#audit(actor, 'zone.update', id, { before: camera.zones.map((zone) => zone.id), after: zones.map((zone) => zone.id), source: camera.source });
    this.deps.handlers.onCamerasChanged(this.list());
    return updated;
  }

  async remove(id: string, actor = SYSTEM_AUDIT_ACTOR): Promise<void> {
    const camera = this.#requireApiCamera(id);
    await this.deps.repository.remove(id);
    this.#cameras.delete(id);
    await this.#audit(actor, 'camera.remove', id, cameraAuditDetails(camera));
    await this.#stopIngest(id);
    this.deps.handlers.onCameraRemoved(id);
    this.deps.handlers.onCamerasChanged(this.list());
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#ingests.keys()].map((id) => this.#stopIngest(id)));
  }

  #audit(actor: string, action: string, cameraId: string, details: Record<string, unknown>): Promise<void> {
    if (!this.deps.audit || !this.deps.logger) return Promise.resolve();
    return recordAudit(this.deps.audit, { actor, action, targetType: 'camera', targetId: cameraId, details }, this.deps.logger);
  }

  #requireApiCamera(id: string): Camera {
    const camera = this.#cameras.get(id);
    if (!camera) throw new VigilError('not_found', `camera ${id} not found`);
    if (camera.source === 'config') {
      throw new VigilError('forbidden', `camera ${id} is defined in vigil.yaml; change it there`);
    }
    return camera;
  }

  #startIngest(camera: Camera): void {
    const { onFrame, onGray, onSegment, onStatus } = this.deps.handlers;
    const ingest = this.deps.startIngest(camera, { onFrame, onGray, onSegment, onStatus });
    this.#ingests.set(camera.id, ingest);
    ingest.start();
  }

  async #stopIngest(id: string): Promise<void> {
    const ingest = this.#ingests.get(id);
    if (!ingest) return;
    this.#ingests.delete(id);
    await ingest.stop();
  }
}

export type { CameraIngestOptions };
